"""Live updates across processes: a change made by another process reaches every open display in every worker.

Gunicorn runs two workers (deploy/gunicorn.conf.py), each allowed three streams; six displays open their event
streams (a display refused by a full worker tries again), so each worker holds three. A ticket is then taken by a
process that is no worker at all (as a sync loop or a second host would write), and every stream must send a new
board within seconds: the hint travels through the database (and PostgreSQL's LISTEN/NOTIFY), never through one
process's memory.
"""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Service
from tests.conftest import PRODUCTION_SETTINGS
from tests.serving import environment, flask, gunicorn

DISPLAYS = 6
WITHIN_SECONDS = 10.0  # each stream's next board (it comes within 50 ms on an idle machine)
OPEN_SECONDS = 30.0  # a stream's first answer, on a machine as busy as CI


@pytest.fixture
def database_url(backend, tmp_path, request):
    """The demo on the test's backend: a fresh SQLite file, or the session's PostgreSQL database."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    else:
        from tests.conftest import _empty_postgres, base_config

        url = request.getfixturevalue("postgres_database")
        emptier = create_app(base_config(url))
        _empty_postgres(emptier)
        with emptier.app_context():
            db.engine.dispose()  # no connection left for the garbage collector to find
    env = environment(url)
    flask(env, "db", "upgrade")
    flask(env, "kiosk", "demo")
    return url


class Stream:
    """A display's event stream, read message by message."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=OPEN_SECONDS)
        try:
            self.connection.request("GET", "/display/la-spezia/events", headers={"Accept": "text/event-stream"})
            self.response = self.connection.getresponse()
        except OSError:
            self.connection.close()
            raise
        self.status = self.response.status
        if self.status != 200:  # a worker with no stream left: 503, and the display tries again
            self.close()
            return
        self.connection.sock.settimeout(WITHIN_SECONDS)

    def close(self) -> None:
        self.response.close()
        self.connection.close()

    def next_message(self) -> str:
        """Return the next message's data (comments and heartbeats skipped); TimeoutError when none comes."""
        data = []
        while True:
            line = self.response.fp.readline().decode()
            if line in ("\n", "\r\n", ""):
                if data:
                    return "\n".join(data)
                if line == "":
                    raise ConnectionError("the stream ended")
                continue
            if line.startswith("data:"):
                data.append(line[5:].strip())


def take_one_elsewhere(url: str) -> str:
    """Take a ticket at La Spezia from this test's own process, as another writer would; return its code."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "KIOSK_ROLE": "standalone", "TESTING": True} | {
        "SECRET_KEY": PRODUCTION_SETTINGS["SECRET_KEY"]})
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "la-spezia"))
        service = db.session.scalar(select(Service).where(Service.site_id == site.id).order_by(Service.id))
        ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, service.prefix), "it", clock.now())
        db.session.commit()
        code = ticket.code
        db.session.remove()
        db.engine.dispose()
    return code


@pytest.mark.both_databases
def test_a_change_from_another_process_reaches_every_display_in_every_worker(database_url, tmp_path):
    env = environment(database_url, KIOSK_ALWAYS_OPEN="1", KIOSK_STREAM_SECONDS="60",
                      KIOSK_STREAMS_PER_WORKER=str(DISPLAYS // 2))
    with gunicorn(env, tmp_path / "gunicorn.log", "--workers", "2") as (_server, url):
        streams: list[Stream] = []
        try:
            for _attempt in range(200):
                if len(streams) == DISPLAYS:
                    break
                stream = Stream(url)
                if stream.status == 200:
                    streams.append(stream)
            assert len(streams) == DISPLAYS, "the two workers did not take six streams between them"
            for stream in streams:
                stream.next_message()  # the board as it is
            began = time.monotonic()
            take_one_elsewhere(database_url)
            for number, stream in enumerate(streams):
                try:
                    stream.next_message()
                except TimeoutError:
                    pytest.fail(f"display {number + 1} of {DISPLAYS} saw no change in {WITHIN_SECONDS} s")
            assert time.monotonic() - began < WITHIN_SECONDS
        finally:
            for stream in streams:
                stream.close()
