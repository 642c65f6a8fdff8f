"""Fold the ticket event log into each ticket's figures, from where the last fold stopped.

Each report folds first, so it counts every event logged so far; the demo and the benchmark fold right after
loading history. Events of one ticket arrive in order (a desk logs and pushes them so), events of many tickets
interleave freely. Two folds never run at once: each starts by writing the cursor's row, which the database
lets one transaction hold at a time, and reads the cursor only then.

The cursor is an event id, and on PostgreSQL two transactions can commit their ids out of order: a fold could pass
id 100 while the transaction writing it has not committed yet, and never read it. So the fold stops before a hole
in the ids until the event after the hole is a minute old: by then the hole is an id nobody will commit (a rolled
back transaction), not one still on its way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_ZONE
from kiosk.queue.models import EventKind, TicketEvent
from kiosk.reports.models import FoldCursor, TicketFigures

BATCH = 20_000
SETTLE = timedelta(minutes=1)  # how long a hole in the event ids may be an event still being committed
_COLUMNS = ("waited", "started_at", "served", "no_show")


def fold(session: Session) -> int:
    """Fold the events logged since the last fold into the tickets' figures; return how many were read.

    The caller commits (the figures and the cursor together, so a crash folds the same events again).
    """
    cursor = _hold_cursor(session)
    read = 0
    while True:
        events = _settled(session.execute(
            select(TicketEvent.id, TicketEvent.ticket_uuid, TicketEvent.site, TicketEvent.kind, TicketEvent.at,
                   TicketEvent.data, TicketEvent.created_at)
            .where(TicketEvent.id > cursor.last_event_id).order_by(TicketEvent.id).limit(BATCH)).all(),
            cursor.last_event_id)
        if not events:
            return read
        _apply(session, events)
        cursor.last_event_id = events[-1].id
        session.flush()
        read += len(events)


def _settled(events: list, last_id: int) -> list:
    """Return the events up to the first hole in the ids that may still fill (see the module's docstring)."""
    # The database's own clock wrote created_at: compare with real time, not the desks' clock (tests move that).
    settled_before = datetime.now(UTC) - SETTLE
    expected = last_id + 1
    for index, event in enumerate(events):
        if event.id != expected and event.created_at > settled_before:
            return events[:index]
        expected = event.id + 1
    return events


def _hold_cursor(session: Session) -> FoldCursor:
    table = FoldCursor.__table__
    held = session.execute(update(table).where(table.c.id == 1).values(last_event_id=table.c.last_event_id))
    if not held.rowcount:  # the migration made it; only an emptied table lacks it
        session.execute(insert(table).values(id=1, last_event_id=0))
    return session.get(FoldCursor, 1, populate_existing=True)


def _apply(session: Session, events) -> None:
    new: dict[str, dict] = {}
    later = {e.ticket_uuid for e in events if e.kind != EventKind.TAKEN}
    known = _existing(session, later - {e.ticket_uuid for e in events if e.kind == EventKind.TAKEN})
    changed: set[str] = set()
    for event in events:
        if event.kind == EventKind.TAKEN:
            new[event.ticket_uuid] = _taken(event)
            continue
        row = new.get(event.ticket_uuid) or known.get(event.ticket_uuid)
        if row is None:  # its ticket was taken before the log began
            continue
        if _change(row, event.kind, event.at) and event.ticket_uuid in known:
            changed.add(event.ticket_uuid)
    if new:
        session.execute(insert(TicketFigures.__table__), list(new.values()))
    if changed:
        table = TicketFigures.__table__
        session.execute(update(table).where(table.c.ticket_uuid == bindparam("key"))
                        .values({name: bindparam(name) for name in _COLUMNS}),
                        [{"key": key, **{name: known[key][name] for name in _COLUMNS}} for key in changed])


def _existing(session: Session, uuids: set[str]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    ordered = sorted(uuids)
    for start in range(0, len(ordered), 500):
        for row in session.execute(select(TicketFigures.ticket_uuid, TicketFigures.taken_at, TicketFigures.waited,
                                          TicketFigures.started_at, TicketFigures.served, TicketFigures.no_show)
                                   .where(TicketFigures.ticket_uuid.in_(ordered[start:start + 500]))):
            rows[row.ticket_uuid] = dict(row._mapping)
    return rows


def _taken(event) -> dict:
    data, local = event.data or {}, event.at.astimezone(LOCAL_ZONE)
    return {"ticket_uuid": event.ticket_uuid, "site": event.site, "service_id": int(data.get("service_id") or 0),
            "taken_at": event.at, "weekday": local.weekday(), "hour": local.hour, "lang": data.get("lang") or "",
            "channel": data.get("channel") or "kiosk", "priority": bool(data.get("priority")),
            "waited": None, "started_at": None, "served": None, "no_show": False}


def _change(row: dict, kind: str, at: datetime) -> bool:
    """Apply one event to a ticket's figures; say whether they changed."""
    if kind == EventKind.CALLED and row["waited"] is None:
        row["waited"] = _seconds(at, row["taken_at"])
    elif kind == EventKind.STARTED and row["started_at"] is None:
        row["started_at"] = at
    elif kind in (EventKind.FINISHED, EventKind.TRANSFERRED) and row["started_at"] and row["served"] is None:
        row["served"] = _seconds(at, row["started_at"])
    elif kind == EventKind.NO_SHOW and not row["no_show"]:
        row["no_show"] = True
    else:
        return False
    return True


def _seconds(later: datetime, earlier: datetime) -> int:
    return max(0, round((later - earlier).total_seconds()))
