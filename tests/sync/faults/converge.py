"""The check every fault test ends with: the desk and central agree, nothing lost and nothing doubled.

- Every ticket event and usage event the desk holds is at central exactly once (by uuid), and central holds no other
  event of the desk's site: the counts are equal.
- The desk has nothing left to push: central acknowledged its whole outbox.
- The desk's catalogue equals central's, row by row in every catalogue table (offers with their translations,
  organisations, sites and closures, services, counters with their services, terminals, staff accounts), leaving
  out the columns each place keeps for itself (`kiosk.sync.changelog.LOCAL`), and its cursor is central's latest
  revision.

It reads both databases with plain SQLAlchemy Core through the models' tables, so each column's type (UTC times,
JSON) reads the same from SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from kiosk.extensions import db
from kiosk.offers.models import OfferTranslation
from kiosk.queue.models import TicketEvent, counter_service
from kiosk.sync.changelog import KINDS, LOCAL
from kiosk.sync.models import DeskSync, Outbox, SyncChange, SyncState
from kiosk.usage.models import UsageEvent

# Each catalogue table and the columns that do not travel; the child tables travel with their parent record.
CATALOGUE = {model.__table__.name: LOCAL.get(kind, frozenset()) for model, kind in KINDS.items()} | {
    OfferTranslation.__table__.name: frozenset(), counter_service.name: frozenset()}
EVENTS = (TicketEvent.__table__, UsageEvent.__table__)
SHOWN = 5  # differences shown per table


def _rows(conn, name: str, skip: frozenset[str]) -> dict[tuple, dict]:
    table = db.metadata.tables[name]
    columns = [column for column in table.columns if column.name not in skip]
    key = [column.name for column in table.primary_key.columns]
    rows = conn.execute(sa.select(*columns)).mappings()
    return {tuple(row[name] for name in key): {name: _plain(value) for name, value in row.items()} for row in rows}


def _plain(value):
    """A moment as aware UTC: SQLite keeps a `DateTime(timezone=True)` column's UTC time without its zone."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def catalogue_differences(central, desk) -> list[str]:
    """Return, table by table, the rows missing at the desk, left at the desk, or different."""
    found = []
    for name, skip in sorted(CATALOGUE.items()):
        at_central, at_desk = _rows(central, name, skip), _rows(desk, name, skip)
        missing = sorted(set(at_central) - set(at_desk))
        extra = sorted(set(at_desk) - set(at_central))
        changed = sorted(key for key in set(at_central) & set(at_desk) if at_central[key] != at_desk[key])
        if missing:
            found.append(f"{name}: {len(missing)} rows missing at the desk, e.g. {missing[:SHOWN]}")
        if extra:
            found.append(f"{name}: {len(extra)} rows at the desk that central has not, e.g. {extra[:SHOWN]}")
        for key in changed[:SHOWN]:
            columns = {column: (at_central[key][column], at_desk[key][column]) for column in at_central[key]
                       if at_central[key][column] != at_desk[key][column]}
            found.append(f"{name} {key}: (central, desk) differ in {columns}")
    return found


def latest_revision(central) -> int:
    """Central's latest catalogue revision: the newest change kept, or a newer tombstone dropped for age."""
    kept = central.scalar(sa.select(sa.func.max(SyncChange.revision))) or 0
    pruned = central.scalar(sa.select(SyncState.pruned_through).where(SyncState.id == 1)) or 0
    return max(kept, pruned)


def event_differences(central, desk, site: str) -> list[str]:
    """Return what is wrong with the desk's events at central: missing, doubled, or unknown to the desk."""
    found = []
    for table in EVENTS:
        mine = set(desk.scalars(sa.select(table.c.uuid)))
        counted = dict(central.execute(sa.select(table.c.uuid, sa.func.count())
                                       .where(table.c.site == site).group_by(table.c.uuid)).all())
        missing = mine - set(counted)
        doubled = {uuid for uuid, count in counted.items() if count != 1}
        unknown = set(counted) - mine
        if missing:
            found.append(f"{table.name}: {len(missing)} of the desk's {len(mine)} events are not at central")
        if doubled:
            found.append(f"{table.name}: {len(doubled)} events are at central more than once")
        if unknown:
            found.append(f"{table.name}: central holds {len(unknown)} events of {site} the desk does not")
        if sum(counted.values()) != len(mine):
            found.append(f"{table.name}: the desk holds {len(mine)} events, central {sum(counted.values())} of {site}")
    return found


def desk_site(desk) -> str:
    """The desk's own site, as its configuration names it: the site of its outbox's events or of its tickets."""
    return desk.scalar(sa.text("SELECT site FROM ticket_event UNION SELECT site FROM usage_event LIMIT 1")) or ""


def assert_converged(central_url_db: str, desk_db_path: Path | str, site: str | None = None) -> None:
    """Fail, saying every difference, unless the desk and central agree on events and catalogue."""
    central_engine = sa.create_engine(central_url_db)
    desk_engine = sa.create_engine(f"sqlite:///{desk_db_path}")
    try:
        with central_engine.connect() as central, desk_engine.connect() as desk:
            problems = catalogue_differences(central, desk)
            site = site or desk_site(desk)
            if site:
                problems += event_differences(central, desk, site)
            latest = latest_revision(central)
            cursor = desk.scalar(sa.select(DeskSync.revision).where(DeskSync.id == 1))
            if cursor != latest:
                problems.append(f"the desk's cursor is {cursor}, central's latest revision {latest}")
            owed = desk.scalar(sa.select(sa.func.max(Outbox.seq))) or 0
            pushed = desk.scalar(sa.select(DeskSync.pushed_through).where(DeskSync.id == 1)) or 0
            if owed > pushed:
                problems.append(f"the desk's outbox runs to {owed}, central acknowledged {pushed}")
    finally:
        central_engine.dispose()
        desk_engine.dispose()
    assert not problems, "the desk and central disagree:\n  " + "\n  ".join(problems)
