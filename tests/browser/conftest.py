"""Browser fixtures: the standalone app under gunicorn on a fresh demo database, and Debian's Chromium.

The server is started once per test session the way `make run` starts it (migrations, `kiosk demo`,
gunicorn), on a database in a temporary folder, with a 5-second idle timer so the tests can go idle.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.helpers import BROWSER_LOCALE, IDLE_SECONDS, PORTRAIT, ROOT
from tests.conftest import unavailable
from tests.serving import gunicorn_command

CHROMIUM = os.environ.get("KIOSK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Nothing on the way to 127.0.0.1 goes through a proxy.
_local = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_environment(database: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    return env | {
        "KIOSK_ROLE": "standalone",
        "KIOSK_SITE": "la-spezia",
        "KIOSK_DATABASE_URL": f"sqlite:///{database}",
        "KIOSK_IDLE_SECONDS": str(IDLE_SECONDS),
        # Every test is a visitor from 127.0.0.1: the one terminal's ticket limit would soon refuse them.
        "KIOSK_TICKET_RATE": "1000 per minute",
        # Tests run at any hour, CI at 3 a.m. on a Sunday too: the desk is open; test_closed.py sees it closed.
        "KIOSK_ALWAYS_OPEN": "1",
        "PYTHONUNBUFFERED": "1",
    }


def _flask(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        pytest.fail(f"`flask {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}", pytrace=False)


def _check_prerequisites() -> None:
    if not list((ROOT / "translations").glob("*/LC_MESSAGES/messages.mo")):
        unavailable("the translations are not compiled: run `make translations-compile` (`make test` does it)")


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}", pytrace=False)
        try:
            with _local.open(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz in {seconds} s:\n{log.read_text()[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def live_folder(tmp_path_factory) -> Path:
    """The folder of the live server's database and log."""
    return tmp_path_factory.mktemp("live-server")


@pytest.fixture(scope="session")
def live_server(live_folder) -> str:
    """Serve the standalone app with the demo data through gunicorn on 127.0.0.1; return its base URL.

    Two workers, as `make run` has: a call made in one reaches a display held open by the other.
    """
    _check_prerequisites()
    folder = live_folder
    env = _server_environment(folder / "kiosk.sqlite3")
    _flask(env, "db", "upgrade")
    _flask(env, "kiosk", "demo")
    url = f"http://127.0.0.1:{_free_port()}"
    log = folder / "gunicorn.log"
    command = gunicorn_command(url)  # deploy/gunicorn.conf.py: two workers, as `make run` has
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def live_app(live_server, live_folder):
    """An app on the live server's own database, for a test that acts as another counter or process would."""
    from kiosk import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{live_folder / 'kiosk.sqlite3'}",
                       "KIOSK_ROLE": "standalone", "KIOSK_SITE": "la-spezia"})


@pytest.fixture(scope="session")
def api(live_server):
    """Return a function that GETs a path of the live server's JSON API."""

    def get(path: str) -> dict:
        with _local.open(f"{live_server}{path}", timeout=10) as response:
            return json.load(response)

    return get


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a browser that Playwright downloads)."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        unavailable(f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set KIOSK_TEST_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile for each test: no cookie, no storage of an earlier visitor."""
    context = browser.new_context(base_url=live_server, viewport=PORTRAIT, has_touch=True, locale=BROWSER_LOCALE)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A portrait kiosk screen, 1080×1920."""
    return context.new_page()
