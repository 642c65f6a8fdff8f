"""The "listen" control's recordings: a page or an offer read by the server, named by reference, never by text.

A client can only name a page, an offer, a service or its own ticket, and a language: the server finds the text
itself, so nobody can make it read anything else. Recordings are kept on disk by text and language; a terminal may
ask for a limited number of new ones a minute (one already made is not counted).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, abort, current_app, g, request, send_file, url_for
from flask_babel import force_locale

from kiosk import clock, i18n, speech
from kiosk.caching import no_store
from kiosk.extensions import db, limiter
from kiosk.glossary import services as glossary
from kiosk.listen import texts
from kiosk.network import services as network
from kiosk.offers import services as offers
from kiosk.queue import taking
from kiosk.queue.receipt import local_time
from kiosk.queue.services import service_lines, service_text
from kiosk.queue.to_bring import documents_to_bring
from kiosk.terminal import enrolment
from kiosk.terminal.tickets import desk_opening, this_visits_ticket

bp = Blueprint("listen", __name__, url_prefix="/listen")
PAGE_ENDPOINTS = {"terminal.start": "start", "terminal.home": "home", "terminal.about": "about",
                  "tickets.services": "services", "rating.choose": "rate"}
# The pages read by name: those above, and those a template names (a question of "Is this for me?", a step of rating).
PAGES = ("start", "home", "about", "services", "fit-looking", "fit-italian", "fit-town", "rate", "rate-faces",
         "rate-reason", "rate-thanks")
MAX_TERM_KEY = 40  # a glossary key is a short slug (its column's length): a longer one is not looked up


def listen_rate() -> str:
    """Return how many new recordings a terminal may ask for, as Flask-Limiter reads a limit."""
    return current_app.config["KIOSK_LISTEN_RATE"]


def made_already() -> bool:
    """Tell whether this request's recording is on disk (or there is none to make): then it costs no limit."""
    segments = _segments()
    return segments is None or _cached(segments) is not None


limit = limiter.limit(listen_rate, key_func=enrolment.rate_key, exempt_when=made_already)


@bp.get(f"/page/<any({', '.join(repr(page) for page in PAGES)}):name>/<lang>.wav")
@limit
def page(name: str, lang: str):
    """Answer a terminal page's fixed text read aloud."""
    return _answer()


@bp.get("/offers/<lang>.wav")
@limit
def offer_list(lang: str):
    """Answer the offer list read aloud: how many were found with the query's filters, and this page's titles."""
    return _answer()


@bp.get("/offer/<int:offer_id>/<lang>.wav")
@limit
def offer(offer_id: int, lang: str):
    """Answer an offer read aloud, each part in the language it is shown in."""
    return _answer()


@bp.get("/service/<slug>/<lang>.wav")
@limit
def service(slug: str, lang: str):
    """Answer one of this desk's services read aloud, with what to bring."""
    return _answer()


@bp.get("/term/<key>/<lang>.wav")
@limit
def term(key: str, lang: str):
    """Answer a glossary term read aloud: its Italian headword, then its explanation in the visitor's language."""
    return _answer()


@bp.get("/ticket/<token>/<lang>.wav")
@limit
def ticket(token: str, lang: str):
    """Answer a ticket this visit took, read aloud."""
    return no_store(_answer())


def listen_control(page: str | None = None) -> dict | None:
    """Return the listen control of this terminal page or phone offer page: the recording's address ("" for the
    browser's own voice), or None for a page that has none. A template names its page (`page`, one of PAGES) where
    the address alone does not tell which it shows."""
    args, lang = request.view_args or {}, i18n.current_language()
    endpoint = request.endpoint
    if page in PAGES:
        src = url_for("listen.page", name=page, lang=lang)
    elif endpoint in PAGE_ENDPOINTS:
        src = url_for("listen.page", name=PAGE_ENDPOINTS[endpoint], lang=lang)
    elif endpoint == "offers.offer_list":
        src = url_for("listen.offer_list", lang=lang)
    elif endpoint in ("offers.offer_detail", "public.offer"):  # the kiosk's offer page and the phone's
        src = url_for("listen.offer", offer_id=args["offer_id"], lang=lang)
    elif endpoint == "tickets.service":
        src = url_for("listen.service", slug=args["slug"], lang=lang)
    elif endpoint == "tickets.ticket":
        src = url_for("listen.ticket", token=args["token"], lang=lang)
    else:
        return None
    return {"src": src if speech.available() else "", "with_query": endpoint == "offers.offer_list"}


def term_audio(key: str) -> str:
    """Return the address of a glossary term's recording in the page's language ("" for the browser's own voice)."""
    return url_for("listen.term", key=key, lang=i18n.current_language()) if speech.available() else ""


def _answer():
    segments = _segments()
    if segments is None:
        abort(404)
    path = speech.speak(segments, _folder(), current_app.config["KIOSK_SPEECH_CACHE_MB"] * 1024 * 1024)
    if path is None:  # espeak-ng is missing or failed: the page reads itself with the browser's voice
        abort(404)
    return send_file(path, mimetype="audio/wav", max_age=0)


def _segments() -> texts.Segments | None:
    """Return what this request's page says, found once per request; None for an unknown page, record or language."""
    this_request = request._get_current_object()
    found_for = g.get("listen_segments")
    if found_for is not None and found_for[0] is this_request:  # `g` may outlive a request (the tests' app context)
        return found_for[1]
    args = dict(request.view_args or {})
    lang = args.pop("lang", None)
    finder = FINDERS.get(request.endpoint or "")
    found = None
    if lang in speech.VOICES and finder is not None:
        with force_locale(lang):
            g.lang = lang
            found = finder(lang, **args)
    segments = speech.trimmed(found) if found else None
    g.listen_segments = (this_request, segments)
    return segments


def _cached(segments: texts.Segments) -> Path | None:
    path = speech.cached_path(segments, _folder())
    return path if path is not None and path.is_file() else None


def _folder() -> Path:
    return Path(current_app.instance_path) / "voice"


def _page(lang: str, name: str) -> texts.Segments | None:
    site, now = enrolment.terminal_site(), clock.now()
    if name == "start":
        return texts.start_page(lang)
    if name == "home":
        return texts.home_page(lang, desk_opening(site, now))
    if name == "about":
        here = next((s for s in network.list_sites(db.session) if s.slug == enrolment.current_terminal().site_slug),
                    None)
        return texts.about_page(lang, here)
    if name == "services":
        opening = desk_opening(site, now)
        lines = service_lines(db.session, site.id, now.date(), lang) if site and opening.open else []
        return texts.services_page(lang, lines, opening)
    if name.startswith("fit-"):
        question = name.removeprefix("fit-")
        towns = offers.towns(db.session, clock.today()) if question == "town" else []
        return texts.fit_question(lang, question, towns)
    return texts.rating_page(lang, name)


def _offer_list(lang: str) -> texts.Segments:
    filters, _errors = offers.parse_filters(request.args)
    page_number, _error = offers.parse_page(request.args.get("page"))
    page = offers.list_offers(db.session, filters, page_number, current_app.config["KIOSK_PAGE_SIZE"], clock.today(),
                              lang)
    return texts.offer_list(lang, page, lambda item: offers.texts(item, lang))


def _offer(lang: str, offer_id: int) -> texts.Segments | None:
    found = offers.get_offer(db.session, offer_id)
    return texts.offer_page(lang, found) if found else None


def _service(lang: str, slug: str) -> texts.Segments | None:
    site, now = enrolment.terminal_site(), clock.now()
    chosen = taking.find_service(db.session, site.id, slug) if site else None
    if chosen is None:
        return None
    line = next((item for item in service_lines(db.session, site.id, now.date(), lang)
                 if item.service.id == chosen.id), None)
    return texts.service_page(lang, line, documents_to_bring(chosen.documents, lang)) if line else None


def _term(lang: str, key: str) -> texts.Segments | None:
    explained = glossary.explanation_by_key(db.session, key, lang) if len(key) <= MAX_TERM_KEY else None
    return texts.term(explained) if explained else None


def _ticket(lang: str, token: str) -> texts.Segments | None:
    held = this_visits_ticket(token) if len(token) <= 64 else None
    if held is None:
        return None
    return texts.ticket_page(lang, held, service_text(held.service, lang)["name"], local_time(held.taken_at, lang))


FINDERS: dict[str, Callable[..., texts.Segments | None]] = {
    "listen.page": _page, "listen.offer_list": _offer_list, "listen.offer": _offer, "listen.service": _service,
    "listen.ticket": _ticket, "listen.term": _term,
}
