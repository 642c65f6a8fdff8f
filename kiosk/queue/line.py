"""The line as it stands: who waits, who is called next, how many are ahead and how long it may take."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_ZONE
from kiosk.queue import actions
from kiosk.queue.models import Counter, Ticket, TicketEvent, counter_service
from kiosk.queue.ordering import (
    DEFAULT_RULE,
    CallRule,
    Waiting,
    choose_next,
    mean_service_time,
    priority_streak,
)

RECENT_SERVICES = 20  # how many finished tickets the service time is taken from


def waiting(session: Session, site_id: int, day: date) -> list[Waiting]:
    """Return the tickets waiting today at a site, as the ordering sees them."""
    rows = session.execute(
        select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queued_at, Ticket.lang)
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == "waiting")
    )
    return [Waiting(*row) for row in rows]


def todays_streak(session: Session, site_slug: str, day: date) -> int:
    """Count the priority calls in a row at the end of today's calls at a site."""
    start = datetime.combine(day, datetime.min.time(), LOCAL_ZONE)
    calls = session.scalars(
        select(TicketEvent.data).where(TicketEvent.site == site_slug, TicketEvent.kind == "called",
                                       TicketEvent.at >= start).order_by(TicketEvent.id.desc()).limit(50)
    ).all()
    return priority_streak([bool(data.get("priority")) for data in reversed(calls)])


def call_next(session: Session, counter: Counter, site_slug: str, now: datetime,
              rule: CallRule = DEFAULT_RULE) -> Ticket | None:
    """Call the next ticket to a counter; two counters calling at once never get the same ticket."""
    day = now.astimezone(LOCAL_ZONE).date()
    services = {service.id for service in counter.services}
    line = waiting(session, counter.site_id, day)
    streak = todays_streak(session, site_slug, day)
    while line:
        chosen = choose_next(line, services, set(counter.languages), streak, rule)
        if chosen is None:
            return None
        line = [w for w in line if w.id != chosen.id]
        try:
            return actions.call(session, session.get(Ticket, chosen.id), counter, site_slug, now)
        except actions.NotAllowed:  # another counter called it a moment ago: the next one, then
            continue
    return None


def people_ahead(session: Session, ticket: Ticket) -> int:
    """Count the waiting tickets of the same service that will be called before this one."""
    earlier = Ticket.queued_at < ticket.queued_at
    # A priority ticket has only earlier priority tickets ahead; any other has every priority one too.
    ahead = (Ticket.priority.is_(True) & earlier) if ticket.priority else (Ticket.priority.is_(True) | earlier)
    return session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.site_id == ticket.site_id, Ticket.day == ticket.day, Ticket.service_id == ticket.service_id,
            Ticket.status == "waiting", Ticket.id != ticket.id, ahead,
        )
    )


def service_time(session: Session, site_id: int, service_id: int) -> timedelta:
    """Return the moving service time of a service at a site, from its latest finished tickets."""
    rows = session.execute(
        select(Ticket.started_at, Ticket.finished_at)
        .where(Ticket.site_id == site_id, Ticket.service_id == service_id, Ticket.status == "done",
               Ticket.started_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVICES)
    ).all()
    return mean_service_time([finished - started for started, finished in reversed(rows)])


def counters_for(session: Session, service_id: int) -> int:
    """Count the open counters that serve a service; before any opens, every counter that serves it."""
    serving = select(Counter).join(counter_service).where(counter_service.c.service_id == service_id)
    counters = session.scalars(serving).all()
    return sum(counter.is_open for counter in counters) or len(counters)


def wait_for(session: Session, ticket: Ticket) -> tuple[int, timedelta]:
    """Return how many people of its service are ahead of a ticket, and the estimated wait."""
    earlier = Ticket.queued_at < ticket.queued_at
    ahead = (Ticket.priority.is_(True) & earlier) if ticket.priority else (Ticket.priority.is_(True) | earlier)
    return people_ahead(session, ticket), _estimate(session, ticket.site_id, ticket.day, ticket.service_id,
                                                    ahead & (Ticket.id != ticket.id))


def newcomer_wait(session: Session, site_id: int, day: date, service_id: int) -> timedelta:
    """Estimate the wait of a ticket taken now for a service (everyone waiting is ahead of it)."""
    return _estimate(session, site_id, day, service_id, true())


def _estimate(session: Session, site_id: int, day: date, service_id: int, ahead) -> timedelta:
    """Share the work ahead among the counters that will do it.

    The counters that serve the service (the open ones; before any opens, all of them) call from the lines of
    every service they serve, first come first served, so the work ahead is every waiting ticket ahead in those
    lines, each at its service's usual time, counted for the share of its service these counters carry; a
    counter busy with someone has on average half a service left.
    """
    counters = session.scalars(select(Counter).where(Counter.site_id == site_id)).all()
    active = [c for c in counters if c.is_open] or list(counters)
    pool = [c for c in active if _serves(c, service_id)] or [c for c in counters if _serves(c, service_id)]
    if not pool:
        return timedelta(0)  # no counter serves it: nobody can say
    times: dict[int, timedelta] = {}

    def usual(sid: int) -> timedelta:
        if sid not in times:
            times[sid] = service_time(session, site_id, sid)
        return times[sid]

    shared = {s.id for c in pool for s in c.services}
    ahead_counts = session.execute(
        select(Ticket.service_id, func.count(Ticket.id))
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == "waiting",
               Ticket.service_id.in_(shared), ahead)
        .group_by(Ticket.service_id)
    ).all()
    work = timedelta(0)
    for sid, count in ahead_counts:
        carriers = [c for c in active if _serves(c, sid)] or pool
        work += usual(sid) * count * sum(c in pool for c in carriers) / len(carriers)
    busy = session.execute(
        select(Ticket.service_id).where(Ticket.site_id == site_id, Ticket.day == day,
                                        Ticket.status.in_(("called", "serving")),
                                        Ticket.counter_id.in_([c.id for c in pool]))
    ).scalars().all()
    work += sum((usual(sid) / 2 for sid in busy), timedelta(0))
    return work / len(pool)


def _serves(counter: Counter, service_id: int) -> bool:
    return any(service.id == service_id for service in counter.services)
