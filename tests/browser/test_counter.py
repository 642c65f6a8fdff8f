"""The counter screen in Chromium: keyboard shortcuts that fire once, the ticking timer, the line that updates itself.

Uses the browser tests' live server (gunicorn on the demo data) and counter 3 of La Spezia, which no other browser
test calls to.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.services import get_site
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Service, TicketEvent
from tests.browser.helpers import DESK_PC, put_down_the_ticket_in_hand, sit_at_counter

pytestmark = pytest.mark.browser


def take(app, prefix: str) -> str:
    """Take a ticket at La Spezia as the terminal would; return its code."""
    with app.app_context():
        site = get_site(db.session, "la-spezia")
        service = db.session.scalar(select(Service).where(Service.site_id == site.id, Service.prefix == prefix))
        ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, prefix), "uk", clock.now())
        db.session.commit()
        return ticket.code


def calls_at_counter_3(app) -> int:
    with app.app_context():
        events = db.session.scalars(select(TicketEvent.data).where(
            TicketEvent.site == "la-spezia", TicketEvent.kind == "called")).all()
        return sum(1 for data in events if data.get("counter") == 3)


@pytest.fixture
def screen(browser, live_server):
    """The reception's desk PC, signed in and sitting at counter 3 with nothing in hand."""
    context = browser.new_context(base_url=live_server, viewport=DESK_PC, locale="it-IT")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sit_at_counter(page, 3)
    put_down_the_ticket_in_hand(page)  # a ticket left in hand by an earlier test is dealt with first
    yield page
    context.close()


def test_shortcuts_fire_once_and_not_while_typing(screen, live_app):
    page = screen
    code = take(live_app, "F")
    page.locator("#line").get_by_text(code).wait_for()  # the line showed it by itself
    before = calls_at_counter_3(live_app)
    page.keyboard.down("n")
    page.keyboard.down("n")  # the key repeats while held
    page.keyboard.down("n")
    page.keyboard.up("n")
    status = page.locator(".status-line")
    status.filter(has_text=re.compile(r"called to counter 3")).wait_for()
    page.wait_for_load_state("networkidle")
    assert calls_at_counter_3(live_app) == before + 1
    called = page.locator("#ticket-code").inner_text()

    page.keyboard.press("s")
    status.filter(has_text=f"Serving {called}").wait_for()
    timer = page.locator("time.stopwatch")
    first = timer.inner_text()
    page.wait_for_function("(first) => document.querySelector('time.stopwatch').textContent !== first", arg=first)

    page.locator("#transfer-service").focus()
    page.keyboard.press("f")  # typed into the menu of services: nothing is finished
    page.wait_for_load_state("networkidle")
    assert page.locator(".ticket-card.status-serving").count() == 1
    page.locator("#panel-title").click()
    page.keyboard.press("f")
    status.filter(has_text=f"{called} finished").wait_for()


def test_pause_with_the_keyboard_then_resume(screen):
    page = screen
    page.keyboard.press("p")
    reason = page.get_by_role("button", name="Phone call")
    reason.wait_for()
    reason.click()
    page.locator(".pause-note").filter(has_text="Phone call").wait_for()
    assert page.locator('[data-shortcut="n"]').is_disabled()
    page.keyboard.press("p")
    page.locator(".status-line").filter(has_text="Counter 3 is calling again.").wait_for()
    # A screen reader hears it too: the page's own live region repeats what the swapped status line says.
    expect(page.locator("#announcer")).to_have_text("Counter 3 is calling again.")
    assert page.locator('[data-shortcut="n"]').is_enabled()
