"""Printing a ticket's receipt from the counter (again, or for a ticket given there), once per press."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.counter.receptionist import Outcome, OutcomeKind, in_hand_refusal
from kiosk.queue.models import Counter, Ticket
from kiosk.queue.receipt import print_receipt


def reprint(session: Session, counter: Counter, ticket: Ticket, token: str, user_id: int, now: datetime, *,
            site_slug: str, backend: str, printer: str = "") -> Outcome:
    """Print the receipt of the ticket in hand again through the desk's backend; the same token prints once.

    The receipt speaks the ticket's language, the holder's, whatever the counter screen speaks.
    """
    refusal = in_hand_refusal(session, counter, ticket, user_id, now)
    if refusal:
        return refusal
    job, new = print_receipt(session, ticket, token, site_slug=site_slug, backend=backend, printer=printer)
    if not new:
        return Outcome(OutcomeKind.PRINT_REPEATED, code=ticket.code, counter=counter.number)
    kind = OutcomeKind.PRINTED if job.status in ("sent", "browser") else OutcomeKind.PRINT_FAILED
    return Outcome(kind, ok=kind == OutcomeKind.PRINTED, code=ticket.code, counter=counter.number, detail=job.status)
