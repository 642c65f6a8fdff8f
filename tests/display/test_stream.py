"""The display's event stream: the board at once, a new board after a call, heartbeats, and an end."""

from __future__ import annotations

import threading

import pytest

from kiosk import clock
from kiosk.display import stream
from kiosk.extensions import db
from kiosk.queue import line
from kiosk.queue.issuing import take_ticket
from kiosk.queue.models import Counter

EVENTS = "/display/la-spezia/events"


def board_of(chunk: bytes) -> str:
    """Return the HTML of a `board` event, checking its form."""
    text = chunk.decode()
    assert text.endswith("\n\n"), "an event ends with an empty line"
    lines = [line for line in text.rstrip("\n").splitlines() if not line.startswith("retry:")]
    assert lines[0] == "event: board", text[:200]
    assert all(line.startswith("data: ") for line in lines[1:]), text[:200]
    return "\n".join(line.removeprefix("data: ") for line in lines[1:])


def board_with(chunks, text: str) -> str:
    """Return the stream's next board that shows `text`, past heartbeats and boards without it."""
    for chunk in chunks:
        if not chunk.startswith(b":") and text in (board := board_of(chunk)):
            return board
    raise AssertionError(f"the stream ended without a board showing {text}")


def elsewhere(app, work) -> threading.Thread:
    """Run `work(session)` in another thread, with its own session and commit, as a kiosk or a counter would."""

    def run():
        with app.app_context():
            work(db.session)
            db.session.commit()
            db.session.remove()

    thread = threading.Timer(0.2, run)
    thread.start()
    return thread


@pytest.mark.both_databases
def test_the_stream_sends_the_board_then_a_new_board_after_a_call_then_ends(app, client, desk):
    app.config["KIOSK_STREAM_SECONDS"] = 3
    in_use = db.engine.pool.checkedout()  # this test's own session
    response = client.get(EVENTS, buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["X-Accel-Buffering"] == "no"
    chunks = response.iter_encoded()
    first = next(chunks)
    assert first.startswith(b"retry: ")  # the browser comes back quickly after the stream's end
    assert 'id="board"' in board_of(first) and "data-call" not in board_of(first)

    # The watcher's own connection at most: the stream holds none while it waits.
    assert db.engine.pool.checkedout() <= in_use + 1
    service, counter_id, slug = desk.orientation, desk.counters[1].id, desk.site.slug
    elsewhere(app, lambda session: take_ticket(session, service, "it", clock.now()))
    board_with(chunks, '<span class="visually-hidden">A: </span>1<')  # taken: one waits
    elsewhere(app, lambda session: line.call_next(session, session.get(Counter, counter_id), slug, clock.now()))
    board_with(chunks, 'data-code="A001"')  # called

    rest = list(chunks)  # the stream ends by itself at its lifetime
    assert all(chunk.startswith(b":") or b"event: board" in chunk for chunk in rest)
    response.close()


def test_a_reconnect_starts_from_the_current_board(app, client, desk):
    app.config["KIOSK_STREAM_SECONDS"] = 1
    desk.take_and_call(counter=2)
    response = client.get(EVENTS, buffered=False)
    first = board_of(next(response.iter_encoded()))
    response.close()
    assert 'data-code="A001"' in first


def test_an_idle_stream_sends_heartbeats(app, desk):
    with app.test_request_context("/display/la-spezia/events") as context:
        reader = stream.BoardReader(app, context.request.environ, desk.site.id)
    chunks = list(stream.board_events(reader, desk.site.slug, lifetime=1, heartbeat=0.3))
    assert chunks[0].startswith("retry: ")
    assert ": keep-alive\n\n" in chunks[1:]
    assert all(chunk == ": keep-alive\n\n" for chunk in chunks[1:])


def test_every_line_of_the_data_is_its_own_field():
    event = stream.sse("board", "<div>\n<p>x</p>\n</div>")
    assert event == "event: board\ndata: <div>\ndata: <p>x</p>\ndata: </div>\n\n"


def test_a_stream_past_the_bound_is_refused_at_once_and_a_closed_one_frees_its_slot(app, desk):
    from kiosk.display import stream as display_stream

    app.config["KIOSK_STREAMS_PER_WORKER"] = 1
    display_stream.init_app(app)
    first = app.test_client().get(EVENTS, buffered=False)
    assert first.status_code == 200
    refused = app.test_client().get(EVENTS, buffered=False)
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert refused.headers["Cache-Control"] == "no-store"
    first.close()  # the display went away
    again = app.test_client().get(EVENTS, buffered=False)
    assert again.status_code == 200
    again.close()
