"""Rating a finished visit: once per ticket, soon after it ended, anonymous; a reason may follow the face.

Plain functions of a session and plain values; the caller commits. The rating row names no ticket (but a desk's
does until central has it, see `Rating.ticket_uuid`); a separate row per rated ticket stops a second vote.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.feedback.models import CHANNELS, FACES, REASONS, RatedTicket, Rating
from kiosk.network.models import Site
from kiosk.queue.models import Status, Ticket
from kiosk.sync.models import Outbox
from kiosk.sync.outbox import VISIT_REASON, owes_central

PHONE_WINDOW = timedelta(hours=24)  # the phone page offers the rating for a day after the visit
KIOSK_WINDOW = timedelta(minutes=30)  # the kiosk lists the visits that ended in the last half hour
KIOSK_LISTED = 30  # at most this many numbers on the kiosk's "which was your number?" screen

NOT_FINISHED, TOO_LATE, ALREADY = "not_finished", "too_late", "already"


def refusal(session: Session, ticket: Ticket, now: datetime, window: timedelta) -> str | None:
    """Return why a ticket cannot be rated now (not finished, too late, rated already), or None if it can."""
    if ticket.status != Status.DONE or ticket.finished_at is None:
        return NOT_FINISHED
    if now - ticket.finished_at > window:
        return TOO_LATE
    if session.get(RatedTicket, ticket.uuid) is not None:
        return ALREADY
    return None


def rate(session: Session, ticket: Ticket, face: str, now: datetime, channel: str,
         window: timedelta) -> Rating | str:
    """Record a rating of a finished visit, or return why not (`refusal`'s words); flushed, not committed.

    The rated-ticket row goes in first, in a savepoint: of two ratings at the same moment one gets in, the other
    finds the ticket rated.
    """
    if face not in FACES or channel not in CHANNELS:
        raise ValueError(f"no such face or channel: {face!r}, {channel!r}")
    refused = refusal(session, ticket, now, window)
    if refused:
        return refused
    try:
        with session.begin_nested():
            session.add(RatedTicket(ticket_uuid=ticket.uuid))
    except IntegrityError:
        return ALREADY
    site = session.get(Site, ticket.site_id)
    rating = Rating(site=site.slug, service_id=ticket.service_id, day=ticket.day, face=face, channel=channel,
                    ticket_uuid=ticket.uuid if owes_central() else None)
    session.add(rating)
    session.flush()
    return rating


def add_reason(session: Session, rating_uuid: str, reason: str) -> bool:
    """Give a rating its reason, once: say whether it took (an unknown rating, or one with a reason, does not)."""
    if reason not in REASONS or not rating_uuid or len(rating_uuid) > 36:
        return False
    reason_uuid = str(uuid.uuid4())
    changed = session.execute(update(Rating).where(Rating.uuid == rating_uuid, Rating.reason == "")
                              .values(reason=reason, reason_uuid=reason_uuid)).rowcount
    if changed and owes_central():  # an update, which the outbox's hook does not see: its own event
        session.add(Outbox(kind=VISIT_REASON, uuid=reason_uuid))
    session.flush()
    return bool(changed)


def recently_finished(session: Session, site_id: int, now: datetime) -> list[Ticket]:
    """Return a site's tickets finished within the kiosk's window and not rated yet, the latest first."""
    return list(session.scalars(
        select(Ticket)
        .where(Ticket.site_id == site_id, Ticket.status == Status.DONE, Ticket.finished_at >= now - KIOSK_WINDOW,
               Ticket.uuid.not_in(select(RatedTicket.ticket_uuid)))
        .order_by(Ticket.finished_at.desc())
        .limit(KIOSK_LISTED)))


def finished_by_code(session: Session, site_id: int, code: str, now: datetime) -> Ticket | None:
    """Return the ticket of a site with this code (e.g. A017) finished within the kiosk's window, rated or not."""
    if len(code) < 2 or not code[0].isalpha() or not code[1:].isdigit() or len(code) > 6:
        return None
    return session.scalar(
        select(Ticket)
        .where(Ticket.site_id == site_id, Ticket.status == Status.DONE, Ticket.finished_at >= now - KIOSK_WINDOW,
               Ticket.prefix == code[0], Ticket.number == int(code[1:]))
        .order_by(Ticket.finished_at.desc())
        .limit(1))
