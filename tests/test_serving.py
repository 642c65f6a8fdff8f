"""The server as deployed: live streams leave room for the kiosks, limits hold across workers, unsafe starts fail.

These tests start gunicorn with deploy/gunicorn.conf.py on a demo database, as `make run` and a desk do.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import time
import uuid
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import PRODUCTION_SETTINGS, unavailable
from tests.serving import environment, flask, gunicorn, local, wait_until_healthy

REDIS_URL = "redis://127.0.0.1:6379/0"
STREAMS = 100  # displays and phones holding a stream open at once
PAGE_TIMEOUT = 5  # seconds a kiosk page may take while they do (it takes milliseconds)


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A migrated SQLite file with the demo data (offers, the desks, the queue, the demo accounts)."""
    path = tmp_path_factory.mktemp("serving") / "demo.sqlite3"
    env = environment(f"sqlite:///{path}")
    flask(env, "db", "upgrade")
    flask(env, "kiosk", "demo")
    return path


@pytest.fixture
def database(demo_database, tmp_path):
    """A copy of the demo database for one test."""
    path = tmp_path / "kiosk.sqlite3"
    shutil.copy(demo_database, path)
    return path


def open_stream(url: str) -> tuple[http.client.HTTPConnection, int | str]:
    """Open the display's event stream as a display does; return the connection and its status (or 'timeout')."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=PAGE_TIMEOUT * 2)
    try:
        connection.request("GET", "/display/la-spezia/events", headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
    except TimeoutError:
        return connection, "timeout"
    if response.status == 503:
        assert int(response.getheader("Retry-After")) > 0
        response.read()
    return connection, response.status


def test_a_hundred_open_streams_leave_the_kiosk_pages_fast(database, tmp_path):
    """Streams past each worker's bound are refused at once (the display polls); pages are served meanwhile."""
    env = environment(f"sqlite:///{database}", KIOSK_STREAM_SECONDS="60")
    with gunicorn(env, tmp_path / "gunicorn.log") as (_server, url):
        streams = [open_stream(url) for _ in range(STREAMS)]
        try:
            statuses = [status for _connection, status in streams]
            # 2 workers × 16 threads: 4 streams each, the other 12 threads for everyone else.
            assert 1 <= statuses.count(200) <= 8, statuses
            assert statuses.count(200) + statuses.count(503) == STREAMS, statuses
            for path in ("/healthz", "/", "/offers", "/ticket", "/display/la-spezia/board"):
                with local.open(f"{url}{path}", timeout=PAGE_TIMEOUT) as response:
                    assert response.status == 200, path
        finally:
            for connection, _status in streams:
                connection.close()


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error.__class__.__name__}")
    return client


def failed_sign_in(url: str) -> int:
    """Try a wrong password as a new browser would (its own connection, cookie and form token); return the status."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=PAGE_TIMEOUT)
    try:
        connection.request("GET", "/staff/login")
        form = connection.getresponse()
        page = form.read().decode()
        cookie = form.getheader("Set-Cookie").split(";")[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
        connection.close()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=PAGE_TIMEOUT)
        body = f"csrf_token={token.group(1)}&username=reception&password=not-the-password"
        connection.request("POST", "/staff/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        answer = connection.getresponse()
        page = answer.read().decode()
        if answer.status == 400:  # refused for the password, not for the form: the limit counts real tries
            assert "Nome utente o password errati" in page, page[:500]
        return answer.status
    finally:
        connection.close()


def test_the_sign_in_limit_holds_across_workers_and_reloads(database, tmp_path):
    """Ten failed sign-ins a minute from one address, whichever worker answers, and a reload forgets nothing."""
    client = redis_or_skip()
    prefix = f"kiosk-test-{uuid.uuid4().hex[:8]}"
    env = environment(f"sqlite:///{database}", KIOSK_RATELIMIT_STORAGE_URL=REDIS_URL, KIOSK_RATELIMIT_PREFIX=prefix)
    log = tmp_path / "gunicorn.log"
    try:
        with gunicorn(env, log) as (server, url):
            statuses = [failed_sign_in(url) for _ in range(25)]
            assert statuses.count(400) == 10 and statuses.count(429) == 15, statuses
            server.send_signal(signal.SIGHUP)  # a reload: new workers, nothing of the old ones' memory
            time.sleep(2)
            wait_until_healthy(url, server, log)
            assert failed_sign_in(url) == 429
    finally:
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        client.close()


def test_flask_run_refuses_to_serve_a_production_role_with_demo_accounts(database):
    env = environment(f"sqlite:///{database}", KIOSK_ROLE="central", SECRET_KEY=PRODUCTION_SETTINGS["SECRET_KEY"],
                      KIOSK_WORKERS="1")
    try:
        done = flask(env, "run", "--port", "1", check=False, timeout=60)  # port 1 is never served
    except Exception as error:  # noqa: BLE001 - a server that started would only end at the timeout
        pytest.fail(f"`flask run` started to serve with demo accounts: {error.__class__.__name__}")
    assert done.returncode != 0
    assert "cannot start" in done.stderr and "demo accounts exist" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one line, no traceback


def test_gunicorn_refuses_limits_in_memory_for_several_workers_of_a_desk_or_central(tmp_path):
    database = tmp_path / "empty.sqlite3"
    env = environment(f"sqlite:///{database}", KIOSK_ROLE="central", SECRET_KEY=PRODUCTION_SETTINGS["SECRET_KEY"],
                      KIOSK_WORKERS="1")
    flask(env, "db", "upgrade")
    import subprocess

    from tests.serving import ROOT, free_port, gunicorn_command

    done = subprocess.run(gunicorn_command(f"http://127.0.0.1:{free_port()}", "--workers", "3"), cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "KIOSK_RATELIMIT_STORAGE_URL=redis://" in done.stderr + done.stdout


class Visitor:
    """One kiosk visit over its own connections, with its own session cookie, as a terminal's browser keeps it."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.host, self.port, self.cookie = parts.hostname, parts.port, ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            if response.getheader("Set-Cookie"):
                self.cookie = response.getheader("Set-Cookie").split(";")[0]
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()

    def take(self, slug: str) -> tuple[int, str]:
        """Open a service's page and take its ticket; return the answer's status and the ticket page's address."""
        status, _headers, page = self.request("GET", f"/ticket/{slug}?lang=it")
        assert status == 200, page[:300]
        form = urlencode(re.findall(r'name="(csrf_token|request_token)" value="([^"]+)"', page))
        status, headers, _text = self.request("POST", f"/ticket/{slug}", form)
        return status, headers.get("Location", "")


def test_fifty_kiosks_take_a_ticket_at_once_while_a_display_watches(database, tmp_path):
    """Each take commits and wakes the display's watcher: no take waits for a connection, none fails, no gap."""
    from concurrent.futures import ThreadPoolExecutor

    env = environment(f"sqlite:///{database}", KIOSK_TICKET_RATE="1000 per minute", KIOSK_STREAM_SECONDS="120",
                      KIOSK_ALWAYS_OPEN="1")
    with gunicorn(env, tmp_path / "gunicorn.log") as (_server, url):
        displays = [open_stream(url) for _ in range(2)]
        try:
            assert [status for _connection, status in displays] == [200, 200]
            visitors = [Visitor(url) for _ in range(50)]
            with ThreadPoolExecutor(max_workers=50) as pool:
                answers = list(pool.map(lambda visitor: visitor.take("cv-help"), visitors))
        finally:
            for connection, _status in displays:
                connection.close()
        assert [status for status, _location in answers] == [303] * 50
        codes = []
        for visitor, (_status, location) in zip(visitors, answers, strict=True):
            status, _headers, page = visitor.request("GET", urlsplit(location).path)
            assert status == 200
            codes.append(re.search(r"<title>[^<]*?([A-Z])(\d{3})", page).group(2))
        assert sorted(int(code) for code in codes) == list(range(1, 51))  # each its own number, none skipped
