"""The waiting-room display at /display/<site>."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, g, request, send_file
from flask_babel import refresh
from sqlalchemy.orm import Session

from kiosk.display import stream, texts, voice
from kiosk.display.render import board_context, load_board
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.network import services as network
from kiosk.network.models import Site
from kiosk.queue.board import find_call

bp = Blueprint("display", __name__, url_prefix="/display")
VOICE_CACHE_SECONDS = 7 * 24 * 3600  # a file's name is its text: it never changes


@bp.before_request
def speak_italian() -> None:
    """The display speaks Italian, with English under each label, whatever a browser or session says."""
    g.lang = "it"
    refresh()


@bp.context_processor
def display_helpers() -> dict:
    return {"bilingual": texts.bilingual}


def _site_or_404(slug: str) -> Site:
    site = network.get_site(db.session, slug)
    if site is None:
        abort(404)
    return site


@bp.get("/<site_slug>")
def board_page(site_slug: str):
    """Show the site's display: the call on show, the last calls and the lines, updated live."""
    site = _site_or_404(site_slug)
    return render("display/board.html", site=site, **board_context(load_board(db.session, site)))


@bp.get("/<site_slug>/board")
def board_fragment(site_slug: str):
    """Answer the board alone to htmx (the display's polling), the whole page otherwise."""
    site = _site_or_404(site_slug)
    response = render("display/board.html", block="board", site=site,
                      **board_context(load_board(db.session, site)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<site_slug>/events")
def events(site_slug: str):
    """Stream the site's board as server-sent events: now, after every change, until the stream's lifetime."""
    with Session(db.engine) as session:  # not the request's session: nothing stays open while the stream waits
        site = network.get_site(session, site_slug)
        if site is None:
            abort(404)
        site_id = site.id
    app = current_app._get_current_object()
    slot = stream.take_slot(app)
    if slot is None:  # every stream slot of this process is taken: the display polls meanwhile
        return Response("", 503, headers={"Retry-After": str(stream.BUSY_RETRY_SECONDS), "Cache-Control": "no-store"})
    lifetime = app.config["KIOSK_STREAM_SECONDS"]
    reader = stream.BoardReader(app, request.environ, site_id)
    response = Response(stream.board_events(reader, site_slug, lifetime), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    response.call_on_close(slot.release)  # when the stream ends, or its display goes away
    return response


@bp.get("/<site_slug>/voice/<uuid:event_uuid>/<lang>.wav")
def voice_file(site_slug: str, event_uuid: UUID, lang: str):
    """Answer a call's announcement spoken by the server in a language, made from the event itself."""
    if lang not in voice.VOICES or not voice.available():
        abort(404)
    call = find_call(db.session, site_slug, str(event_uuid))
    if call is None:
        abort(404)
    path = voice.speech_wav(texts.announcement(call, lang), lang, Path(current_app.instance_path) / "voice")
    if path is None:
        abort(404)
    return send_file(path, mimetype="audio/wav", max_age=VOICE_CACHE_SECONDS)
