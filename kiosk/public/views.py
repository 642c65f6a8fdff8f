"""Public pages under /m, for anyone with a phone."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import refresh

from kiosk import clock, i18n
from kiosk.errors import MESSAGES
from kiosk.extensions import db
from kiosk.offers import services
from kiosk.offers.facts import offer_facts
from kiosk.public import jsonld, page
from kiosk.urls import public_url
from kiosk.usage import services as usage

bp = Blueprint("public", __name__, url_prefix="/m")
MAX_OFFER_ID = 2**31 - 1  # the largest id the databases store; a larger one is no offer
CACHE_SECONDS = 60


@bp.before_request
def speak_the_asked_language() -> None:
    """Speak the language of ?lang= alone: never a kiosk session's, never the browser's."""
    g.lang = i18n.normalise_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
    refresh()


@bp.context_processor
def language_links() -> dict:
    """Let the language switch link to the same page in another language."""
    return {"same_page_in": lambda code: url_for(request.endpoint, **(request.view_args or {}), lang=code)}


@bp.errorhandler(404)
def not_found(_error):
    """Say in the asked language, on a phone page, that there is no such offer."""
    title, detail = MESSAGES[404]
    return render_template("public/error.html", title=title, detail=detail), 404


@bp.get("/o/<int:offer_id>")
def offer(offer_id: int):
    """Show an offer on a phone in the asked language, open or closed, and count the visit."""
    today = clock.today()
    found = services.get_offer(db.session, offer_id) if offer_id <= MAX_OFFER_ID else None
    if found is None or not page.is_public(found, today):
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
        facts=offer_facts(found),
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


@bp.get("/t/<token>")
def ticket(token: str):
    """Follow a queue ticket on a phone (the page comes with the waiting-room display)."""
    abort(404)
