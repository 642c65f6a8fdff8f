"""A desk that is closed, as a visitor finds it in Italian and in Arabic: no number, and when it opens again.

The shared live server keeps the desk open at any hour (KIOSK_ALWAYS_OPEN); this module starts one of its own on a
copy of the demo database, with the opening hours kept and La Spezia open only two days from now.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk import clock
from kiosk.network.holidays import holiday_on
from tests import serving
from tests.browser.conftest import server_environment
from tests.browser.helpers import BROWSER_LOCALE, LANDSCAPE, PORTRAIT, assert_no_sideways_scroll, say
from tests.catalogues import WEEKDAYS


@pytest.fixture(scope="module")
def opens_on():
    """The day the closed desk opens next: two days from now at 09:00, or the next day that is no national holiday."""
    day = clock.today() + timedelta(days=2)
    while holiday_on(day):
        day += timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def closed_server(live_server, live_folder, tmp_path_factory, opens_on):
    """Serve the demo on a copy of the live database, with the opening hours kept; return its base URL."""
    folder = tmp_path_factory.mktemp("closed-server")
    database = folder / "kiosk.sqlite3"
    with sqlite3.connect(live_folder / "kiosk.sqlite3") as source, sqlite3.connect(database) as copy:
        source.backup(copy)
        copy.execute("DELETE FROM site_closure")  # the demo's patron saints' days
        copy.execute("UPDATE site SET opening_hours = ? WHERE slug = 'la-spezia'",
                     (f'[{{"days": [{opens_on.weekday()}], "opens": "09:00", "closes": "12:30"}}]',))
    env = server_environment(database, KIOSK_ALWAYS_OPEN="0")
    with serving.gunicorn(env, folder / "gunicorn.log", "--workers", "1", "--threads", "4") as (_server, url):
        yield url


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_a_closed_desk_gives_no_number_and_says_when_it_opens(browser, closed_server, opens_on, lang):
    context = browser.new_context(base_url=closed_server, viewport=PORTRAIT, has_touch=True, locale=BROWSER_LOCALE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        days = (opens_on - clock.today()).days  # two, unless midnight passed since the server started
        opens = ("We open again tomorrow at %(time)s." if days == 1
                 else f"We open again on {WEEKDAYS[opens_on.weekday()]} at %(time)s.")
        sentence = say(lang, opens, time="09:00")
        page.goto(f"/home?lang={lang}")
        tile = page.get_by_role("link", name=say(lang, "Take a number"))
        expect(tile).to_contain_text(sentence)
        tile.tap()
        expect(page).to_have_url(f"{closed_server}/ticket")
        expect(page.get_by_role("heading", name=say(lang, "The desk is closed now"))).to_be_visible()
        expect(page.get_by_text(sentence)).to_be_visible()
        expect(page.locator(".hours")).to_contain_text("09:00–12:30")
        expect(page.locator(".service-tile")).to_have_count(0)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        for screen in (PORTRAIT, LANDSCAPE):
            page.set_viewport_size(screen)
            expect(page.get_by_text(sentence)).to_be_in_viewport()
        assert_no_sideways_scroll(page)
        # A service's own address leads back to the notice, never to a form.
        page.goto("/ticket/orientation")
        expect(page).to_have_url(f"{closed_server}/ticket")
        expect(page.get_by_role("button", name=say(lang, "Take the ticket"))).to_have_count(0)
    finally:
        context.close()
