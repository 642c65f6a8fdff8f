"""The queue's figures: tickets taken in a period at some desks, for a service or all, from their folded figures.

Each function folds the event log first (so it counts every event logged so far), then answers with one or two
aggregate queries over one row per ticket. Every figure counts the tickets taken in the period, under the service
they were taken for. Percentiles come from PostgreSQL's percentile_cont, or on SQLite from the same interpolation
in Python over the distinct durations and their counts (whole seconds: a few thousand pairs for a year).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from kiosk.i18n import LANGUAGES
from kiosk.network.models import Site
from kiosk.queue.models import Channel, Service
from kiosk.reports.fold import fold
from kiosk.reports.models import TicketFigures as T
from kiosk.reports.period import Period, Scope
from kiosk.reports.stats import Durations, percentile_of_counts

CHANNELS = tuple(channel.value for channel in Channel)
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)


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
    # One pass of sums over the known values, rather than a GROUP BY on text (SQLite sorts for that).
    sums = [func.count(), func.sum(case((T.priority, 1), else_=0))]
    sums += [func.sum(case((T.channel == channel, 1), else_=0)) for channel in CHANNELS]
    sums += [func.sum(case((T.lang == code, 1), else_=0)) for code in LANGUAGE_CODES]
    total, priority, *counts = session.execute(select(*sums).where(*_taken(session, scope, period))).one()
    counts = [count or 0 for count in counts]
    by_channel = dict(zip(CHANNELS, counts[:len(CHANNELS)], strict=True))
    by_language = Counter(dict(zip(LANGUAGE_CODES, counts[len(CHANNELS):], strict=True)))
    by_language[""] = (total or 0) - sum(by_language.values())  # a language no longer offered
    return Tickets(total or 0, priority or 0, by_channel,
                   {code: count for code, count in by_language.most_common() if count})


def times(session: Session, scope: Scope, period: Period) -> Times:
    """Measure waiting and service times, and count the calls and the no-shows, in a scope and period."""
    conditions = _taken(session, scope, period)
    no_shows = session.scalar(select(func.count()).where(*conditions, T.no_show)) or 0
    waiting = _durations(session, T.waited, conditions)
    return Times(waiting, _durations(session, T.served, conditions), waiting.count, no_shows)


def busiest_hours(session: Session, scope: Scope, period: Period) -> dict[tuple[int, int], int]:
    """Count the tickets taken per local weekday (0 = Monday) and hour in a scope and period."""
    slot = T.weekday * 24 + T.hour  # one whole number to group by: cheaper than two columns on SQLite
    rows = session.execute(select(slot, func.count()).where(*_taken(session, scope, period)).group_by(slot))
    return {divmod(key, 24): count for key, count in rows}


def service_ids(session: Session, scope: Scope) -> list[int] | None:
    """Return the ids of the scope's service at its desks, or None when the scope covers every service."""
    if scope.service is None:
        return None
    query = select(Service.id).join(Site, Site.id == Service.site_id).where(Service.slug == scope.service)
    if scope.sites:
        query = query.where(Site.slug.in_(scope.sites))
    return list(session.scalars(query))


def _taken(session: Session, scope: Scope, period: Period) -> list:
    fold(session)
    start, end = period.bounds()
    conditions = [T.taken_at >= start, T.taken_at < end]
    if scope.sites:
        conditions.append(T.site.in_(scope.sites))
    ids = service_ids(session, scope)
    if ids is not None:
        conditions.append(T.service_id.in_(ids) if ids else false())
    return conditions


def _durations(session: Session, seconds, conditions: list) -> Durations:
    """Summarise a column of seconds over the matching tickets (None: not measured)."""
    if session.get_bind().dialect.name == "postgresql":
        count, median, p90 = session.execute(select(
            func.count(seconds), func.percentile_cont(0.5).within_group(seconds),
            func.percentile_cont(0.9).within_group(seconds)).where(*conditions)).one()
        return Durations(count, _float(median), _float(p90))
    counted = session.execute(select(seconds, func.count()).where(*conditions, seconds.is_not(None))
                              .group_by(seconds).order_by(seconds)).all()
    return Durations(sum(count for _value, count in counted), _float(percentile_of_counts(counted, 0.5)),
                     _float(percentile_of_counts(counted, 0.9)))


def _float(value) -> float | None:
    return None if value is None else float(value)
