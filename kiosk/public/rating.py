"""Rating a finished visit from the ticket's phone page: one touch on a face, then a reason if the holder likes.

The ticket's token is the key, as for cancelling: a token rates its own ticket only. At central the page shows a
desk's ticket from its copy and the rating is written at central, where the reports are (see kiosk.feedback.central
for a desk's kiosk rating the same ticket).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from kiosk import clock, i18n
from kiosk.extensions import db, limiter
from kiosk.feedback import services as feedback
from kiosk.feedback.vocab import FACE_LABELS, REASON_LABELS
from kiosk.public.views import _held_ticket, _ticket_page, bp
from kiosk.queue.models import Ticket

RATING_RATE = "10 per minute"


def state(ticket: Ticket) -> dict:
    """Return what a finished ticket's page offers: the faces, a thank-you, or nothing (too late)."""
    refused = feedback.refusal(db.session, ticket, clock.now(), feedback.PHONE_WINDOW)
    return {"open": refused is None, "rated": refused == feedback.ALREADY, "faces": list(FACE_LABELS.items())}


@bp.post("/t/<token>/rate")
@limiter.limit(RATING_RATE)
def rate_visit(token: str):
    """Record the face the holder touched, once per ticket, then offer the reasons."""
    found = _held_ticket(token)
    face = request.form.get("face", "")
    if face not in FACE_LABELS:
        return _ticket_page(found, notice="no_such_choice"), 400
    outcome = feedback.rate(db.session, found, face, clock.now(), "phone", feedback.PHONE_WINDOW)
    db.session.commit()
    if isinstance(outcome, str):
        return _ticket_page(found, notice=f"rating_{outcome}"), 409
    return render_template("public/rated.html", token=token, rating=outcome.uuid, reasons=list(REASON_LABELS.items()))


@bp.post("/t/<token>/reason")
@limiter.limit(RATING_RATE)
def rating_reason(token: str):
    """Add the reason the holder chose to their rating, then go back to the ticket's page."""
    found = _held_ticket(token)
    if request.form.get("reason", "") not in REASON_LABELS:
        return _ticket_page(found, notice="no_such_choice"), 400
    feedback.add_reason(db.session, request.form.get("rating", ""), request.form["reason"])
    db.session.commit()
    return redirect(url_for("public.ticket", token=token, lang=i18n.current_language()), 303)
