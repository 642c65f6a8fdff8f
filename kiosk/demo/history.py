"""A generated history of the desks' queues and offer use, for the demo's reports and the reports' benchmark.

Weekday mornings (and two afternoons), the busiest hours mid-morning, each desk with its own crowd; every ticket
with the events a desk logs (taken, called, perhaps recalled, started and finished, or a no-show, or cancelled from
a phone) and the offers looked at meanwhile. Rows go in with bulk inserts a week at a time, so a quarter loads in
seconds and a year in under a minute. Seeded: the same history every time.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_ZONE
from kiosk.demo.simulation import LANGUAGE_WEIGHTS, SERVICE_MINUTES, SERVICE_WEIGHTS
from kiosk.network.models import Site
from kiosk.offers.models import Offer
from kiosk.queue.models import Counter, EventKind, Service, Status, Ticket, TicketEvent
from kiosk.usage.models import UsageEvent

SITE_WEIGHTS = {"la-spezia": 1.4, "sarzana": 1.1, "santo-stefano-di-magra": 0.8, "vezzano-ligure": 0.7}
WEEKDAY_WEIGHTS = (1.25, 1.1, 1.0, 1.05, 0.8)  # Monday to Friday; closed at the weekend
# Half-hour slots a desk is open and how busy each is: mornings every weekday, afternoons on Tuesday and Thursday.
MORNING = {time(8, 30): 3, time(9, 0): 6, time(9, 30): 8, time(10, 0): 10, time(10, 30): 10, time(11, 0): 9,
           time(11, 30): 7, time(12, 0): 5, time(12, 30): 3}
AFTERNOON = {time(14, 30): 4, time(15, 0): 5, time(15, 30): 4, time(16, 0): 2}
CHANNEL_WEIGHTS = {"kiosk": 80, "remote": 12, "desk": 8}
PRIORITY_SHARE, NO_SHOW_SHARE, RECALL_SHARE = 0.06, 0.05, 0.04
CANCEL_SHARE = {"remote": 0.12, "kiosk": 0.01, "desk": 0.0}
USES_PER_TICKET = {"view": 1.2, "print": 0.2, "phone": 0.15, "sheet": 0.05}
BATCH_DAYS = 7


@dataclass(frozen=True)
class _Desk:
    slug: str
    id: int
    weight: float
    services: list[tuple[int, str, str]]  # id, slug, prefix
    counters: dict[int, list[tuple[int, int]]]  # service id: [(counter id, number)]


def load_history(session: Session, first: date, last: date, per_day: float, seed: int = 2026) -> int:
    """Give every desk a history from one local date to another, about `per_day` tickets a desk and weekday.

    Flushes and inserts in batches (the caller commits); returns how many tickets.
    """
    rng = random.Random(seed)
    desks = _desks(session)
    offers = list(session.execute(select(Offer.id).order_by(Offer.id)).scalars())
    tickets = 0
    day = first
    while day <= last:
        batch_end = min(day + timedelta(days=BATCH_DAYS - 1), last)
        rows: dict[str, list[dict]] = defaultdict(list)
        while day <= batch_end:
            for desk in desks:
                _day(rng, desk, day, per_day, offers, rows)
            day += timedelta(days=1)
        for table in (Ticket.__table__, TicketEvent.__table__, UsageEvent.__table__):
            if rows[table.name]:
                _insert(session, table, rows[table.name])
        tickets += len(rows["ticket"])
    return tickets


def _insert(session: Session, table, rows: list[dict]) -> None:
    """Insert rows through the driver's executemany, values made ready here: ten times faster than the ORM's."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    names = list(rows[0])
    marks = ", ".join(["?" if sqlite else "%s"] * len(names))
    statement = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
    connection.exec_driver_sql(statement, [tuple(_ready(row[name], sqlite) for name in names) for row in rows])


def _ready(value, sqlite: bool):
    if isinstance(value, datetime):  # as UTCDateTime stores it: naive UTC text on SQLite
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value
    if isinstance(value, date):
        return value.isoformat() if sqlite else value
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def has_history(session: Session, before: date) -> bool:
    """Say whether the desks already have tickets from before a day (the demo loads its history once)."""
    return bool(session.scalar(select(func.count(Ticket.id)).where(Ticket.day < before)))


def _desks(session: Session) -> list[_Desk]:
    desks = []
    for site in session.scalars(select(Site).order_by(Site.slug)):
        services = [(s.id, s.slug, s.prefix) for s in session.scalars(
            select(Service).where(Service.site_id == site.id, Service.active).order_by(Service.position))]
        counters: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for counter in session.scalars(select(Counter).where(Counter.site_id == site.id)):
            for service in counter.services:
                counters[service.id].append((counter.id, counter.number))
        if services:
            desks.append(_Desk(site.slug, site.id, SITE_WEIGHTS.get(site.slug, 1.0), services, dict(counters)))
    return desks


def _day(rng: random.Random, desk: _Desk, day: date, per_day: float, offers: list[int], rows: dict) -> None:
    if day.weekday() >= 5:
        return
    slots = dict(MORNING) | (AFTERNOON if day.weekday() in (1, 3) else {})
    count = max(0, round(rng.gauss(per_day * desk.weight * WEEKDAY_WEIGHTS[day.weekday()], per_day * 0.1)))
    starts = rng.choices(list(slots), weights=list(slots.values()), k=count)
    arrivals = sorted(datetime.combine(day, start, LOCAL_ZONE) + timedelta(seconds=rng.randrange(1800))
                      for start in starts)
    services = [s for s in desk.services if desk.counters.get(s[0])] or desk.services
    weights = [SERVICE_WEIGHTS.get(s[1], 1) for s in services]
    numbers: dict[str, int] = defaultdict(int)
    for taken in arrivals:
        service = rng.choices(services, weights=weights)[0]
        numbers[service[2]] += 1
        _ticket(rng, desk, day, service, numbers[service[2]], taken.astimezone(UTC), rows)
    for kind, share in USES_PER_TICKET.items():
        for _ in range(round(count * share) if offers else 0):
            rows["usage_event"].append({
                "uuid": _uuid(rng), "kind": kind, "site": desk.slug, "terminal": "",
                "offer_id": offers[min(int(rng.paretovariate(1.2)) - 1, len(offers) - 1)],
                "lang": _language(rng), "created_at": rng.choice(arrivals).astimezone(UTC) + timedelta(minutes=3),
                "sent_at": datetime.combine(day, time(23), UTC)})


def _ticket(rng: random.Random, desk: _Desk, day: date, service: tuple, number: int, taken: datetime,
            rows: dict) -> None:
    service_id, slug, prefix = service
    lang = _language(rng)
    channel = rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUMULATIVE)[0]
    priority = rng.random() < PRIORITY_SHARE
    counter_id, counter_number = rng.choice(desk.counters.get(service_id) or [(None, 1)])
    ticket = {"uuid": _uuid(rng), "token": secrets.token_urlsafe(32), "request_token": None,
              "site_id": desk.id, "service_id": service_id, "day": day, "number": number, "prefix": prefix,
              "lang": lang, "channel": channel, "priority": priority, "offer_reference": "",
              "counter_id": None, "queued_at": taken, "taken_at": taken,
              "called_at": None, "started_at": None, "finished_at": None}
    common = {"service_id": service_id, "number": number, "day": day.isoformat(), "lang": lang}
    events = [(EventKind.TAKEN, taken, {"channel": channel, "priority": priority})]
    if rng.random() < CANCEL_SHARE[channel]:
        ticket.update(status=Status.CANCELLED, finished_at=taken + timedelta(minutes=rng.uniform(3, 40)))
        events.append((EventKind.CANCELLED, ticket["finished_at"], {}))
    else:
        busy = MORNING.get(time(taken.astimezone(LOCAL_ZONE).hour, 0), 5) / 5
        wait = rng.lognormvariate(0, 0.6) * 7 * busy * (0.4 if priority else 1)
        called = taken + timedelta(minutes=wait)
        ticket.update(counter_id=counter_id, called_at=called)
        events.append((EventKind.CALLED, called, {"counter": counter_number, "priority": priority}))
        if rng.random() < RECALL_SHARE:
            called += timedelta(minutes=1.5)
            events.append((EventKind.RECALLED, called, {}))
        if rng.random() < NO_SHOW_SHARE:
            ticket.update(status=Status.NO_SHOW, finished_at=called + timedelta(minutes=3))
            events.append((EventKind.NO_SHOW, ticket["finished_at"], {}))
        else:
            started = called + timedelta(minutes=rng.uniform(0.5, 2))
            finished = started + timedelta(minutes=rng.lognormvariate(0, 0.35) * SERVICE_MINUTES.get(slug, 10))
            ticket.update(status=Status.DONE, started_at=started, finished_at=finished)
            events += [(EventKind.STARTED, started, {}), (EventKind.FINISHED, finished, {})]
    rows["ticket"].append(ticket)
    sent = datetime.combine(day, time(23), UTC)
    rows["ticket_event"].extend(
        {"uuid": _uuid(rng), "ticket_uuid": ticket["uuid"], "site": desk.slug, "kind": kind.value,
         "at": at, "data": {**common, **extra}, "sent_at": sent} for kind, at, extra in events)


_LANGUAGES, _LANGUAGE_CUMULATIVE = list(LANGUAGE_WEIGHTS), list(accumulate(LANGUAGE_WEIGHTS.values()))
_CHANNELS, _CHANNEL_CUMULATIVE = list(CHANNEL_WEIGHTS), list(accumulate(CHANNEL_WEIGHTS.values()))


def _language(rng: random.Random) -> str:
    return rng.choices(_LANGUAGES, cum_weights=_LANGUAGE_CUMULATIVE)[0]


def _uuid(rng: random.Random) -> str:
    """Return a version 4 UUID drawn from the seeded generator: the same history every time."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
