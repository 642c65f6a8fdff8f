"""What a receptionist does at a counter: sit there, call, serve and move tickets on, pause, leave.

Every function takes plain values and an explicit session, and returns an `Outcome` that says what happened or
why nothing did: only the person sitting at a counter acts there, a paused counter calls nobody, a counter with a
ticket still in hand calls nobody else, and a ticket whose status has moved on is left as it is. The domain
actions append every change to the ticket event log; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kiosk.clock import local_day
from kiosk.network.models import Site
from kiosk.queue import actions, line, staffing, taking
from kiosk.queue.line import waiting_counts
from kiosk.queue.models import IN_HAND, Channel, Counter, Service, Ticket
from kiosk.queue.ordering import DEFAULT_RULE, CallRule
from kiosk.queue.services import in_display_order
from kiosk.staff.models import User


class OutcomeKind(StrEnum):
    """What an action at a counter did, or why it did nothing; each has its sentence in `counter.messages`."""

    # Done:
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    GIVEN = "given"
    PAUSED = "paused"
    RESUMED = "resumed"
    LEFT = "left"
    PRINTED = "printed"
    PRINT_REPEATED = "print_repeated"  # the same press again: printed once
    # Nothing changed:
    PRINT_FAILED = "print_failed"
    MOVED_ON = "moved_on"  # the ticket's status moved on before the action
    BUSY = "busy"  # a ticket is still in hand
    LEAVING_BUSY = "leaving_busy"
    PAUSED_COUNTER = "paused_counter"
    NOT_SEATED = "not_seated"  # someone else sits at the counter now
    NOBODY_WAITING = "nobody_waiting"
    OTHER_DAY = "other_day"
    SAME_SERVICE = "same_service"  # a transfer or a given ticket needs another (active) service of the site


# The actions on the ticket in hand, by the name the screen posts.
TICKET_ACTIONS = {
    "recall": (actions.recall, OutcomeKind.RECALLED),
    "start": (actions.start, OutcomeKind.STARTED),
    "finish": (actions.finish, OutcomeKind.FINISHED),
    "no-show": (actions.no_show, OutcomeKind.NO_SHOW),
}


@dataclass(frozen=True)
class Outcome:
    """What an action at a counter did, or with `ok` False why nothing did, as plain values for a sentence."""

    kind: OutcomeKind
    ok: bool = True
    code: str = ""  # the ticket's code, e.g. B017
    counter: int | None = None  # the number of the counter the sentence names
    detail: str = ""  # the ticket's status (moved_on, busy) or the pause reason
    service: Service | None = None  # where a ticket was transferred to

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", OutcomeKind(self.kind))  # ValueError for a kind with no sentence


@dataclass(frozen=True)
class CounterChoice:
    """A counter as the choice screen shows it: its services in order and who sits there now."""

    counter: Counter
    services: list[Service]
    staffed_by: str | None
    mine: bool


def site_counters(session: Session, site_id: int, user_id: int) -> list[CounterChoice]:
    """Return the active counters of a site in number order, with their services and who sits at each."""
    rows = session.scalars(
        select(Counter).where(Counter.site_id == site_id, Counter.active.is_(True)).order_by(Counter.number)
        .options(selectinload(Counter.services))
    ).all()
    staff_ids = {c.staffed_by_id for c in rows if c.staffed_by_id is not None}
    names = dict(session.execute(select(User.id, User.username).where(User.id.in_(staff_ids))).all())
    return [
        CounterChoice(c, in_display_order(c.services), names.get(c.staffed_by_id),
                      c.staffed_by_id == user_id)
        for c in rows
    ]


def staff_name(session: Session, counter: Counter) -> str | None:
    """Return the user name of whoever sits at a counter, or None."""
    user = session.get(User, counter.staffed_by_id) if counter.staffed_by_id else None
    return user.username if user else None


def sit_at(session: Session, counter: Counter, user_id: int, now: datetime) -> Counter:
    """Sit at a counter; any other counter of the site this person sat at is left, so it stops counting as open."""
    for other in session.scalars(select(Counter).where(Counter.site_id == counter.site_id,
                                                       Counter.staffed_by_id == user_id, Counter.id != counter.id)):
        staffing.close(other)
    return staffing.open_counter(counter, user_id, now)


def leave(session: Session, counter: Counter, user_id: int, now: datetime) -> Outcome:
    """Leave a counter one sits at: it is closed until someone sits there again. Not with a ticket in hand: its
    holder's phone and the display would send them to an empty counter."""
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number)
    in_hand = current_ticket(session, counter, local_day(now))
    if in_hand is not None:
        return Outcome(OutcomeKind.LEAVING_BUSY, ok=False, code=in_hand.code, counter=counter.number)
    staffing.close(counter)
    return Outcome(OutcomeKind.LEFT, counter=counter.number)


def leave_all(session: Session, user_id: int) -> list[Counter]:
    """Leave every counter a person sits at (on signing out); return them."""
    seats = list(session.scalars(select(Counter).where(Counter.staffed_by_id == user_id)))
    for counter in seats:
        staffing.close(counter)
    return seats


def current_ticket(session: Session, counter: Counter, day: date) -> Ticket | None:
    """Return today's ticket called or being served at a counter (the latest called, if ever more than one)."""
    return session.scalar(
        select(Ticket).where(Ticket.counter_id == counter.id, Ticket.day == day, Ticket.status.in_(IN_HAND))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(1)
    )


def waiting_per_service(session: Session, counter: Counter, day: date) -> list[tuple[Service, int]]:
    """Return each service the counter serves, in display order, with how many of today's tickets wait for it."""
    counts = waiting_counts(session, counter.site_id, day)
    services = in_display_order(counter.services)
    return [(service, counts.get(service.id, 0)) for service in services]


def call_next(session: Session, counter: Counter, user_id: int, site_slug: str, now: datetime,
              rule: CallRule = DEFAULT_RULE) -> Outcome:
    """Call the next ticket in line to a counter, unless it may not call now."""
    refusal = _may_call(session, counter, user_id, now)
    if refusal:
        return refusal
    ticket = line.call_next(session, counter, site_slug, now, rule)
    if ticket is None:
        return Outcome(OutcomeKind.NOBODY_WAITING, ok=False, counter=counter.number)
    return Outcome(OutcomeKind.CALLED, code=ticket.code, counter=counter.number)


def call_ticket(session: Session, counter: Counter, ticket: Ticket, user_id: int, site_slug: str,
                now: datetime) -> Outcome:
    """Call one waiting ticket to a counter, out of turn, unless it may not call now or the ticket moved on."""
    refusal = _may_call(session, counter, user_id, now) or _other_day(ticket, now)
    if refusal:
        return refusal
    try:
        actions.call(session, ticket, counter, site_slug, now)
    except actions.NotAllowed:
        return moved_on(session, ticket)
    return Outcome(OutcomeKind.CALLED, code=ticket.code, counter=counter.number)


def act(session: Session, counter: Counter, ticket: Ticket, action: str, user_id: int, site_slug: str,
        now: datetime) -> Outcome:
    """Recall, start, finish or mark as no-show the ticket in hand at a counter."""
    function, kind = TICKET_ACTIONS[action]
    refusal = in_hand_refusal(session, counter, ticket, user_id, now)
    if refusal:
        return refusal
    try:
        function(session, ticket, site_slug, now)
    except actions.NotAllowed:
        return moved_on(session, ticket)
    return Outcome(kind, code=ticket.code, counter=counter.number)


def transfer(session: Session, counter: Counter, ticket: Ticket, service: Service, user_id: int, site_slug: str,
             now: datetime) -> Outcome:
    """Send the ticket in hand to another service of the site: it keeps its code and its place in line."""
    refusal = in_hand_refusal(session, counter, ticket, user_id, now)
    if refusal:
        return refusal
    if service.site_id != ticket.site_id or service.id == ticket.service_id or not service.active:
        return Outcome(OutcomeKind.SAME_SERVICE, ok=False, code=ticket.code, counter=counter.number)
    try:
        actions.transfer(session, ticket, service, site_slug, now)
    except actions.NotAllowed:
        return moved_on(session, ticket)
    return Outcome(OutcomeKind.TRANSFERRED, code=ticket.code, counter=counter.number, service=service)


def give_ticket(session: Session, counter: Counter, service: Service, lang: str, priority: bool, request_token: str,
                user_id: int, site: Site, now: datetime) -> tuple[Outcome, Ticket | None]:
    """Take a ticket at the reception for someone who cannot use the kiosk; the same form gives one ticket.

    It joins the line like any other (channel "desk"), in the holder's language, which the receipt speaks.
    """
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number), None
    if service.site_id != counter.site_id or not service.active:
        return Outcome(OutcomeKind.SAME_SERVICE, ok=False, counter=counter.number), None
    ticket = taking.take_once(session, taking.service_ref(service, site), lang, now, request_token,
                              priority=priority, channel=Channel.DESK)
    return Outcome(OutcomeKind.GIVEN, code=ticket.code, counter=counter.number, service=service), ticket


def pause(counter: Counter, reason: str, user_id: int, now: datetime) -> Outcome:
    """Pause a counter for a reason: it calls nobody until it resumes; pausing twice keeps the first moment."""
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number)
    staffing.pause(counter, reason, now)
    return Outcome(OutcomeKind.PAUSED, counter=counter.number, detail=counter.pause_reason)


def resume(counter: Counter, user_id: int) -> Outcome:
    """Take calls again after a pause."""
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number)
    staffing.resume(counter)
    return Outcome(OutcomeKind.RESUMED, counter=counter.number)


def moved_on(session: Session, ticket: Ticket) -> Outcome:
    """Say where a ticket stands now, for an action that came too late: nothing was changed."""
    where = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return Outcome(OutcomeKind.MOVED_ON, ok=False, code=ticket.code, counter=where.number if where else None,
                   detail=ticket.status)


def state_key(counter: Counter, current: Ticket | None) -> str:
    """Return a short key of what the counter's panel shows, to tell when it changed elsewhere."""
    paused = counter.paused_at.isoformat() if counter.paused_at else ""
    in_hand = f"{current.id}.{current.status}" if current else ""
    return f"{counter.staffed_by_id or ''}|{paused}|{in_hand}"


def _may_call(session: Session, counter: Counter, user_id: int, now: datetime) -> Outcome | None:
    """Say why a counter may not call now, if it may not. The counter's row is held first, so two calls at one
    counter at once (two screens, a double click without JavaScript) go one after the other: the second sees the
    ticket the first called, and is refused."""
    staffing.hold(session, counter)
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number)
    if counter.paused_at is not None:
        return Outcome(OutcomeKind.PAUSED_COUNTER, ok=False, counter=counter.number, detail=counter.pause_reason)
    in_hand = current_ticket(session, counter, local_day(now))
    if in_hand is not None:
        return Outcome(OutcomeKind.BUSY, ok=False, code=in_hand.code, counter=counter.number, detail=in_hand.status)
    return None


def in_hand_refusal(session: Session, counter: Counter, ticket: Ticket, user_id: int,
                    now: datetime) -> Outcome | None:
    """Return why the person at a counter may not act on a ticket now, or None when it is theirs in hand."""
    if counter.staffed_by_id != user_id:
        return Outcome(OutcomeKind.NOT_SEATED, ok=False, counter=counter.number)
    other_day = _other_day(ticket, now)
    if other_day:
        return other_day
    if ticket.counter_id != counter.id or ticket.status not in IN_HAND:
        return moved_on(session, ticket)
    return None


def _other_day(ticket: Ticket, now: datetime) -> Outcome | None:
    if ticket.day != local_day(now):
        return Outcome(OutcomeKind.OTHER_DAY, ok=False, code=ticket.code)
    return None
