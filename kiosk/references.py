"""What refers to a record: a record nothing refers to may be deleted, any other is only deactivated; and the audit
entries of the desks' set-up (create, update, deactivate, reactivate, delete)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor, differences
from kiosk.audit.services import record as record_entry
from kiosk.extensions import db


def referring_rows(session: Session, record: db.Model) -> int:
    """Count the rows of every table that point at a record, except those deleted along with it (ON DELETE CASCADE).

    Read from the metadata, so a table added later (terminals, API keys...) is counted without touching this.
    """
    table = record.__table__
    total = 0
    for other in db.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is not table or (key.ondelete or "").upper() == "CASCADE":
                continue
            value = getattr(record, key.column.key)
            total += session.scalar(select(func.count()).select_from(other).where(key.parent == value)) or 0
    return total


def may_delete(session: Session, record: db.Model) -> bool:
    """Tell whether nothing refers to a record, so deleting it for real loses nothing."""
    return referring_rows(session, record) == 0


def snapshot(record: db.Model, fields: tuple[str, ...]) -> dict:
    """Return a record's fields as the audit log compares them."""
    return {field: getattr(record, field) for field in fields}


def log_change(session: Session, record: db.Model, kind: str, label: str, before: dict | None, after: dict,
               actor: Actor, at: datetime) -> None:
    """Log a record's creation (no `before`) or the fields an edit changed; an edit that changed nothing is not news."""
    changes = differences(before or {}, after)
    if before is not None and not changes:
        return
    action = f"{kind}.{'create' if before is None else 'update'}"
    record_entry(session, actor, action, at, target_kind=kind, target_id=record.id, target_label=label,
                 changes=changes)


def set_active(session: Session, record: db.Model, active: bool, kind: str, label: str, actor: Actor,
               at: datetime) -> None:
    """Deactivate a record (it stays for what refers to it) or bring it back, and log it."""
    if record.active == active:
        return
    record.active = active
    record_entry(session, actor, f"{kind}.{'reactivate' if active else 'deactivate'}", at, target_kind=kind,
                 target_id=record.id, target_label=label, changes={"active": [not active, active]})
    session.flush()


def delete_for_good(session: Session, record: db.Model, kind: str, label: str, was: dict, actor: Actor,
                    at: datetime) -> bool:
    """Delete a record nothing refers to, logging what it was; return False (and keep it) when something does."""
    if not may_delete(session, record):
        return False
    record_entry(session, actor, f"{kind}.delete", at, target_kind=kind, target_id=record.id, target_label=label,
                 changes=differences(was, {}))
    session.delete(record)
    session.flush()
    return True
