"""A queue ticket as its holder follows it on a phone: where it stands, and giving it up.

Plain functions of a session and plain values, so the tests call them without a request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import local_day
from kiosk.network import closures
from kiosk.network.models import Site
from kiosk.queue import actions, hours, line
from kiosk.queue.models import CALL_KINDS, IN_HAND, Counter, EventKind, Status, Ticket, TicketEvent
from kiosk.queue.services import service_text
from kiosk.queue.taking import rounded_wait
from kiosk.queue.to_bring import documents_to_bring

MAX_TOKEN_LENGTH = 64  # Ticket.token is 43 characters; anything much longer is no token
EXPIRED = "expired"  # a holder's state beyond the statuses: a ticket left open on an earlier day
FINAL_STATES = frozenset({Status.DONE, Status.NO_SHOW, Status.CANCELLED, EXPIRED})


@dataclass(frozen=True)
class TicketView:
    """Where a ticket stands, as its holder reads it on a phone."""

    code: str
    state: str  # waiting, called, serving, done, no_show, cancelled or expired (waiting on an earlier day)
    service_name: str
    service_lang: str  # the language the service's name is written in (Italian when it has no translation)
    site: Site
    day: date
    taken_at: datetime
    ahead: int | None = None  # waiting: the people before this ticket
    wait: tuple[int, int] | None = None  # waiting: the estimated wait as it can honestly be said, (hours, minutes)
    counter: int | None = None  # called or being served: the counter's number
    calls: int = 0  # called: how many times it was called (a recall is one more), so a phone can ring again
    transferred: bool = False  # waiting: it was sent on from another service
    documents: tuple[str, ...] = ()  # waiting: what to have ready, in the asked language
    closes_at: datetime | None = None  # waiting: the desk's closing time, when the wait may go past it

    @property
    def final(self) -> bool:
        """Nothing more will happen to the ticket: the phone can stop asking."""
        return self.state in FINAL_STATES

    @property
    def can_cancel(self) -> bool:
        """Only a ticket still waiting today can be given up."""
        return self.state == Status.WAITING


def find_ticket(session: Session, token: str) -> Ticket | None:
    """Return the ticket with this phone token, or None: never by its number."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.scalar(select(Ticket).where(Ticket.token == token))


def state_of(ticket: Ticket, today: date) -> str:
    """Return the state a holder sees: the ticket's status, or "expired" for one left open on an earlier day."""
    status = Status.WAITING if ticket.status == Status.TRANSFERRED else ticket.status
    if status in (Status.WAITING, *IN_HAND) and ticket.day < today:
        return EXPIRED
    return status


def follow(session: Session, ticket: Ticket, lang: str, today: date, now: datetime | None = None,
           always_open: bool = False) -> TicketView:
    """Return where a ticket stands today, with its service's name in a language.

    Given the moment `now`, a waiting ticket also says when the desk closes if its wait may go past it.
    """
    state = state_of(ticket, today)
    text = service_text(ticket.service, lang)
    has_own_name = bool(ticket.service.texts.get(lang, {}).get("name"))
    site = session.get(Site, ticket.site_id)
    view = dict(
        code=ticket.code, state=state, service_name=text["name"], service_lang=lang if has_own_name else "it",
        site=site, day=ticket.day, taken_at=ticket.taken_at,
    )
    if state == Status.WAITING:
        ahead, estimate = line.wait_for(session, ticket)
        view |= dict(ahead=ahead, wait=rounded_wait(estimate), transferred=was_transferred(session, ticket),
                     documents=tuple(documents_to_bring(ticket.service.documents, lang)))
        if now is not None:
            opening = closures.site_opening(session, site, now, always_open)
            view["closes_at"] = hours.closing_before_call(opening, now, estimate)
    elif state in IN_HAND:
        counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
        view |= dict(counter=counter.number if counter else None,
                     calls=times_called(session, ticket) if state == Status.CALLED else 0)
    return TicketView(**view)


def fingerprint(view: TicketView, lang: str) -> str:
    """Return a short digest of what the holder reads, so a phone that already shows it is told "no change"."""
    seen = (lang, view.code, view.state, view.service_name, view.ahead, view.wait, view.counter, view.calls,
            view.transferred, view.documents, view.closes_at)
    return hashlib.blake2s(repr(seen).encode(), digest_size=8).hexdigest()


def times_called(session: Session, ticket: Ticket) -> int:
    """Count the calls and recalls of a ticket in its event log."""
    return session.scalar(
        select(func.count(TicketEvent.id))
        .where(TicketEvent.ticket_uuid == ticket.uuid, TicketEvent.kind.in_(CALL_KINDS))
    )


def was_transferred(session: Session, ticket: Ticket) -> bool:
    """Say whether a ticket was sent on to its present service from another one."""
    return session.scalar(
        select(func.count(TicketEvent.id))
        .where(TicketEvent.ticket_uuid == ticket.uuid, TicketEvent.kind == EventKind.TRANSFERRED)
    ) > 0


def give_up(session: Session, ticket: Ticket, now: datetime) -> str:
    """Cancel a ticket for its holder; return "cancelled", "unchanged" (it was already) or "refused".

    A ticket already called, served, finished or left from an earlier day is refused; the caller commits.
    """
    session.refresh(ticket, with_for_update=True)  # PostgreSQL: a counter's call waits for this, or goes first
    if ticket.status == Status.CANCELLED:
        return "unchanged"
    if state_of(ticket, local_day(now)) != Status.WAITING:
        return "refused"
    site = session.get(Site, ticket.site_id)
    try:
        actions.cancel(session, ticket, site.slug, now)
    except actions.NotAllowed:  # a counter called it a moment ago
        return "refused"
    return "cancelled"
