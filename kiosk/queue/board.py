"""What the waiting-room display shows: the latest calls of the day and how many wait for each service.

Only codes, counters, services and counts: nothing that could identify the person holding a ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_ZONE
from kiosk.network.models import Site
from kiosk.queue.line import waiting_counts
from kiosk.queue.models import CALL_KINDS, Ticket, TicketEvent
from kiosk.queue.services import service_text, site_services

RECENT_CALLS = 6  # the call on show and the five before it
_SCAN = 200  # the day's latest call events read to find RECENT_CALLS distinct tickets


@dataclass(frozen=True)
class Call:
    """A ticket called (or called again) to a counter: one event of the log."""

    event_id: int
    event_uuid: str
    kind: str
    letter: str
    number: int
    counter: int | None
    lang: str  # the language the holder chose: the call is announced in it too
    at: datetime

    @property
    def code(self) -> str:
        """Return the code as printed on the ticket, e.g. B017."""
        return f"{self.letter}{self.number:03d}"


@dataclass(frozen=True)
class ServiceCount:
    """A service of the site with the tickets waiting for it."""

    prefix: str
    name: str  # in Italian, the desk's language
    name_en: str
    waiting: int


@dataclass(frozen=True)
class Board:
    """The display's state for a site and day: calls newest first, and the lines."""

    site_slug: str
    site_name: str
    day: date
    calls: list[Call]
    services: list[ServiceCount]

    @property
    def current(self) -> Call | None:
        """Return the call on show, the newest of the day."""
        return self.calls[0] if self.calls else None

    @property
    def earlier(self) -> list[Call]:
        """Return the calls before the current one, newest first."""
        return self.calls[1:]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Return the first moment of a local day (Europe/Rome) and of the next."""
    start = datetime.combine(day, time.min, LOCAL_ZONE)
    return start, datetime.combine(day + timedelta(days=1), time.min, LOCAL_ZONE)


def recent_calls(session: Session, site_slug: str, day: date, limit: int = RECENT_CALLS) -> list[Call]:
    """Return a site's latest calls of a local day, newest first, each ticket once (at its latest call)."""
    start, end = day_bounds(day)
    rows = session.execute(
        select(TicketEvent.id, TicketEvent.uuid, TicketEvent.kind, TicketEvent.at, TicketEvent.data,
               Ticket.prefix, Ticket.number, Ticket.uuid)
        .join(Ticket, Ticket.uuid == TicketEvent.ticket_uuid)
        .where(TicketEvent.site == site_slug, TicketEvent.kind.in_(CALL_KINDS),
               TicketEvent.at >= start, TicketEvent.at < end)
        .order_by(TicketEvent.id.desc()).limit(_SCAN)
    )
    calls: list[Call] = []
    seen: set[str] = set()
    for event_id, event_uuid, kind, at, data, prefix, number, ticket_uuid in rows:
        if ticket_uuid in seen:
            continue
        seen.add(ticket_uuid)
        calls.append(Call(event_id, event_uuid, kind, prefix, number, data.get("counter"), data.get("lang", "it"), at))
        if len(calls) == limit:
            break
    return calls


def build_board(session: Session, site: Site, day: date, limit: int = RECENT_CALLS) -> Board:
    """Build what a site's display shows on a local day, from the database."""
    counts = waiting_counts(session, site.id, day)
    services = [
        ServiceCount(service.prefix, service_text(service, "it")["name"], service_text(service, "en")["name"],
                     counts.get(service.id, 0))
        for service in site_services(session, site.id)
    ]
    return Board(site.slug, site.name, day, recent_calls(session, site.slug, day, limit), services)


def find_call(session: Session, site_slug: str, event_uuid: str) -> Call | None:
    """Return one call of a site by its event's UUID (for its announcement), or None."""
    row = session.execute(
        select(TicketEvent.id, TicketEvent.uuid, TicketEvent.kind, TicketEvent.at, TicketEvent.data,
               Ticket.prefix, Ticket.number)
        .join(Ticket, Ticket.uuid == TicketEvent.ticket_uuid)
        .where(TicketEvent.uuid == event_uuid, TicketEvent.site == site_slug, TicketEvent.kind.in_(CALL_KINDS))
    ).first()
    if row is None:
        return None
    event_id, uuid, kind, at, data, prefix, number = row
    return Call(event_id, uuid, kind, prefix, number, data.get("counter"), data.get("lang", "it"), at)
