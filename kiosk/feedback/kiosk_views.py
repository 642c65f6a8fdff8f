"""Rating a visit at the kiosk: the visitor touches their number among those finished in the last half hour.

After a visit the visitor has left the kiosk, whose session was reset, so the kiosk cannot know whose visit it is.
It lists the numbers of its desk finished within `KIOSK_WINDOW` and not rated yet; the visitor touches theirs (it
is on their paper ticket), then a face, then a reason if they like. Nothing is kept in the session.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request

from kiosk import clock
from kiosk.caching import no_store
from kiosk.extensions import db, limiter
from kiosk.feedback import services as feedback
from kiosk.feedback.vocab import FACE_LABELS, REASON_LABELS
from kiosk.queue.models import Ticket
from kiosk.terminal import enrolment

bp = Blueprint("rating", __name__)
bp.after_request(no_store)  # a rating's pages must not come back with Back after "start over"
RATING_RATE = "20 per minute"  # per terminal: a few visitors in a row, not someone tapping every number


def too_many_ratings(_limit):
    """Refuse a terminal that rates too often, politely and in the visitor's language."""
    return make_response(render_template("feedback/kiosk_refused.html", reason="too_many"), 429)


@bp.get("/rate")
def choose():
    """Show the numbers finished here in the last half hour, each a button; touching one opens its faces."""
    site = enrolment.terminal_site()
    tickets = feedback.recently_finished(db.session, site.id, clock.now()) if site else []
    return render_template("feedback/kiosk_choose.html", tickets=tickets)


@bp.get("/rate/<code>")
def faces(code: str):
    """Ask how the visit of this number went: three faces, one touch."""
    return render_template("feedback/kiosk_faces.html", ticket=_finished(code), faces=list(FACE_LABELS.items()))


@bp.post("/rate/<code>")
@limiter.limit(RATING_RATE, key_func=enrolment.rate_key, on_breach=too_many_ratings)
def rate(code: str):
    """Record the face touched for this number, once, then offer the reasons."""
    ticket = _finished(code)
    face = request.form.get("face", "")
    if face not in FACE_LABELS:
        return render_template("feedback/kiosk_faces.html", ticket=ticket, faces=list(FACE_LABELS.items()),
                               refused=True), 400
    outcome = feedback.rate(db.session, ticket, face, clock.now(), "kiosk", feedback.KIOSK_WINDOW)
    db.session.commit()
    if isinstance(outcome, str):
        return render_template("feedback/kiosk_refused.html", reason=outcome), 409
    return render_template("feedback/kiosk_reason.html", rating=outcome.uuid, reasons=list(REASON_LABELS.items()))


@bp.post("/rate/reason")
@limiter.limit(RATING_RATE, key_func=enrolment.rate_key, on_breach=too_many_ratings)
def reason():
    """Add the reason chosen to the rating just made, and thank the visitor."""
    if request.form.get("reason", "") not in REASON_LABELS:
        return render_template("feedback/kiosk_reason.html", rating=request.form.get("rating", "")[:36],
                               reasons=list(REASON_LABELS.items()), refused=True), 400
    feedback.add_reason(db.session, request.form.get("rating", ""), request.form["reason"])
    db.session.commit()
    return render_template("feedback/kiosk_thanks.html")


def _finished(code: str) -> Ticket:
    """Return this desk's ticket with the code, finished within the last half hour; 404 otherwise."""
    site = enrolment.terminal_site()
    ticket = feedback.finished_by_code(db.session, site.id, code, clock.now()) if site else None
    if ticket is None:
        abort(404)
    return ticket
