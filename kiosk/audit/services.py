"""Writing to and reading the audit log: plain functions of a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.models import AuditEntry

SECRET = "(changed)"  # what the log says of a password, a key or a token instead of its value


@dataclass(frozen=True)
class Actor:
    """Who does something: a staff account, an organisation's API key, the command line or the system itself."""

    name: str
    user_id: int | None = None
    address: str = ""

    @classmethod
    def of(cls, user, address: str = "") -> Actor:
        """Return the actor for a signed-in staff account."""
        return cls(name=user.username, user_id=user.id, address=address)


SYSTEM = Actor("system")


def record(session: Session, actor: Actor, action: str, at: datetime, *, target_kind: str = "",
           target_id: int | None = None, target_label: str = "", changes: dict | None = None) -> AuditEntry:
    """Append an entry to the audit log; the caller commits with the change it records."""
    entry = AuditEntry(at=at, actor_id=actor.user_id, actor=actor.name[:120], action=action,
                       target_kind=target_kind, target_id=target_id, target_label=target_label[:200],
                       changes=changes or {}, address=actor.address[:45])
    session.add(entry)
    return entry


def differences(before: dict[str, Any], after: dict[str, Any], secret: tuple[str, ...] = ()) -> dict[str, list]:
    """Return {field: [before, after]} for the fields whose value changed, as JSON values; secrets are masked."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changed[key] = [SECRET, SECRET] if key in secret else [old, new]
    return changed


def history(session: Session, target_kind: str, target_id: int, limit: int = 100) -> list[AuditEntry]:
    """Return the latest entries about one record, newest first."""
    query = (select(AuditEntry).where(AuditEntry.target_kind == target_kind, AuditEntry.target_id == target_id)
             .order_by(AuditEntry.id.desc()).limit(limit))
    return list(session.scalars(query))


def _plain(value: Any) -> Any:
    """Return a value as the JSON column keeps it, so that a date compares equal to its reading back."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to: who did it, what, to which kind of record, from and to which moment."""

    actor: str = ""
    action: str = ""
    target_kind: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


@dataclass(frozen=True)
class Page:
    """A page of the log, newest first, and the ids to page on from: None when there is nothing that way."""

    entries: list[AuditEntry]
    newer: int | None  # ask with after=newer for the page before this one
    older: int | None  # ask with before=older for the page after this one


def search(session: Session, filters: Filters, *, before: int | None = None, after: int | None = None,
           size: int = 50) -> Page:
    """Return one page of entries matching the filters, newest first, paged by id (no OFFSET: as fast deep down)."""
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_kind:
        query = query.where(AuditEntry.target_kind == filters.target_kind)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEntry.at < filters.until)
    if after is not None:  # the page before: the `size` entries just newer, read oldest first, then turned round
        rows = list(session.scalars(query.where(AuditEntry.id > after).order_by(AuditEntry.id).limit(size + 1)))
        more_newer, rows = len(rows) > size, rows[:size][::-1]
        more_older = True
    else:
        if before is not None:
            query = query.where(AuditEntry.id < before)
        rows = list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(size + 1)))
        more_older, rows = len(rows) > size, rows[:size]
        more_newer = before is not None
    return Page(rows, newer=rows[0].id if rows and more_newer else None,
                older=rows[-1].id if rows and more_older else None)


def kinds(session: Session) -> list[str]:
    """Return the kinds of record the log names (read from its index, not from every entry)."""
    return sorted(kind for kind in session.scalars(select(AuditEntry.target_kind).distinct()) if kind)
