"""Taking a ticket at a desk's terminal: which service, one ticket per touch, how long the wait reads."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.network.models import Site
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Channel, Service, Ticket

# Offer kinds that someone at a particular service can talk about best; anything else goes to orientation.
SERVICE_FOR_KIND = {"course": "training", "event": "agency"}
AGENCY_SERVICE = "agency"
DEFAULT_SERVICE = "orientation"


def auto_print_token(ticket: Ticket) -> str:
    """Return the print token of a ticket's first receipt: the same on every showing, so it prints only once."""
    return "receipt-" + hashlib.sha256(f"receipt:{ticket.token}".encode()).hexdigest()[:40]


def find_service(session: Session, site_id: int, slug: str) -> Service | None:
    """Return a site's active service by its slug."""
    return session.scalar(
        select(Service).where(Service.site_id == site_id, Service.slug == slug, Service.active.is_(True))
    )


def service_ref(service: Service, site: Site) -> ServiceRef:
    """Return what issuing a ticket needs to know of a service at a site."""
    return ServiceRef(service.id, site.id, site.slug, service.prefix)


def ticket_for_request(session: Session, request_token: str) -> Ticket | None:
    """Return the ticket a form's one-time token has taken already, if any."""
    return session.scalar(select(Ticket).where(Ticket.request_token == request_token))


def take_once(
    session: Session,
    service: ServiceRef,
    lang: str,
    now: datetime,
    request_token: str,
    *,
    priority: bool = False,
    offer_reference: str = "",
    channel: Channel = Channel.KIOSK,
    token: str | None = None,
) -> Ticket:
    """Take a ticket for a form's one-time token, or return the one it took already; commits.

    A double touch sends the same token twice, perhaps at the same moment: the unique request token lets one
    of them in, and the other rolls back and finds that one's ticket. Committing here is what decides it.
    """
    try:  # no look first: the unique token decides, and a repeat (rare) rolls back with its number
        ticket = take_ticket(session, service, lang, now, priority=priority, offer_reference=offer_reference,
                             request_token=request_token, channel=channel, token=token)
        session.commit()
    except IntegrityError:
        session.rollback()
        ticket = ticket_for_request(session, request_token)
        if ticket is None:  # some other constraint failed: not a double touch
            raise
    return ticket


def service_slug_for_offer(kind: str, contract: str, organisation_kind: str) -> str:
    """Return the slug of the service to ask about an offer: courses, agencies and recruiting events have their own."""
    if kind in SERVICE_FOR_KIND:
        return SERVICE_FOR_KIND[kind]
    if kind == "job" and AGENCY_SERVICE in (contract, organisation_kind):
        return AGENCY_SERVICE
    return DEFAULT_SERVICE


def choose_service(services: list[Service], slug: str) -> Service | None:
    """Return the service with a slug among a site's, or the site's first one when it has no such service."""
    return next((service for service in services if service.slug == slug), services[0] if services else None)


def rounded_wait(estimate: timedelta) -> tuple[int, int]:
    """Round an estimated wait to what can honestly be said, as (hours, minutes).

    No wait stays (0, 0); under an hour the wait is rounded up to 5 minutes, so a short wait never reads as
    none; from an hour on, to the nearest 10 minutes, because an estimate is never more precise than that.
    """
    minutes = ceil(estimate.total_seconds() / 60)
    if minutes <= 0:
        return 0, 0
    if minutes < 60:
        return divmod(ceil(minutes / 5) * 5, 60)
    return divmod((minutes + 5) // 10 * 10, 60)
