"""A simulated morning at a desk: people arrive, counters call, serve and finish, through the real queue functions.

The demo loads yesterday's simulated morning, so the estimated wait starts from observed service times; the
benchmark runs a morning and compares, for every ticket, the wait estimated when it was taken with the wait it had.
Everything is drawn from a seeded generator, so a run is the same every time.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_ZONE
from kiosk.network.models import Site
from kiosk.queue import actions, line
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service, Ticket

STEP = timedelta(seconds=30)
# Typical minutes at the counter per service, and how often people ask for it.
SERVICE_MINUTES = {"orientation": 12, "cv-help": 15, "registration": 7, "training": 6, "agency": 9, "rights": 14}
SERVICE_WEIGHTS = {"orientation": 5, "cv-help": 3, "registration": 4, "training": 2, "agency": 2, "rights": 1}
LANGUAGE_WEIGHTS = {"it": 60, "ar": 10, "uk": 6, "ro": 6, "en": 5, "fr": 4, "es": 3, "sq": 4, "zh_Hans": 2}
PRIORITY_SHARE = 0.06
NO_SHOW_SHARE = 0.05


@dataclass(frozen=True)
class Outcome:
    """One ticket of the simulated morning: the wait estimated when it was taken and the wait it had."""

    code: str
    estimated: timedelta
    actual: timedelta


@dataclass(frozen=True)
class Morning:
    """Who comes and how busy it is."""

    day: date
    opens: time = time(9, 0)
    closes: time = time(12, 30)  # the last ticket is taken before; the counters serve everyone who waits
    arrivals_per_counter_hour: float = 5.0  # a busy morning: the counters are seldom idle, the line stays short
    seed: int = 2026


def simulate(session: Session, site: Site, morning: Morning) -> list[Outcome]:
    """Run a morning at a site through the queue functions; commit as it goes; return each called ticket's waits."""
    rng = random.Random(morning.seed)
    services = {s.slug: s for s in session.scalars(select(Service).where(Service.site_id == site.id))}
    counters = list(session.scalars(select(Counter).where(Counter.site_id == site.id).order_by(Counter.number)))
    if not counters:
        return []
    now = datetime.combine(morning.day, morning.opens, LOCAL_ZONE)
    closes = datetime.combine(morning.day, morning.closes, LOCAL_ZONE)
    gives_up = closes + timedelta(hours=4)  # whoever is still waiting then has no counter for their service
    per_hour = morning.arrivals_per_counter_hour * len(counters)
    next_arrival = now + _gap(rng, per_hour)
    busy_until = {counter.id: now for counter in counters}
    at_counter: dict[int, tuple[Ticket, datetime, bool]] = {}  # counter id: ticket, when it ends, came or not
    estimates: dict[int, timedelta] = {}
    outcomes: list[Outcome] = []
    while now < closes or (now < gives_up and (at_counter or line.waiting(session, site.id, morning.day))):
        while now < closes and next_arrival <= now:
            ticket = _arrive(session, rng, site, services, next_arrival)
            estimates[ticket.id] = line.wait_for(session, ticket)[1]
            next_arrival += _gap(rng, per_hour)
        for counter in counters:
            if busy_until[counter.id] > now:
                continue
            if counter.id in at_counter:
                ticket, _ends, came = at_counter.pop(counter.id)
                (actions.finish if came else actions.no_show)(session, ticket, site.slug, now)
            called = line.call_next(session, counter, site.slug, now)
            if called is None:
                continue
            outcomes.append(Outcome(called.code, estimates.pop(called.id), called.called_at - called.taken_at))
            came = rng.random() >= NO_SHOW_SHARE
            if came:
                actions.start(session, called, site.slug, now + timedelta(minutes=1))
                minutes = rng.lognormvariate(0, 0.35) * SERVICE_MINUTES.get(called.service.slug, 10)
                busy_until[counter.id] = now + timedelta(minutes=1 + minutes)
            else:
                busy_until[counter.id] = now + timedelta(minutes=3)
            at_counter[counter.id] = (called, busy_until[counter.id], came)
        session.commit()
        now += STEP
    return outcomes


def load_yesterday(session: Session, site: Site, today: date) -> int:
    """Give a site yesterday's simulated morning (once), so estimates start from observed times; return tickets."""
    yesterday = today - timedelta(days=1)
    if session.scalar(select(func.count(Ticket.id)).where(Ticket.site_id == site.id, Ticket.day == yesterday)):
        return 0
    return len(simulate(session, site, Morning(day=yesterday, seed=zlib.crc32(site.slug.encode()))))


def _arrive(session: Session, rng: random.Random, site: Site, services: dict[str, Service], at: datetime) -> Ticket:
    offered = [slug for slug in SERVICE_WEIGHTS if slug in services and services[slug].counters]
    slug = rng.choices(offered, weights=[SERVICE_WEIGHTS[s] for s in offered])[0]
    lang = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    service = services[slug]
    ref = ServiceRef(service.id, site.id, site.slug, service.prefix)
    return take_ticket(session, ref, lang, at, priority=rng.random() < PRIORITY_SHARE)


def _gap(rng: random.Random, per_hour: float) -> timedelta:
    return timedelta(hours=rng.expovariate(per_hour))
