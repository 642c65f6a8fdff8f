"""The catalogue's change log at central: every flush that changes a catalogue record gives it a new revision.

A SQLAlchemy `after_flush` hook records the changes, so no writer can forget to. Revisions become visible in order:
on PostgreSQL a catalogue-writing transaction takes a transaction-level advisory lock before drawing from the
sequence, so the transactions that draw revisions commit one after the other, in the order they drew them; SQLite
serialises writers by itself.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.glossary.models import GlossaryTerm
from kiosk.network.models import Organisation, Site, SiteClosure
from kiosk.offers.models import Offer, OfferTranslation
from kiosk.queue.models import Counter, Service
from kiosk.staff.models import User
from kiosk.sync.models import SyncChange, SyncState
from kiosk.terminal.models import Terminal

KINDS = {Offer: "offer", Organisation: "organisation", Site: "site", SiteClosure: "site_closure",
         Service: "service", Counter: "counter", Terminal: "terminal", User: "user", GlossaryTerm: "glossary_term"}
MODELS = {kind: model for model, kind in KINDS.items()}
# Kinds whose first records every server gets from a migration (the same ids everywhere), never through the change
# log: a desk's full copy keeps those central does not list. Their records are deactivated, never deleted.
SEEDED = frozenset({"glossary_term"})
# Columns each place keeps for itself: who sits at a counter now, when a screen or a person was last seen. They are
# not sent to the desks, and a change to them alone is not a catalogue change.
LOCAL = {
    "counter": frozenset({"staffed_by_id", "opened_at", "paused_at", "pause_reason"}),
    # A kiosk enrols at its desk's server: the key its browser carries, and when it enrolled, are the desk's.
    "terminal": frozenset({"last_seen_at", "key_hash", "enrolled_at"}),
    "user": frozenset({"last_login_at"}),
}
LOCK_KEY = 0x6B696F736B73796E  # "kiosksyn": the advisory lock that serialises catalogue-writing transactions
DEFAULT_TOMBSTONE_DAYS = 30
UPSERT, DELETE = "upsert", "delete"


def _key(instance) -> tuple[str, int] | None:
    """Return the (kind, id) of the catalogue record an instance is or belongs to, or None."""
    if isinstance(instance, OfferTranslation):
        return ("offer", instance.offer_id) if instance.offer_id is not None else None
    kind = KINDS.get(type(instance))
    return (kind, instance.id) if kind is not None and instance.id is not None else None


def _changed(instance) -> bool:
    """Say whether a dirty instance changed any attribute that travels to the desks."""
    local = LOCAL.get(KINDS.get(type(instance), ""), frozenset())
    state = inspect(instance)
    return any(attr.key not in local and attr.history.has_changes() for attr in state.attrs)


def changes_in(session: Session) -> dict[tuple[str, int], str]:
    """Return the catalogue records a flush writes, with upsert or delete; a deleted record's delete wins."""
    found: dict[tuple[str, int], str] = {}
    for instance in [*session.new, *session.dirty]:
        # The key first: a ticket or a ticket event is no catalogue record, so a flush on the ticket's hot path
        # pays a dictionary lookup per instance, never a walk over its attributes' history.
        key = _key(instance)
        if key is not None and (instance in session.new or _changed(instance)):
            found[key] = UPSERT
    for instance in session.deleted:
        key = _key(instance)
        if key is None:
            continue
        if isinstance(instance, OfferTranslation):
            found.setdefault(key, UPSERT)  # its offer changed, unless the offer is deleted with it
        else:
            found[key] = DELETE
    return found


def lock_catalogue(connection) -> None:
    """Wait for, then hold until the transaction ends, the lock that serialises catalogue-writing transactions."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def draw_revisions(connection, count: int) -> list[int]:
    """Return `count` new revisions, ascending, holding the catalogue's write lock until the transaction ends."""
    if connection.dialect.name == "postgresql":
        lock_catalogue(connection)
        drawn = connection.scalars(text("SELECT nextval('sync_revision') FROM generate_series(1, :n)"), {"n": count})
        return sorted(drawn)
    statement = _insert(connection, SyncState).values(id=1, revision=count, pruned_through=0)
    connection.execute(statement.on_conflict_do_update(index_elements=["id"],
                                                       set_={"revision": SyncState.revision + count}))
    last = connection.scalar(select(SyncState.revision).where(SyncState.id == 1))
    return list(range(last - count + 1, last + 1))


def _insert(connection, model):
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(model)


def record_changes(connection, found: dict[tuple[str, int], str], now, horizon: timedelta) -> None:
    """Write one change row per record (replacing its older one), then drop tombstones older than the horizon."""
    keys = sorted(found)
    revisions = draw_revisions(connection, len(keys))
    rows = [{"kind": kind, "record_id": record_id, "op": found[kind, record_id], "revision": revision,
             "changed_at": now} for (kind, record_id), revision in zip(keys, revisions, strict=True)]
    statement = _insert(connection, SyncChange)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "record_id"],
        set_={"op": statement.excluded.op, "revision": statement.excluded.revision,
              "changed_at": statement.excluded.changed_at})
    connection.execute(statement, rows)
    _prune(connection, now - horizon)


def _prune(connection, before) -> None:
    old = (SyncChange.op == DELETE) & (SyncChange.changed_at < before)
    newest = connection.scalar(select(func.max(SyncChange.revision)).where(old))
    if newest is None:
        return
    statement = _insert(connection, SyncState).values(id=1, revision=0, pruned_through=newest)
    connection.execute(statement.on_conflict_do_update(
        index_elements=["id"], set_={"pruned_through": newest}, where=SyncState.pruned_through < newest))
    connection.execute(SyncChange.__table__.delete().where(old))


def horizon() -> timedelta:
    """Return how long tombstones are kept."""
    days = current_app.config.get("KIOSK_SYNC_TOMBSTONE_DAYS") if has_app_context() else None
    return timedelta(days=days or DEFAULT_TOMBSTONE_DAYS)


def numbers_changes() -> bool:
    """Tell whether this server writes the catalogue: a desk only receives central's, so it numbers nothing."""
    return not (has_app_context() and current_app.config.get("KIOSK_ROLE") == "desk")


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    if not numbers_changes():
        return
    found = changes_in(session)
    if found:
        record_changes(session.connection(), found, clock.now(), horizon())


def touch(session: Session, instance) -> None:
    """Record a change made behind the ORM's back (a bulk UPDATE): the record as it is now travels again."""
    if not numbers_changes():
        return
    record_changes(session.connection(), {_key(instance): UPSERT}, clock.now(), horizon())
