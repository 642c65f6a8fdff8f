"""Tickets asked for from a phone: the choices, the refusals said at once, the requests central keeps for the desks.

At central a request waits for its desk's next round (kiosk.sync.remote_desk), which gives it a number or refuses
it; on a standalone server there is no desk to wait for and the view issues the ticket at once. Plain functions of
a session and plain values; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.network import closures
from kiosk.network.models import Site
from kiosk.queue.models import Service, Ticket
from kiosk.queue.services import service_text, site_services
from kiosk.remote.models import RemoteRequest, RequestKind, RequestStatus
from kiosk.sync.links import is_online, last_heard

REQUEST_LIFETIME = timedelta(minutes=3)  # a request no desk took by then expires: the phone is told to try again
CANCEL_LIFETIME = timedelta(hours=12)  # a cancellation waits for its desk all day: the ticket is the day's
MAX_PER_ROUND = 100  # requests given to a desk in one answer; the rest on the next round
MAX_TOKEN_LENGTH = 64

# Why a request is refused: the code stored and sent; the phone page says each in its own words.
CLOSED, OFFLINE, SERVICE, CALLED = "closed", "offline", "service", "called"
REASONS = (CLOSED, OFFLINE, SERVICE, CALLED)


@dataclass(frozen=True)
class SiteChoice:
    """A site a phone may ask a ticket of, with its active services' names in the phone's language."""

    site: Site
    services: list[tuple[Service, str]]


class NotThisSite(Exception):
    """A desk answered for a request that is not its site's (or does not exist): the whole answer is refused."""


def choices(session: Session, lang: str) -> list[SiteChoice]:
    """Return the active sites with active services, by name, each service named in `lang` (Italian if none)."""
    sites = session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.name)).all()
    found = []
    for site in sites:
        services = [(service, service_text(service, lang)["name"]) for service in site_services(session, site.id)]
        if services:
            found.append(SiteChoice(site, services))
    return found


def find_choice(session: Session, site_id: int | None, service_id: int | None) -> tuple[Site, Service] | None:
    """Return an active site and one of its active services by their ids, or None for anything else."""
    site = session.get(Site, site_id) if site_id else None
    service = session.get(Service, service_id) if service_id else None
    if site is None or service is None or not site.active or not service.active or service.site_id != site.id:
        return None
    return site, service


def desk_online(session: Session, site_id: int, now: datetime) -> bool:
    """Say whether a site's desk called central recently enough to count as online."""
    return is_online(last_heard(session, site_id), now)


def why_not_now(session: Session, site: Site, now: datetime, *, always_open: bool, needs_desk: bool) -> str | None:
    """Return why a ticket cannot be asked of a site now (CLOSED, OFFLINE), or None when it can."""
    if not closures.site_opening(session, site, now, always_open).open:
        return CLOSED
    if needs_desk and not desk_online(session, site.id, now):
        return OFFLINE
    return None


def by_uuid(session: Session, request_uuid: str) -> RemoteRequest | None:
    """Return the request a phone's form made already (a second touch, a reload), or None."""
    return session.scalar(select(RemoteRequest).where(RemoteRequest.uuid == request_uuid))


def ask(session: Session, site: Site, service: Service, lang: str, now: datetime, request_uuid: str) -> RemoteRequest:
    """Record a phone's request for a ticket for its desk; the same form sent twice gives the same request."""
    found = by_uuid(session, request_uuid)
    if found is not None:
        return found
    asked = RemoteRequest(uuid=request_uuid, kind=RequestKind.TICKET, site_id=site.id, service_id=service.id,
                          lang=lang, status=RequestStatus.PENDING, reason="", code="", created_at=now)
    session.add(asked)
    session.flush()
    return asked


def ask_to_cancel(session: Session, ticket: Ticket, now: datetime) -> RemoteRequest:
    """Record a holder's cancellation of a desk's ticket for the desk to carry out; a second one is the same."""
    found = session.scalar(select(RemoteRequest).where(
        RemoteRequest.kind == RequestKind.CANCEL, RemoteRequest.ticket_uuid == ticket.uuid))
    if found is not None:
        return found
    asked = RemoteRequest(kind=RequestKind.CANCEL, site_id=ticket.site_id, service_id=ticket.service_id,
                          lang=ticket.lang, status=RequestStatus.PENDING, reason="", code=ticket.code,
                          ticket_uuid=ticket.uuid, number=ticket.number, created_at=now)
    session.add(asked)
    session.flush()
    return asked


def cancel_pending(session: Session, ticket: Ticket) -> bool:
    """Say whether the holder's cancellation of a ticket waits for its desk."""
    return session.scalar(select(RemoteRequest.id).where(
        RemoteRequest.kind == RequestKind.CANCEL, RemoteRequest.ticket_uuid == ticket.uuid,
        RemoteRequest.status == RequestStatus.PENDING)) is not None


def find_request(session: Session, token: str, now: datetime) -> RemoteRequest | None:
    """Return the ticket request with this phone token (expired if no desk took it in time), or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    found = session.scalar(select(RemoteRequest).where(
        RemoteRequest.token == token, RemoteRequest.kind == RequestKind.TICKET))
    if found is not None and found.status == RequestStatus.PENDING and now - found.created_at > REQUEST_LIFETIME:
        expire_stale(session, now, found.site_id)
        session.refresh(found)
    return found


def expire_stale(session: Session, now: datetime, site_id: int) -> None:
    """Mark a site's ticket requests that waited too long as expired, and its day-old cancellations too."""
    for kind, lifetime in ((RequestKind.TICKET, REQUEST_LIFETIME), (RequestKind.CANCEL, CANCEL_LIFETIME)):
        session.execute(
            update(RemoteRequest)
            .where(RemoteRequest.site_id == site_id, RemoteRequest.kind == kind,
                   RemoteRequest.status == RequestStatus.PENDING, RemoteRequest.created_at < now - lifetime)
            .values(status=RequestStatus.EXPIRED, answered_at=now)
        )


def pending_for_site(session: Session, site_id: int, now: datetime) -> list[RemoteRequest]:
    """Return a site's pending requests, oldest first, after expiring the stale ones."""
    expire_stale(session, now, site_id)
    return list(session.scalars(
        select(RemoteRequest)
        .where(RemoteRequest.site_id == site_id, RemoteRequest.status == RequestStatus.PENDING)
        .order_by(RemoteRequest.created_at, RemoteRequest.id)
        .limit(MAX_PER_ROUND)
    ))


def record_outcomes(session: Session, site_id: int, outcomes: list[dict], now: datetime) -> list[str]:
    """Record what a desk made of its requests; return their uuids. Raise NotThisSite, changing nothing, when one
    names a request of another site or none.

    An answer repeated (its first reply was lost) changes nothing; a ticket issued just after its request expired
    at central is recorded all the same: the desk holds it, so the phone should see it.
    """
    uuids = [outcome["uuid"] for outcome in outcomes]
    found = {row.uuid: row for row in session.scalars(select(RemoteRequest).where(RemoteRequest.uuid.in_(uuids)))}
    if any(found.get(uuid) is None or found[uuid].site_id != site_id for uuid in uuids):
        raise NotThisSite
    for outcome in outcomes:
        asked = found[outcome["uuid"]]
        if asked.status in (RequestStatus.ISSUED, RequestStatus.REFUSED):
            continue  # answered already: the first answer stands
        if "refused" in outcome:
            asked.status, asked.reason = RequestStatus.REFUSED, outcome["refused"]
        else:
            asked.status = RequestStatus.ISSUED
            asked.ticket_uuid, asked.number, asked.code = outcome["ticket_uuid"], outcome["number"], outcome["code"]
        asked.answered_at = now
    session.flush()
    return uuids
