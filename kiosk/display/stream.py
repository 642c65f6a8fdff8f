"""The display's event stream: the board at once, a new board on every change, a heartbeat, then an end.

The stream holds no database session while it waits: each board is read in a short session of its own,
and rendered in a request context of its own (the request's, pushed again), so no context stays pushed
between two events.
It ends after a lifetime (KIOSK_STREAM_SECONDS) and the browser reconnects, so a display that went away
never keeps a server thread for long, and a reconnect always starts from the current board.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from flask import Flask, g
from flask_babel import refresh
from jinja2_fragments.flask import render_block
from sqlalchemy.orm import Session

from kiosk.display.render import board_context, load_board
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue import live
from kiosk.queue.board import Board

HEARTBEAT_SECONDS = 15.0  # a comment line, so proxies and the browser keep an idle stream open
RETRY_MS = 1000  # how soon the browser reconnects after the stream ends
TEMPLATE = "display/board.html"
BUSY_RETRY_SECONDS = 30  # a stream refused for want of room: the display polls meanwhile
_SLOTS = "kiosk.stream_slots"


def init_app(app: Flask) -> None:
    """Give this process its stream slots: KIOSK_STREAMS_PER_WORKER streams at most, the threads left serve pages.

    A stream holds one of the process's threads for its whole life. Without a bound, enough open displays or
    phones would take every thread and the kiosks would wait; with it, a stream past the bound is refused at
    once and the display polls the board instead (static/display.js), trying a stream again later.
    """
    app.extensions[_SLOTS] = threading.BoundedSemaphore(app.config["KIOSK_STREAMS_PER_WORKER"])


def take_slot(app: Flask) -> threading.BoundedSemaphore | None:
    """Take one of this process's stream slots without waiting; return it (to release), or None when all are taken."""
    slots: threading.BoundedSemaphore = app.extensions[_SLOTS]
    return slots if slots.acquire(blocking=False) else None


def sse(event: str, data: str) -> str:
    """Format one server-sent event; every line of the data gets its own `data:` field."""
    lines = data.splitlines() or [""]
    return f"event: {event}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


class BoardReader:
    """Read and render a site's board for a stream, each time in a fresh session and request context."""

    def __init__(self, app: Flask, environ: dict, site_id: int):
        self.app, self.environ, self.site_id = app, environ, site_id

    def read(self) -> Board:
        """Read the site's board in a session of its own, closed before returning."""
        with self.app.app_context(), Session(db.engine) as session:
            return load_board(session, session.get(Site, self.site_id))

    def event(self, board: Board) -> str:
        """Render a board as the `board` event the page swaps in."""
        with self.app.request_context(self.environ):
            g.lang = "it"
            refresh()
            return sse("board", render_block(TEMPLATE, "board", **board_context(board)))


def board_events(reader: BoardReader, site_slug: str, lifetime: float,
                 heartbeat: float | None = None) -> Iterator[str]:
    """Yield a site's board now and after every change, with heartbeats, for `lifetime` seconds."""
    heartbeat = heartbeat or HEARTBEAT_SECONDS
    with reader.app.app_context():
        hub = live.hub_for(db.engine)
    deadline = time.monotonic() + lifetime
    with hub.watching(site_slug):
        seen = hub.generation(site_slug)  # before reading: a change during the read wakes the loop again
        shown = reader.read()
        yield f"retry: {RETRY_MS}\n" + reader.event(shown)
        while (left := deadline - time.monotonic()) > 0:
            generation = hub.wait(site_slug, seen, min(heartbeat, left))
            if generation is None:
                if deadline - time.monotonic() > 0:
                    yield ": keep-alive\n\n"
                continue
            seen = generation
            board = reader.read()
            if board != shown:  # the watcher and this process's commit may both report one change
                shown = board
                yield reader.event(board)
