"""What happens to a ticket at a counter: call, recall, start, finish, no-show, transfer, cancel.

Each action checks the ticket's status first, so a repeated click (or two receptionists at once) changes
nothing twice, and each change is appended to the ticket event log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk.queue.issuing import log
from kiosk.queue.models import Counter, EventKind, Service, Status, Ticket

# The statuses each action may start from.
ALLOWED: dict[EventKind, tuple[Status, ...]] = {
    EventKind.CALLED: (Status.WAITING,),
    EventKind.RECALLED: (Status.CALLED,),
    EventKind.STARTED: (Status.CALLED,),
    EventKind.FINISHED: (Status.SERVING,),
    EventKind.NO_SHOW: (Status.CALLED,),
    EventKind.TRANSFERRED: (Status.CALLED, Status.SERVING),
    EventKind.CANCELLED: (Status.WAITING,),
}


class NotAllowed(Exception):
    """The ticket is not in a status this action applies to (it was already acted on)."""

    def __init__(self, ticket: Ticket, action: EventKind):
        super().__init__(f"{ticket.code} is {ticket.status}: cannot be {action}")
        self.ticket, self.action = ticket, action


def _check(ticket: Ticket, action: EventKind) -> None:
    if ticket.status not in ALLOWED[action]:
        raise NotAllowed(ticket, action)


def call(session: Session, ticket: Ticket, counter: Counter, site_slug: str, now: datetime) -> Ticket:
    """Call a waiting ticket to a counter; if another counter called it a moment ago, raise NotAllowed.

    The ticket is claimed with a conditional UPDATE, so two counters calling at once never share a ticket.
    """
    _claim(session, ticket, EventKind.CALLED, status=Status.CALLED, counter_id=counter.id, called_at=now)
    log(session, ticket, site_slug, EventKind.CALLED, now, counter=counter.number, priority=ticket.priority)
    return ticket


def _claim(session: Session, ticket: Ticket, action: EventKind, **values) -> None:
    """Move a ticket with one conditional UPDATE from a status the action allows; if a counter, a second click or
    its holder moved it first, NotAllowed and nothing changes."""
    _check(ticket, action)
    claimed = session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(ALLOWED[action])).values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(ticket)
    if not claimed:
        raise NotAllowed(ticket, action)


def recall(session: Session, ticket: Ticket, site_slug: str, now: datetime) -> Ticket:
    """Announce a called ticket again."""
    return _at_counter(session, ticket, site_slug, now, EventKind.RECALLED)


def start(session: Session, ticket: Ticket, site_slug: str, now: datetime) -> Ticket:
    """The person has come to the counter: serving starts."""
    return _at_counter(session, ticket, site_slug, now, EventKind.STARTED, Status.SERVING, "started_at")


def finish(session: Session, ticket: Ticket, site_slug: str, now: datetime) -> Ticket:
    """Serving is over."""
    return _at_counter(session, ticket, site_slug, now, EventKind.FINISHED, Status.DONE, "finished_at")


def no_show(session: Session, ticket: Ticket, site_slug: str, now: datetime) -> Ticket:
    """Nobody came for a called ticket."""
    return _at_counter(session, ticket, site_slug, now, EventKind.NO_SHOW, Status.NO_SHOW, "finished_at")


def _at_counter(session: Session, ticket: Ticket, site_slug: str, now: datetime, action: EventKind,
                status: Status | None = None, moment: str | None = None) -> Ticket:
    """Apply an action to a ticket at its counter: claim it, set its status and moment, log it with the counter."""
    values = ({"status": status} if status else {}) | ({moment: now} if moment else {})
    if values:
        _claim(session, ticket, action, **values)
    else:
        _check(ticket, action)  # a recall changes nothing but the announcement: twice is twice announced
    log(session, ticket, site_slug, action, now, counter=_counter_number(session, ticket))
    return ticket


def transfer(session: Session, ticket: Ticket, to: Service, site_slug: str, now: datetime) -> Ticket:
    """Send a ticket to another service; it keeps its code and its place in line (queued_at)."""
    _check(ticket, EventKind.TRANSFERRED)
    if to.site_id != ticket.site_id or to.id == ticket.service_id:
        raise ValueError("a ticket moves to another service of its own site")
    from_service = ticket.service_id
    _claim(session, ticket, EventKind.TRANSFERRED, service_id=to.id, status=Status.WAITING, counter_id=None,
           called_at=None, started_at=None)
    log(session, ticket, site_slug, EventKind.TRANSFERRED, now, from_service=from_service, to_service=to.id)
    return ticket


def cancel(session: Session, ticket: Ticket, site_slug: str, now: datetime) -> Ticket:
    """The holder gives up a waiting ticket (from their phone); a counter calling it at once wins or loses cleanly."""
    _claim(session, ticket, EventKind.CANCELLED, status=Status.CANCELLED, finished_at=now)
    log(session, ticket, site_slug, EventKind.CANCELLED, now)
    return ticket


def _counter_number(session: Session, ticket: Ticket) -> int | None:
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return counter.number if counter else None
