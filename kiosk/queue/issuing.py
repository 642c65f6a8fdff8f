"""Issuing a ticket (the day's next number of its service) and logging every change of a ticket."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.clock import local_day
from kiosk.queue.models import Channel, EventKind, Status, Ticket, TicketEvent
from kiosk.queue.numbering import take_number


@dataclass(frozen=True)
class ServiceRef:
    """What issuing a ticket needs to know of a service, as plain values."""

    id: int
    site_id: int
    site_slug: str
    prefix: str


def take_ticket(
    session: Session,
    service: ServiceRef,
    lang: str,
    now: datetime,
    *,
    priority: bool = False,
    channel: Channel = Channel.KIOSK,
    offer_reference: str = "",
    request_token: str | None = None,
    token: str | None = None,
) -> Ticket:
    """Issue the next ticket of the local day for a service and log it; the caller commits.

    `token` is the phone page's address when it was chosen before the ticket (a remote request's); else a new one.
    """
    channel = Channel(channel)  # ValueError for a channel that does not exist
    day = local_day(now)
    number = take_number(session, service.site_id, service.id, day)  # first: the write lock, then the rest
    ticket = Ticket(
        token=token or secrets.token_urlsafe(32), site_id=service.site_id, service_id=service.id, day=day,
        number=number, prefix=service.prefix, lang=lang, channel=channel, priority=priority,
        offer_reference=offer_reference, request_token=request_token, status=Status.WAITING, queued_at=now,
        taken_at=now,
    )
    session.add(ticket)
    session.flush()
    log(session, ticket, service.site_slug, EventKind.TAKEN, now, channel=channel, priority=priority)
    return ticket


def log(session: Session, ticket: Ticket, site_slug: str, kind: EventKind, at: datetime, **data) -> TicketEvent:
    """Append an event for a change of a ticket: no personal data, only what the queue knows."""
    event = TicketEvent(
        ticket_uuid=ticket.uuid, site=site_slug, kind=kind, at=at,
        data={"service_id": ticket.service_id, "number": ticket.number, "day": ticket.day.isoformat(),
              "lang": ticket.lang, **data},
    )
    session.add(event)
    return event
