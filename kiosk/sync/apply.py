"""Write central's catalogue records into a desk's own tables: upserts by central's id, tombstones as deletions.

Everything here is plain SQL through SQLAlchemy Core, not the ORM: a pulled record is not the desk's own change, so
neither the change log (a desk numbers nothing) nor the background sheet maker (sheets are made by a low-priority
process, `kiosk.sync.sheet_child`) must see it in a flush. The caller runs a batch in one transaction, on a
connection whose foreign keys are off (see `kiosk.sync.pull`), so the ON DELETE actions of the schema are done here
by hand, read from the metadata.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Column, Integer, Table, UniqueConstraint, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.types import TypeDecorator

from kiosk.extensions import db
from kiosk.offers.models import Offer, OfferTranslation
from kiosk.offers.search import index_offers
from kiosk.queue.models import counter_service
from kiosk.sync.changelog import LOCAL, MODELS, UPSERT

# What a record's data carries besides its own columns.
NESTED = {"offer": "translations", "counter": "service_ids"}


@dataclass
class Applied:
    """What a batch changed: the records written and deleted, and the offers among them."""

    upserted: set[tuple[str, int]] = field(default_factory=set)
    deleted: set[tuple[str, int]] = field(default_factory=set)

    @property
    def offers(self) -> set[int]:
        """The offers written (not deleted): the ones that need sheets."""
        return {record_id for kind, record_id in self.upserted if kind == "offer"}

    def __bool__(self) -> bool:
        return bool(self.upserted or self.deleted)

    def __or__(self, other: Applied) -> Applied:
        return Applied(self.upserted | other.upserted, self.deleted | other.deleted)


def apply_changes(session: Session, changes: Iterable[dict]) -> Applied:
    """Apply a batch of central's changes in order; the caller commits them together with the new cursor."""
    applied = Applied()
    for change in changes:
        kind, record_id = change.get("kind"), change.get("id")
        if kind not in MODELS or not isinstance(record_id, int):
            continue  # a kind this desk does not know (a newer but compatible central): nothing to keep it in
        if change.get("op") == UPSERT:
            upsert(session, kind, record_id, change.get("data") or {})
            applied.upserted.add((kind, record_id))
        else:
            delete_records(session, kind, [record_id])
            applied.deleted.add((kind, record_id))
            applied.upserted.discard((kind, record_id))
    reindex_offers(session, applied)
    return applied


def upsert(session: Session, kind: str, record_id: int, data: dict) -> None:
    """Insert or replace one record by central's id, keeping the desk's own columns and ignoring unknown keys."""
    table: Table = MODELS[kind].__table__
    values = record_values(kind, table, data)
    park_conflicts(session, table, record_id, values)
    statement = sqlite_insert(table).values(id=record_id, **values)
    if values:
        statement = statement.on_conflict_do_update(index_elements=["id"], set_=values)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["id"])
    session.execute(statement)
    if kind == "offer" and isinstance(data.get("translations"), list):
        replace_translations(session, record_id, data["translations"])
    elif kind == "terminal" and data.get("active") is False:  # revoked at central: its browser's key stops here
        session.execute(update(table).where(table.c.id == record_id).values(key_hash=None))
    elif kind == "counter" and isinstance(data.get("service_ids"), list):
        session.execute(delete(counter_service).where(counter_service.c.counter_id == record_id))
        service_ids = sorted({sid for sid in data["service_ids"] if isinstance(sid, int)})
        if service_ids:
            session.execute(insert(counter_service), [{"counter_id": record_id, "service_id": sid}
                                                      for sid in service_ids])


def record_values(kind: str, table: Table, data: dict) -> dict:
    """Return the columns of a record's data that this desk has and does not keep for itself, as Python values."""
    local = LOCAL.get(kind, frozenset())
    return {column.key: _python(column, data[column.key]) for column in table.columns
            if column.key in data and column.key != "id" and column.key not in local}


def _python(column: Column, value):
    """Turn a JSON value back into what the column stores: dates and moments travel as ISO text."""
    if not isinstance(value, str):
        return value
    stored = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        kind = stored.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        moment = datetime.fromisoformat(value)
        # A column without a zone of its own keeps UTC on SQLite, as its server default (CURRENT_TIMESTAMP) does.
        return moment.astimezone(UTC) if moment.tzinfo else moment
    if kind is date:
        return date.fromisoformat(value)
    return value


def replace_translations(session: Session, offer_id: int, translations: list) -> None:
    """Replace every text of an offer with central's, under central's ids (so a batch applied twice is the same).

    A row of another offer under one of these ids can only be one central has since removed: its offer changed after
    the desk's cursor too, and its own upsert rewrites its texts.
    """
    table = OfferTranslation.__table__
    rows = [record_values("offer_translation", table, item) | {"offer_id": offer_id}
            | ({"id": item["id"]} if isinstance(item.get("id"), int) else {})
            for item in translations if isinstance(item, dict) and item.get("lang")]
    ids = [row["id"] for row in rows if "id" in row]
    session.execute(delete(table).where(or_(table.c.offer_id == offer_id, table.c.id.in_(ids))))
    if rows:
        session.execute(insert(table), rows)


def unique_sets(table: Table) -> list[tuple[Column, ...]]:
    """Return the table's unique column sets besides its primary key."""
    found = [tuple(constraint.columns) for constraint in table.constraints
             if isinstance(constraint, UniqueConstraint)]
    found += [(column,) for column in table.columns if column.unique]
    found += [tuple(index.columns) for index in table.indexes if index.unique]
    return found


def park_conflicts(session: Session, table: Table, record_id: int, values: dict) -> None:
    """Move out of the way another record holding a unique value this one takes (two records swapped values).

    Central never holds two records with the same value, so the record moved aside has itself changed after the
    desk's cursor and its own upsert (or tombstone) follows in this pull: the placeholder never outlives it.
    """
    for columns in unique_sets(table):
        if any(values.get(column.key) is None for column in columns):
            continue  # NULLs never clash; a column the data does not carry keeps the record's own value
        others = list(session.scalars(select(table.c.id).where(
            table.c.id != record_id, *(column == values[column.key] for column in columns))))
        if not others:
            continue
        target = next((column for column in columns if not column.foreign_keys), columns[-1])
        for other in others:
            placeholder = -other if isinstance(target.type, Integer) else f"~{other}"
            session.execute(update(table).where(table.c.id == other).values({target.key: placeholder}))


def delete_records(session: Session, kind: str, ids: list[int]) -> None:
    """Delete records by id, doing the schema's ON DELETE actions (cascade, set null) by hand."""
    if not ids:
        return
    table = MODELS[kind].__table__
    if kind == "offer":
        _unindex(session, ids)
    _on_delete(session, table, ids)
    session.execute(delete(table).where(table.c.id.in_(ids)))


def _on_delete(session: Session, table: Table, ids: list[int]) -> None:
    for other in db.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is not table:
                continue
            action = (key.ondelete or "").upper()
            if action == "CASCADE":
                session.execute(delete(other).where(key.parent.in_(ids)))
            elif action == "SET NULL":
                session.execute(update(other).where(key.parent.in_(ids)).values({key.parent.key: None}))


def reindex_offers(session: Session, applied: Applied) -> None:
    """Rewrite the search documents of the offers written, in the batch's own transaction."""
    ids = sorted(record_id for kind, record_id in applied.upserted if kind == "offer")
    if ids:
        offers = session.scalars(select(Offer).where(Offer.id.in_(ids))
                                 .options(selectinload(Offer.translations))).all()
        index_offers(session, offers)


def _unindex(session: Session, ids: list[int]) -> None:
    statement = text("DELETE FROM offer_search WHERE rowid IN :ids").bindparams(
        bindparam("ids", expanding=True))
    session.execute(statement, {"ids": ids})
