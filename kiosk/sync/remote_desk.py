"""The desk's part of the remote channel: carry out the phones' requests central holds for this site.

Each round, after the pull and the push, the desk asks central for its pending requests, issues a ticket for each
(channel "remote", the phone's token as the ticket's, the request's uuid as its one-time token) or refuses it, commits,
and tells central. A request seen twice (central's reply to the outcomes was lost) finds the ticket it took the
first time, so the same request never gives two tickets, and the outcome is sent again.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import clock, i18n
from kiosk.network import closures
from kiosk.network.models import Site
from kiosk.public.ticket import give_up
from kiosk.queue import taking
from kiosk.queue.models import Channel, Service, Ticket
from kiosk.remote import services as remote
from kiosk.sync.client import CentralClient

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,43}")


def step(session: Session, client: CentralClient) -> None:
    """Carry out central's pending requests for this desk and report what became of them."""
    asked = client.get("requests").get("requests", [])
    if not asked:
        return
    now = clock.now()
    always_open = current_app.config["KIOSK_ALWAYS_OPEN"]
    outcomes = [carry_out(session, request, now, always_open) for request in asked]
    session.commit()
    client.post("requests", {"outcomes": outcomes})


def carry_out(session: Session, request: dict, now: datetime, always_open: bool = False) -> dict:
    """Issue the ticket a request asks for, or cancel the ticket it names; return the outcome for central."""
    if request.get("kind") == "cancel":
        return cancel(session, request, now)
    return issue(session, request, now, always_open)


def issue(session: Session, request: dict, now: datetime, always_open: bool = False) -> dict:
    """Issue a remote ticket for a request, or find the one it was given already; refuse a closed desk or service."""
    uuid = request["uuid"]
    ticket = taking.ticket_for_request(session, uuid)
    if ticket is None:
        service = session.get(Service, request.get("service_id") or 0)
        site = session.get(Site, service.site_id) if service is not None else None
        if service is None or not service.active or not _TOKEN.fullmatch(str(request.get("token", ""))):
            return {"uuid": uuid, "refused": remote.SERVICE}
        if not closures.site_opening(session, site, now, always_open).open:
            return {"uuid": uuid, "refused": remote.CLOSED}
        lang = i18n.normalise_language(request.get("lang")) or i18n.DEFAULT_LANGUAGE
        ticket = taking.take_once(session, taking.service_ref(service, site), lang, now, uuid,
                                  channel=Channel.REMOTE, token=request["token"])
    return {"uuid": uuid, "ticket_uuid": ticket.uuid, "number": ticket.number, "code": ticket.code}


def cancel(session: Session, request: dict, now: datetime) -> dict:
    """Cancel a ticket for its holder as the desk's own phone page would; a called one is refused."""
    uuid = request["uuid"]
    ticket = session.scalar(select(Ticket).where(Ticket.uuid == (request.get("ticket_uuid") or "")))
    if ticket is None:
        return {"uuid": uuid, "refused": remote.SERVICE}
    if give_up(session, ticket, now) == "refused":
        return {"uuid": uuid, "refused": remote.CALLED}
    session.commit()
    return {"uuid": uuid, "ticket_uuid": ticket.uuid, "number": ticket.number, "code": ticket.code}
