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
from itertools import groupby

from sqlalchemy import (
    Column,
    Integer,
    Table,
    UniqueConstraint,
    bindparam,
    delete,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from kiosk.extensions import db
from kiosk.offers import search
from kiosk.offers.models import OfferTranslation
from kiosk.queue.models import counter_service
from kiosk.sync.changelog import LOCAL, MODELS, UPSERT

# What a record's data carries besides its own columns.
NESTED = {"offer": "translations", "counter": "service_ids"}
_PARK_CHUNK = 500  # unique values looked up at once: three columns of them stay far under SQLite's 32,766 parameters


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
    """Apply a batch of central's changes in order; the caller commits them together with the new cursor.

    Consecutive upserts of one kind (a page holds runs of hundreds: a change log orders a flush's records by kind)
    are written together, a few statements for the whole run.
    """
    applied = Applied()
    known = [change for change in changes if change.get("kind") in MODELS and isinstance(change.get("id"), int)]
    for (kind, op), run in groupby(known, key=lambda change: (change["kind"], change.get("op"))):
        run = list(run)
        ids = [change["id"] for change in run]
        if op == UPSERT:
            upsert_many(session, kind, [(change["id"], change.get("data") or {}) for change in run])
            applied.upserted.update((kind, record_id) for record_id in ids)
        else:
            delete_records(session, kind, ids)
            applied.deleted.update((kind, record_id) for record_id in ids)
            applied.upserted.difference_update((kind, record_id) for record_id in ids)
    reindex_offers(session, applied)
    return applied


def upsert_many(session: Session, kind: str, records: list[tuple[int, dict]]) -> None:
    """Insert or replace records by central's id, keeping the desk's own columns and ignoring unknown keys."""
    if len(records) == 1:
        upsert(session, kind, *records[0])
        return
    table: Table = MODELS[kind].__table__
    rows = [{"id": record_id, **record_values(kind, table, data)} for record_id, data in records]
    park_conflicts(session, table, rows)
    for keys, same in groupby(sorted(rows, key=_keys), key=_keys):  # a statement per shape of record
        statement = sqlite_insert(table)
        columns = [key for key in keys if key != "id"]
        statement = statement.on_conflict_do_update(
            index_elements=["id"], set_={key: statement.excluded[key] for key in columns}) if columns else \
            statement.on_conflict_do_nothing(index_elements=["id"])
        session.execute(statement, list(same))
    if kind == "offer":
        replace_translations(session, {record_id: data["translations"] for record_id, data in records
                                       if isinstance(data.get("translations"), list)})
    else:
        for record_id, data in records:
            _nested(session, kind, table, record_id, data)


def _keys(row: dict) -> tuple[str, ...]:
    return tuple(sorted(row))


def upsert(session: Session, kind: str, record_id: int, data: dict) -> None:
    """Insert or replace one record by central's id, keeping the desk's own columns and ignoring unknown keys."""
    table: Table = MODELS[kind].__table__
    values = record_values(kind, table, data)
    park_conflicts(session, table, [{"id": record_id, **values}])
    statement = sqlite_insert(table).values(id=record_id, **values)
    if values:
        statement = statement.on_conflict_do_update(index_elements=["id"], set_=values)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["id"])
    session.execute(statement)
    _nested(session, kind, table, record_id, data)


def _nested(session: Session, kind: str, table: Table, record_id: int, data: dict) -> None:
    """Write what a record's data carries besides its columns: an offer's texts, a counter's services."""
    if kind == "offer" and isinstance(data.get("translations"), list):
        replace_translations(session, {record_id: data["translations"]})
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


def replace_translations(session: Session, texts: dict[int, list]) -> None:
    """Replace every text of these offers with central's, under central's ids (so a batch applied twice is the same).

    A row of another offer under one of these ids can only be one central has since removed: its offer changed after
    the desk's cursor too, and its own upsert rewrites its texts.
    """
    if not texts:
        return
    table = OfferTranslation.__table__
    rows = [record_values("offer_translation", table, item) | {"offer_id": offer_id}
            | ({"id": item["id"]} if isinstance(item.get("id"), int) else {})
            for offer_id, translations in texts.items()
            for item in translations if isinstance(item, dict) and item.get("lang")]
    ids = [row["id"] for row in rows if "id" in row]
    session.execute(delete(table).where(or_(table.c.offer_id.in_(list(texts)), table.c.id.in_(ids))))
    for _keys_of, same in groupby(sorted(rows, key=_keys), key=_keys):
        session.execute(insert(table), list(same))


def unique_sets(table: Table) -> list[tuple[Column, ...]]:
    """Return the table's unique column sets besides its primary key."""
    found = [tuple(constraint.columns) for constraint in table.constraints
             if isinstance(constraint, UniqueConstraint)]
    found += [(column,) for column in table.columns if column.unique]
    found += [tuple(index.columns) for index in table.indexes if index.unique]
    return found


def park_conflicts(session: Session, table: Table, rows: list[dict]) -> None:
    """Move out of the way other records holding unique values these take (two records swapped values).

    Central never holds two records with the same value, so a record moved aside has itself changed after the
    desk's cursor and its own upsert (or tombstone) follows in this pull: the placeholder never outlives it.
    """
    for columns in unique_sets(table):
        wanted: dict[tuple, int] = {}  # a unique value -> the record central gives it to
        for row in rows:
            value = tuple(row.get(column.key) for column in columns)
            if all(part is not None for part in value):  # NULLs never clash; a missing column keeps its value
                wanted[value] = row["id"]
        if not wanted:
            continue
        # The records holding a value, found by the key's leading column (its index's), a query per chunk of the
        # run; for a key of several columns the rest is compared here (SQLite scans for a row-value IN list).
        leading, others = sorted({value[0] for value in wanted}), []
        for start in range(0, len(leading), _PARK_CHUNK):
            holders = session.execute(select(table.c.id, *columns).where(
                columns[0].in_(leading[start:start + _PARK_CHUNK]))).all()
            others += [holder for holder, *value in holders if wanted.get(tuple(value), holder) != holder]
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
    search.reindex_ids(session, sorted(record_id for kind, record_id in applied.upserted if kind == "offer"))


def _unindex(session: Session, ids: list[int]) -> None:
    statement = text("DELETE FROM offer_search WHERE rowid IN :ids").bindparams(
        bindparam("ids", expanding=True))
    session.execute(statement, {"ids": ids})
