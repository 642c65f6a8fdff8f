"""What central answers a desk that asks for the catalogue's changes since a revision."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session, selectinload

from kiosk.offers.models import Offer
from kiosk.queue.models import Counter
from kiosk.sync.changelog import DELETE, LOCAL, MODELS, UPSERT
from kiosk.sync.models import SyncChange, SyncState

MAX_LIMIT = 1000
DEFAULT_LIMIT = 500
MAX_REVISION = 2**62  # far beyond any sequence's reach, within a bigint


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _columns(instance, skip: frozenset[str] = frozenset()) -> dict:
    mapper = inspect(type(instance))
    return {attr.key: _value(getattr(instance, attr.key)) for attr in mapper.column_attrs if attr.key not in skip}


def record_data(kind: str, instance) -> dict:
    """Return a record's full data as plain JSON: an offer with every translation, a counter with its services."""
    data = _columns(instance, LOCAL.get(kind, frozenset()))
    if kind == "offer":
        data["translations"] = [_columns(t) for t in sorted(instance.translations, key=lambda t: t.lang)]
    elif kind == "counter":
        data["service_ids"] = sorted(service.id for service in instance.services)
    return data


def _load(session: Session, kind: str, ids: list[int]) -> dict[int, object]:
    model = MODELS[kind]
    query = select(model).where(model.id.in_(ids))
    if model is Offer:
        query = query.options(selectinload(Offer.translations))
    elif model is Counter:
        query = query.options(selectinload(Counter.services))
    return {instance.id: instance for instance in session.scalars(query)}


def schema_version(session: Session) -> str | None:
    """Return the Alembic revision the database, and so every record's data, is shaped by."""
    return session.scalar(text("SELECT version_num FROM alembic_version"))


def changes_since(session: Session, since: int, limit: int) -> dict:
    """Return the changes after revision `since`, oldest first, at most `limit`, with the revision to ask from next.

    A cursor below the newest tombstone dropped for age may have missed a deletion: the answer is then `resync` with
    no changes. A cursor of 0 (a desk with nothing yet) never needs to resync: deletions do not concern it.
    """
    pruned_through = session.scalar(select(SyncState.pruned_through).where(SyncState.id == 1)) or 0
    answer = {"schema": schema_version(session), "resync": False}
    if 0 < since < pruned_through:
        return answer | {"resync": True, "changes": [], "next": since, "more": False}
    rows = list(session.scalars(select(SyncChange).where(SyncChange.revision > since)
                                .order_by(SyncChange.revision).limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    wanted = defaultdict(list)
    for row in rows:
        if row.op == UPSERT:
            wanted[row.kind].append(row.record_id)
    found = {kind: _load(session, kind, ids) for kind, ids in wanted.items()}
    changes = []
    for row in rows:
        instance = found.get(row.kind, {}).get(row.record_id)
        change = {"revision": row.revision, "kind": row.kind, "id": row.record_id}
        if row.op == UPSERT and instance is not None:
            changes.append(change | {"op": UPSERT, "data": record_data(row.kind, instance)})
        else:  # deleted, or gone behind the ORM's back (a database cascade): a tombstone either way
            changes.append(change | {"op": DELETE})
    return answer | {"changes": changes, "next": rows[-1].revision if rows else since, "more": more}
