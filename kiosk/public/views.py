"""Public pages under /m, for anyone with a phone."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import refresh
from flask_wtf.csrf import CSRFError

from kiosk import clock, i18n
from kiosk.errors import MESSAGES, handle_http_error
from kiosk.extensions import db, limiter
from kiosk.htmx import render
from kiosk.offers import services
from kiosk.offers.facts import italian_words, offer_facts
from kiosk.public import jsonld, page
from kiosk.public import ticket as public_ticket
from kiosk.queue import receipt
from kiosk.queue.models import Status, Ticket
from kiosk.remote import services as remote
from kiosk.urls import public_url
from kiosk.usage import services as usage

bp = Blueprint("public", __name__, url_prefix="/m")
MAX_OFFER_ID = 2**31 - 1  # the largest id the databases store; a larger one is no offer
CACHE_SECONDS = 60
KEPT_ACROSS_LANGUAGES = ("q", "kind", "page")  # the search a phone is in, kept when it switches language


@bp.before_request
def speak_the_asked_language() -> None:
    """Speak the language of ?lang= alone: never a kiosk session's, never the browser's."""
    g.lang = i18n.normalise_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
    refresh()


@bp.context_processor
def language_links() -> dict:
    """Let the language switch link to the same page in another language."""
    kept = {name: value for name, value in request.args.items() if name in KEPT_ACROSS_LANGUAGES}
    return {"same_page_in": lambda code: url_for(request.endpoint, **(request.view_args or {}), **kept, lang=code)}


@bp.errorhandler(404)
def not_found(_error):
    """Say in the asked language, on a phone page, that there is no such offer."""
    title, detail = MESSAGES[404]
    return render_template("public/error.html", title=title, detail=detail), 404


@bp.get("/o/<int:offer_id>")
def offer(offer_id: int):
    """Show an offer on a phone in the asked language, open or closed, and count the visit."""
    today = clock.today()
    found = services.get_offer(db.session, offer_id, today) if offer_id <= MAX_OFFER_ID else None
    if found is None:
        abort(404)
    lang = i18n.current_language()
    if request.method == "GET":  # a HEAD (a link preview's) is no visit
        usage.record(db.session, "phone", found.id, current_app.config["KIOSK_SITE"], lang)
        db.session.commit()
    text = services.texts(found, lang)
    closed = page.closing(found, today)

    def page_url(code: str) -> str:
        return public_url("public.offer", offer_id=found.id, lang=code)

    response = make_response(render_template(
        "public/offer.html",
        offer=found,
        text=text,
        facts=offer_facts(found), words=italian_words(found),
        closed=closed,
        description=page.short_description(text),
        links=page.contact_links(found),
        page_url=page_url,
        job_posting=_job_posting(found, text, page_url(lang)) if not closed else None,
    ))
    # Private: a shared cache would answer other phones without the visit being counted.
    response.cache_control.private = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


def _job_posting(offer, text, url: str):
    """Return a job's JobPosting as JSON for a <script> element, None for another kind of offer."""
    return jsonld.script_json(jsonld.job_posting(offer, text, url)) if offer.kind == "job" else None


# --- A queue ticket followed on its holder's phone -------------------------------------------------------------

TICKET_ENDPOINTS = frozenset({"public.ticket", "public.ticket_status", "public.confirm_cancel", "public.cancel_ticket",
                              "public.take", "public.ask", "public.rate_visit", "public.rating_reason"})
POLL_SECONDS = 5
CANCEL_RATE = "10 per minute"
HTMX_STOP_POLLING = 286


@bp.after_request
def keep_tickets_private(response):
    """Never store, index or pass on a ticket's page: its address is the key to the ticket."""
    if request.endpoint in TICKET_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """Ask again for a cancellation or a remote ticket whose form has expired; any other is a plain 400 page."""
    if request.endpoint == "public.ask":
        return take._take_page(notice="expired"), 400
    found = _ticket_asked_for() if request.endpoint == "public.cancel_ticket" else None
    if found is None:
        return handle_http_error(error)
    return _cancel_page(found, notice="expired"), 400


def too_many_cancels(_limit):
    """Answer a phone that asks to cancel too often with the confirmation again and a note to wait."""
    found = _ticket_asked_for()
    return make_response(_cancel_page(found, notice="too_many"), 429) if found else None


@bp.get("/t/<token>")
def ticket(token: str):
    """Follow a queue ticket on a phone: its number, its service, where it stands, live; or a remote request's."""
    if public_ticket.find_ticket(db.session, token) is None:
        return take.request_page(token)
    return _ticket_page(_held_ticket(token))


@bp.get("/t/<token>/status")
def ticket_status(token: str):
    """Return where a ticket stands (the page's live part for htmx); 286 stops polling, 204 means no change."""
    if public_ticket.find_ticket(db.session, token) is None:
        return take.request_status(token)
    found = _held_ticket(token)
    context = _ticket_context(found)
    view = context["view"]
    if request.htmx and not view.final and request.args.get("seen") == context["seen"]:
        return "", 204
    status = HTMX_STOP_POLLING if request.htmx and view.final else 200
    return render("public/ticket.html", block="ticket_status", status=status, **context)


@bp.get("/t/<token>/cancel")
def confirm_cancel(token: str):
    """Ask the holder to confirm that they give up their ticket; a ticket past waiting goes back to its page."""
    found = _held_ticket(token)
    if not public_ticket.follow(db.session, found, i18n.current_language(), clock.today()).can_cancel:
        return redirect(url_for("public.ticket", token=token, lang=i18n.current_language()))
    return _cancel_page(found)


@bp.post("/t/<token>/cancel")
@limiter.limit(CANCEL_RATE, on_breach=too_many_cancels)
def cancel_ticket(token: str):
    """Cancel a waiting ticket for its holder; a called one stays, and a second cancel changes nothing."""
    found = _held_ticket(token)
    if current_app.config["KIOSK_ROLE"] == "central":  # central holds a copy: the desk cancels, on its next round
        return _cancel_at_desk(found)
    outcome = public_ticket.give_up(db.session, found, clock.now())
    db.session.commit()
    if outcome == "refused":
        return _ticket_page(found, notice="refused"), 409
    return redirect(url_for("public.ticket", token=token, lang=i18n.current_language()), 303)


def _cancel_at_desk(found: Ticket):
    """Ask the ticket's desk to cancel it; a ticket central already knows as called is refused here."""
    view = public_ticket.follow(db.session, found, i18n.current_language(), clock.today())
    if not view.can_cancel and found.status != Status.CANCELLED:
        return _ticket_page(found, notice="refused"), 409
    if view.can_cancel:
        remote.ask_to_cancel(db.session, found, clock.now())
        db.session.commit()
    return redirect(url_for("public.ticket", token=found.token, lang=i18n.current_language()), 303)


def _held_ticket(token: str) -> Ticket:
    """Return the ticket of a phone token, speaking its language unless ?lang= asks for another; 404 if none."""
    found = public_ticket.find_ticket(db.session, token)
    if found is None:
        abort(404)
    _speak_for(found)
    return found


def _ticket_asked_for() -> Ticket | None:
    """Return the ticket of the request's token (for an answer made before the view runs), or None."""
    found = public_ticket.find_ticket(db.session, (request.view_args or {}).get("token", ""))
    if found is not None:
        _speak_for(found)
    return found


def _speak_for(found: Ticket) -> None:
    asked = i18n.normalise_language(request.args.get("lang"))
    g.lang = asked or i18n.normalise_language(found.lang) or i18n.DEFAULT_LANGUAGE
    refresh()


def _ticket_context(found: Ticket, notice: str | None = None) -> dict:
    lang = i18n.current_language()
    view = public_ticket.follow(db.session, found, lang, clock.today(), clock.now(),
                                current_app.config["KIOSK_ALWAYS_OPEN"])
    cancel_sent = current_app.config["KIOSK_ROLE"] == "central" and remote.cancel_pending(db.session, found)
    seen = public_ticket.fingerprint(view, lang) + ("-c" if cancel_sent else "")
    return dict(
        view=view, token=found.token, notice=notice, seen=seen, poll_seconds=POLL_SECONDS, cancel_sent=cancel_sent,
        rating=rating.state(found) if view.state == Status.DONE else None,
        taken=receipt.local_time(view.taken_at, lang),
        status_url=url_for("public.ticket_status", token=found.token, lang=lang, seen=seen),
    )


def _ticket_page(found: Ticket, notice: str | None = None):
    return render_template("public/ticket.html", **_ticket_context(found, notice))


def _cancel_page(found: Ticket, notice: str | None = None) -> str:
    view = public_ticket.follow(db.session, found, i18n.current_language(), clock.today())
    return render_template("public/ticket_cancel.html", view=view, token=found.token, notice=notice)


from kiosk.public import browse, rating, take  # noqa: E402, F401 - their pages are this blueprint's too
