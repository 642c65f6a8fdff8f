"""What the counter screen shows, as template values: the panel (the ticket in hand and the actions) and the line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from flask_babel import format_time, get_locale
from sqlalchemy.orm import Session

from kiosk import clock, i18n
from kiosk.clock import local_day
from kiosk.counter import receptionist
from kiosk.network.models import Site
from kiosk.queue import line
from kiosk.queue.models import Counter, Service, Ticket
from kiosk.queue.ordering import DEFAULT_RULE, CallRule
from kiosk.queue.services import in_display_order, service_text, site_services


@dataclass(frozen=True)
class LineEntry:
    """A waiting ticket as the line shows it."""

    ticket: Ticket
    service: str  # the service's name in the screen's language
    waited: timedelta
    spoken: bool  # the counter's staff speak the ticket's language


def panel_context(session: Session, counter: Counter, site: Site, user_id: int) -> dict:
    """Return what the panel shows: the counter's state, the ticket in hand and where it may be transferred."""
    now = clock.now()
    lang = i18n.current_language()
    current = receptionist.current_ticket(session, counter, local_day(now))
    desk_services = [(service, _name(service, lang)) for service in site_services(session, site.id)]
    transfer_to = [] if current is None else [
        (service, name) for service, name in desk_services if service.id != current.service_id
    ]
    return {
        "counter": counter,
        "site": site,
        "now": now,
        "mine": counter.staffed_by_id == user_id,
        "staffed_by": receptionist.staff_name(session, counter),
        "services": [_name(s, lang) for s in in_display_order(counter.services)],
        "current": current,
        "current_service": _name(current.service, lang) if current else "",
        "waited": current.called_at - current.taken_at if current and current.called_at else None,
        "transfer_to": transfer_to,
        "desk_services": desk_services,
        "state": receptionist.state_key(counter, current),
        **FORMATS,
    }


def line_context(session: Session, counter: Counter, site: Site, user_id: int,
                 rule: CallRule = DEFAULT_RULE) -> dict:
    """Return what the line shows: today's waiting tickets in calling order, and how many wait per service."""
    now = clock.now()
    day = local_day(now)
    lang = i18n.current_language()
    current = receptionist.current_ticket(session, counter, day)
    entries = [
        LineEntry(ticket, _name(ticket.service, lang), now - ticket.taken_at, ticket.lang in counter.languages)
        for ticket in line.counter_line(session, counter, site.slug, day, rule)
    ]
    per_service = [(service, _name(service, lang), count)
                   for service, count in receptionist.waiting_per_service(session, counter, day)]
    state = receptionist.state_key(counter, current)
    can_call = counter.staffed_by_id == user_id and counter.paused_at is None and current is None
    seen = (state, lang, [(e.ticket.id, e.ticket.service_id, e.ticket.priority, e.waited // timedelta(minutes=1))
                          for e in entries], [count for _s, _n, count in per_service])
    return {
        "counter": counter,
        "entries": entries,
        "per_service": per_service,
        "can_call": can_call,
        "state": state,
        "digest": hashlib.sha256(repr(seen).encode()).hexdigest()[:20],
        **FORMATS,
    }


def minutes(value: timedelta) -> str:
    """Return a duration in whole minutes, as the active language writes it ("12 min")."""
    whole = max(value, timedelta(0)) // timedelta(minutes=1)
    return format_timedelta(timedelta(minutes=whole), granularity="minute", threshold=10**6, format="short",
                            locale=get_locale())


def clock_time(value: datetime) -> str:
    """Return a moment's local time of day (Europe/Rome), e.g. 09:42."""
    return format_time(value, "HH:mm")  # Flask-Babel shows it in Europe/Rome


def stopwatch(since: datetime, now: datetime) -> str:
    """Return the time elapsed since a moment as mm:ss (h:mm:ss past an hour), as the ticking timer shows it."""
    seconds = max(0, int((now - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


FORMATS = {"minutes": minutes, "clock_time": clock_time, "stopwatch": stopwatch}


def _name(service: Service, lang: str) -> str:
    return service_text(service, lang)["name"]
