"""The queue's figures, read from the ticket event log: what central receives from every desk.

Each function answers with one or two aggregate queries, so a year of four desks stays well under a second.
Durations are measured per ticket inside the database; their percentiles come from PostgreSQL's
percentile_cont, or on SQLite from the same interpolation in Python over the one column of durations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import String, and_, func, literal, select
from sqlalchemy.orm import Session, aliased

from kiosk.clock import LOCAL_ZONE
from kiosk.network.models import Site
from kiosk.queue.models import Channel, EventKind, Service, TicketEvent
from kiosk.reports.period import Period, Scope
from kiosk.reports.stats import Durations

CHANNELS = tuple(channel.value for channel in Channel)


@dataclass(frozen=True)
class Tickets:
    """Tickets taken: how many, through which channel, in which language, with priority."""

    total: int = 0
    priority: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)

    @property
    def priority_share(self) -> float | None:
        return self.priority / self.total if self.total else None


@dataclass(frozen=True)
class Times:
    """Waiting (taken → first call) and service (started → finished) times, and the tickets nobody came for."""

    waiting: Durations
    service: Durations
    called: int
    no_shows: int

    @property
    def no_show_share(self) -> float | None:
        return self.no_shows / self.called if self.called else None


def tickets(session: Session, scope: Scope, period: Period) -> Tickets:
    """Count the tickets taken in a scope and period by channel, language and priority."""
    taken = _events(session, EventKind.TAKEN, scope, period)
    lang, channel = TicketEvent.data["lang"].as_string(), TicketEvent.data["channel"].as_string()
    priority = TicketEvent.data["priority"].as_boolean()
    rows = session.execute(
        select(lang, channel, priority, func.count()).where(*taken).group_by(lang, channel, priority))
    by_language, by_channel, total, with_priority = Counter(), Counter(), 0, 0
    for language, via, urgent, count in rows:
        by_language[language or ""] += count
        by_channel[via or Channel.KIOSK.value] += count
        total += count
        with_priority += count if urgent else 0
    return Tickets(total, with_priority, {c: by_channel[c] for c in CHANNELS}, dict(by_language.most_common()))


def times(session: Session, scope: Scope, period: Period) -> Times:
    """Measure waiting and service times, and count the calls and the no-shows, in a scope and period."""
    later = aliased(TicketEvent)
    first_call = (select(func.min(later.at))
                  .where(later.ticket_uuid == TicketEvent.ticket_uuid, later.kind == EventKind.CALLED)
                  .scalar_subquery())
    service_end = (select(func.min(later.at))
                   .where(later.ticket_uuid == TicketEvent.ticket_uuid, later.at >= TicketEvent.at,
                          later.kind.in_((EventKind.FINISHED, EventKind.TRANSFERRED)))
                   .scalar_subquery())
    waiting = _durations(session, first_call, _events(session, EventKind.TAKEN, scope, period))
    service = _durations(session, service_end, _events(session, EventKind.STARTED, scope, period))
    no_shows = session.scalar(select(func.count()).where(*_events(session, EventKind.NO_SHOW, scope, period)))
    return Times(waiting, service, waiting.count, no_shows or 0)


def busiest_hours(session: Session, scope: Scope, period: Period) -> dict[tuple[int, int], int]:
    """Count the tickets taken per local weekday (0 = Monday) and hour in a scope and period."""
    # Whole UTC hours map onto whole local hours (Rome's offsets are whole hours), so the database groups by
    # the UTC hour, with no time zone support needed on SQLite, and Python places each hour on the local grid.
    if session.get_bind().dialect.name == "postgresql":
        hour = func.date_trunc("hour", func.timezone("UTC", TicketEvent.at))
    else:
        hour = func.strftime("%Y-%m-%d %H", TicketEvent.at, type_=String)
    rows = session.execute(select(hour, func.count()).where(*_events(session, EventKind.TAKEN, scope, period))
                           .group_by(hour))
    grid: Counter = Counter()
    for moment, count in rows:
        if isinstance(moment, str):
            moment = datetime.strptime(moment, "%Y-%m-%d %H")
        local = moment.replace(tzinfo=UTC).astimezone(LOCAL_ZONE)
        grid[(local.weekday(), local.hour)] += count
    return dict(grid)


def service_ids(session: Session, scope: Scope) -> list[int] | None:
    """Return the ids of the scope's service at its desks, or None when the scope covers every service."""
    if scope.service is None:
        return None
    query = select(Service.id).join(Site, Site.id == Service.site_id).where(Service.slug == scope.service)
    if scope.sites:
        query = query.where(Site.slug.in_(scope.sites))
    return list(session.scalars(query))


def _events(session: Session, kind: EventKind, scope: Scope, period: Period) -> list:
    start, end = period.bounds()
    conditions = [TicketEvent.kind == kind, TicketEvent.at >= start, TicketEvent.at < end]
    if scope.sites:
        conditions.append(TicketEvent.site.in_(scope.sites))
    ids = service_ids(session, scope)
    if ids is not None:
        conditions.append(TicketEvent.data["service_id"].as_integer().in_(ids) if ids else literal(False))
    return conditions


def _durations(session: Session, until, conditions: list) -> Durations:
    """Summarise the seconds from each matching event to `until` (a moment per event; none: not measured)."""
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", until - TicketEvent.at)
        inner = select(seconds.label("seconds")).where(*conditions).subquery()
        count, median, p90 = session.execute(select(
            func.count(inner.c.seconds),
            func.percentile_cont(0.5).within_group(inner.c.seconds),
            func.percentile_cont(0.9).within_group(inner.c.seconds))).one()
        return Durations(count, _float(median), _float(p90))
    seconds = func.round((func.julianday(until) - func.julianday(TicketEvent.at)) * 86400.0, 3)
    measured = session.scalars(select(seconds).where(and_(*conditions), until.is_not(None)))
    return Durations.of(list(measured))


def _float(value) -> float | None:
    return None if value is None else float(value)
