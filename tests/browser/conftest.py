"""Browser fixtures: the standalone app under gunicorn on a fresh demo database, and Debian's Chromium.

The server is started once per test session the way `make run` starts it (migrations, `kiosk demo`,
gunicorn), on a database in a temporary folder, with a 5-second idle timer so the tests can go idle.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests import serving
from tests.browser.helpers import BROWSER_LOCALE, IDLE_SECONDS, NARROW_PHONE, PORTRAIT, ROOT, open_watched
from tests.conftest import unavailable

CHROMIUM = os.environ.get("KIOSK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def server_environment(database: Path, **settings: str) -> dict[str, str]:
    """The browser tests' server on a SQLite database: a short idle timer, no ticket or print limit, the desk open."""
    return serving.environment(
        f"sqlite:///{database}",
        KIOSK_IDLE_SECONDS=str(IDLE_SECONDS),
        # Every test is a visitor from 127.0.0.1: the one terminal's limits would soon refuse them (every ticket
        # page prints its ticket by itself, and the screen checks open dozens a minute).
        KIOSK_TICKET_RATE="1000 per minute",
        KIOSK_PRINT_RATE="1000 per minute",
        KIOSK_SIGN_IN_RATE="1000 per minute",  # the staff's tests sign in from one address, dozens a minute
        # Tests run at any hour, CI at 3 a.m. on a Sunday too: the desk is open; test_closed.py sees it closed.
        KIOSK_ALWAYS_OPEN="1",
    ) | settings


def _check_prerequisites() -> None:
    if not list((ROOT / "translations").glob("*/LC_MESSAGES/messages.mo")):
        unavailable("the translations are not compiled: run `make translations-compile` (`make test` does it)")


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
    env = server_environment(live_folder / "kiosk.sqlite3")
    serving.flask(env, "db", "upgrade")
    serving.flask(env, "kiosk", "demo")
    with serving.gunicorn(env, live_folder / "gunicorn.log") as (_server, url):  # deploy/gunicorn.conf.py
        yield url


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
        with serving.local.open(f"{live_server}{path}", timeout=10) as response:
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
def phone(browser, live_server):
    """A phone's browser: a narrow screen, touch, a mobile viewport, the page's CSP violations watched."""
    context, page = open_watched(browser, live_server, NARROW_PHONE, has_touch=True, is_mobile=True)
    yield page
    context.close()


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
