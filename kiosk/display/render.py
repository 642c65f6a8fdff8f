"""The display's board as the template needs it: the board, each call's announcement, the server's time."""

from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.display import texts, voice
from kiosk.i18n import BY_CODE
from kiosk.network.models import Site
from kiosk.queue.board import Board, Call, build_board


def load_board(session: Session, site: Site) -> Board:
    """Build today's board of a site."""
    return build_board(session, site, clock.today())


def announcement_items(site_slug: str, call: Call, server_voice: bool) -> list[dict]:
    """Return what the page says for a call, in order: each language's text, tag and server voice file."""
    return [
        {"lang": lang, "tag": BY_CODE[lang].tag, "text": texts.announcement(call, lang),
         "wav": url_for("display.voice_file", site_slug=site_slug, event_uuid=call.event_uuid, lang=lang)
         if server_voice else None}
        for lang in texts.announcement_languages(call)
    ]


def board_context(board: Board) -> dict:
    """Return the template context of a board: the calls' announcements and the server's time."""
    server_voice = voice.available()
    now = clock.now()
    return {
        "board": board,
        "announce": {call.event_id: announcement_items(board.site_slug, call, server_voice) for call in board.calls},
        "server_voice": server_voice,
        "server_ms": int(now.timestamp() * 1000),
        "clock_text": now.strftime("%H:%M"),
    }
