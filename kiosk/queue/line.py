"""The line as it stands: who waits, who is called next, how many are ahead and how long it may take."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kiosk.clock import LOCAL_ZONE, local_day
from kiosk.queue import actions
from kiosk.queue.models import IN_HAND, Counter, EventKind, Status, Ticket, TicketEvent
from kiosk.queue.ordering import (
    DEFAULT_RULE,
    CallRule,
    Floor,
    Waiting,
    calling_order,
    mean_service_time,
    priority_streak,
    share_of_work,
)

RECENT_SERVICES = 20  # how many finished tickets the service time is taken from


def waiting(session: Session, site_id: int, day: date) -> list[Waiting]:
    """Return the tickets waiting today at a site, as the ordering sees them."""
    rows = session.execute(
        select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.lang)
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == Status.WAITING)
    )
    return [Waiting(*row) for row in rows]


def todays_streak(session: Session, site_slug: str, day: date, counter_number: int) -> int:
    """Count the priority calls in a row at the end of a counter's calls today: the rule that nobody waits for
    ever holds at each counter, whatever the others call."""
    start = datetime.combine(day, datetime.min.time(), LOCAL_ZONE)
    calls = session.scalars(
        select(TicketEvent.data).where(TicketEvent.site == site_slug, TicketEvent.kind == EventKind.CALLED,
                                       TicketEvent.at >= start).order_by(TicketEvent.id.desc()).limit(200)
    ).all()
    mine = [bool(data.get("priority")) for data in reversed(calls) if data.get("counter") == counter_number]
    return priority_streak(mine)


def counter_line(session: Session, counter: Counter, site_slug: str, day: date,
                  rule: CallRule = DEFAULT_RULE) -> list[Ticket]:
    """Return today's waiting tickets of a counter's services in the order it calls them (what its line shows)."""
    line = waiting(session, counter.site_id, day)
    streak = todays_streak(session, site_slug, day, counter.number)
    order = [chosen.id for chosen in _in_order(line, counter, streak, rule)]
    if not order:
        return []
    tickets = {t.id: t for t in session.scalars(
        select(Ticket).where(Ticket.id.in_(order)).options(selectinload(Ticket.service)))}
    return [tickets[ticket_id] for ticket_id in order]


def call_next(session: Session, counter: Counter, site_slug: str, now: datetime,
              rule: CallRule = DEFAULT_RULE) -> Ticket | None:
    """Call the first ticket of the counter's order; two counters calling at once never get the same ticket."""
    day = local_day(now)
    line = waiting(session, counter.site_id, day)
    streak = todays_streak(session, site_slug, day, counter.number)
    while (chosen := next(_in_order(line, counter, streak, rule), None)) is not None:
        try:
            return actions.call(session, session.get(Ticket, chosen.id), counter, site_slug, now)
        except actions.NotAllowed:  # another counter called it a moment ago: the first of the others, then
            line.remove(chosen)
    return None


def _in_order(line: list[Waiting], counter: Counter, streak: int, rule: CallRule) -> Iterator[Waiting]:
    return calling_order(line, {service.id for service in counter.services}, set(counter.languages), streak, rule)


def service_time(session: Session, site_id: int, service_id: int) -> timedelta:
    """Return the moving service time of a service at a site, from its latest finished tickets."""
    rows = session.execute(
        select(Ticket.started_at, Ticket.finished_at)
        .where(Ticket.site_id == site_id, Ticket.service_id == service_id, Ticket.status == Status.DONE,
               Ticket.started_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVICES)
    ).all()
    return mean_service_time([finished - started for started, finished in reversed(rows)])


def waiting_counts(session: Session, site_id: int, day: date) -> dict[int, int]:
    """Count today's waiting tickets of a site per service id."""
    rows = session.execute(
        select(Ticket.service_id, func.count(Ticket.id))
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == Status.WAITING)
        .group_by(Ticket.service_id)
    )
    return dict(rows.all())


def floor(session: Session, site_id: int, day: date) -> Floor:
    """Read a desk's counters as the estimate needs them: what each serves, which are open, who is busy."""
    counters = session.scalars(
        select(Counter).where(Counter.site_id == site_id).options(selectinload(Counter.services))
    ).all()
    busy = session.execute(
        select(Ticket.counter_id, Ticket.service_id)
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status.in_(IN_HAND),
               Ticket.counter_id.is_not(None))
    ).all()
    return Floor(serving={c.id: frozenset(s.id for s in c.services) for c in counters},
                 open=frozenset(c.id for c in counters if c.is_open), busy=tuple(map(tuple, busy)))


def service_times(session: Session, site_id: int) -> Callable[[int], timedelta]:
    """Return a service id's moving service time at a site, read once per service."""
    return cache(lambda service_id: service_time(session, site_id, service_id))


def wait_for(session: Session, ticket: Ticket) -> tuple[int, timedelta]:
    """Return how many people of its service are ahead of a ticket, and the estimated wait."""
    earlier = Ticket.queued_at < ticket.queued_at
    ahead = (Ticket.priority.is_(True) & earlier) if ticket.priority else (Ticket.priority.is_(True) | earlier)
    counts = dict(session.execute(
        select(Ticket.service_id, func.count(Ticket.id))
        .where(Ticket.site_id == ticket.site_id, Ticket.day == ticket.day, Ticket.status == Status.WAITING,
               Ticket.id != ticket.id, ahead)
        .group_by(Ticket.service_id)
    ).all())
    estimate = share_of_work(floor(session, ticket.site_id, ticket.day), ticket.service_id, counts,
                             service_times(session, ticket.site_id))
    return counts.get(ticket.service_id, 0), estimate  # its own service's share of them is "people ahead"

