"""The waiting-room display on a TV: a call shows within a second and is announced, by stream or by polling.

The tickets are taken and called through the queue's own functions on the live server's database, from this
process: the server learns of them as it would of a counter served by another worker or host.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.network.services import get_site
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import DISPLAY, LANDSCAPE, announced, open_display

SITE = "la-spezia"
# Chromium on the TV starts with this flag (deploy/display-tv.sh): sound plays with nobody touching anything.
TV_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
SPEECH_SECONDS = 30_000  # a chime and two voices take a few seconds each, played one after another


class Counters:
    """Take and call tickets in the live server's database, as the terminal and a counter would."""

    def __init__(self, database: Path):
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "KIOSK_SITE": SITE})

    def call(self, lang: str = "it", prefix: str = "A", counter: int = 1) -> str:
        """Take a ticket in `lang` and call it to a counter; return its code."""
        with self.app.app_context():
            site = get_site(db.session, SITE)
            service = db.session.query(Service).filter_by(site_id=site.id, prefix=prefix).one()
            desk = db.session.query(Counter).filter_by(site_id=site.id, number=counter).one()
            ticket = take_ticket(db.session, ServiceRef(service.id, site.id, SITE, prefix), lang, clock.now())
            db.session.commit()
            actions.call(db.session, ticket, desk, SITE, clock.now())
            db.session.commit()
            code = ticket.code
            db.session.remove()
            return code


@pytest.fixture(scope="module")
def counters(live_server, tmp_path_factory) -> Counters:
    databases = sorted(tmp_path_factory.getbasetemp().glob("live-server*/kiosk.sqlite3"))
    assert databases, "the live server's database was not found"
    return Counters(databases[-1])


@pytest.fixture(scope="module")
def tv_browser(browser):
    """Chromium as the TV runs it: the same browser, started with the TV's autoplay flag."""
    tv = browser.browser_type.launch(executable_path=CHROMIUM, args=TV_ARGS, headless=True)
    yield tv
    tv.close()


@pytest.fixture
def tv(tv_browser, live_server):
    """A 1920×1080 TV showing the display."""
    context = tv_browser.new_context(base_url=live_server, viewport=LANDSCAPE, locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
def test_a_call_shows_within_a_second_and_is_announced_in_italian_then_arabic(tv, counters):
    open_display(tv)
    code = counters.call(lang="ar", counter=2)
    expect(tv.locator(".now-code bdi")).to_have_text(code, timeout=1000)
    expect(tv.locator(".now-counter")).to_contain_text("2")
    expect(tv.locator(".now")).to_have_class("now is-new")  # the new call stands out for a while
    expect(announced(tv, code)).to_have_count(2, timeout=SPEECH_SECONDS)
    assert [line.get_attribute("data-lang") for line in announced(tv, code).all()] == ["it", "ar"]
    assert announced(tv, code).nth(1).get_attribute("lang") == "ar"
    # The server's voice read both; the chime came first.
    tv.wait_for_function("(code) => window.kioskDisplay.log.filter(e => e.code === code).every(e => e.done)",
                         arg=code, timeout=SPEECH_SECONDS)
    log = tv.evaluate("(code) => window.kioskDisplay.log.filter(e => e.code === code).map(e => [e.kind, e.via])",
                      code)
    assert log == [["chime", "chime"], ["voice", "server"], ["voice", "server"]]


@pytest.mark.browser
def test_calls_on_the_board_when_the_page_opens_are_not_announced(tv, counters):
    earlier = counters.call()
    open_display(tv)
    expect(tv.locator(f"[data-code='{earlier}']")).to_have_count(1)
    later = counters.call(prefix="B")
    expect(announced(tv, later)).to_have_count(1, timeout=SPEECH_SECONDS)
    assert announced(tv, earlier).count() == 0


@pytest.mark.browser
def test_two_quick_calls_are_both_announced_in_order(tv, counters):
    open_display(tv)
    first, second = counters.call(counter=1), counters.call(prefix="B", counter=2)
    expect(tv.locator(".now-code bdi")).to_have_text(second, timeout=1000)
    expect(tv.locator(".earlier-code").first).to_have_text(first)
    expect(announced(tv, second)).to_have_count(1, timeout=SPEECH_SECONDS)
    lines = tv.locator("#announced li").all()
    assert [line.get_attribute("data-code") for line in lines][-2:] == [first, second]


@pytest.mark.browser
@pytest.mark.parametrize("stream", ["unreachable", "refused"])
def test_without_the_event_stream_the_board_still_updates_by_polling(tv, counters, stream):
    """The stream cannot be reached, or the server has no stream slot left (503, as past KIOSK_STREAMS_PER_WORKER)."""
    if stream == "unreachable":
        tv.route("**/events", lambda route: route.abort())
    else:
        tv.route("**/events", lambda route: route.fulfill(status=503, headers={"Retry-After": "30"}, body=""))
    open_display(tv, streaming=False)
    assert not tv.evaluate("() => window.kioskDisplay.streaming()")
    code = counters.call(lang="uk")
    expect(tv.locator(".now-code bdi")).to_have_text(code)  # within a poll, a few seconds
    expect(announced(tv, code)).to_have_count(2, timeout=SPEECH_SECONDS)
    assert [line.get_attribute("data-lang") for line in announced(tv, code).all()] == ["it", "uk"]


@pytest.mark.browser
def test_the_clock_follows_the_servers_time_not_the_tvs(tv_browser, live_server):
    context = tv_browser.new_context(base_url=live_server, viewport=LANDSCAPE)
    page = context.new_page()
    # A TV whose clock says 1970, at a time of day twelve hours away from the real one in Rome.
    rome = clock.LOCAL_ZONE
    real = datetime.now(rome)
    # The 2nd of January: midnight of the 1st in Rome is before the epoch, where the page's clock cannot start.
    wrong = datetime(1970, 1, 2, (real.hour + 12) % 24, real.minute, tzinfo=rome)
    page.clock.install(time=0)
    page.clock.pause_at(int(wrong.timestamp() * 1000))
    page.goto(DISPLAY)
    page.clock.run_for(2000)
    expect(page.locator("[data-date]")).not_to_contain_text("1970")
    expect(page.locator("[data-clock]")).not_to_have_text(wrong.strftime("%H:%M"))
    context.close()
