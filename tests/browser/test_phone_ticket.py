"""Following a queue ticket on a phone: the page rings, vibrates and says the counter when the ticket is called."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service, Ticket
from tests.browser.helpers import NARROW_PHONE, open_watched, say, too_close, too_small, touch_targets
from tests.browser.test_public import axe_violations, sideways_scroll

# The phone's vibration motor and speaker, as the test sees them: each call is written down.
WATCH_ALERTS = """
window.vibrations = [];
navigator.vibrate = (pattern) => { window.vibrations.push(pattern); return true; };
window.tones = 0;
const makeOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () { window.tones += 1; return makeOscillator.call(this); };
"""


@pytest.fixture
def phone(browser, live_server):
    """A small phone (360×740, touch) whose owner prefers German, watching CSP, vibrations and sounds."""
    context, page = open_watched(browser, live_server, NARROW_PHONE, WATCH_ALERTS, has_touch=True, is_mobile=True)
    yield page
    context.close()


@pytest.fixture
def desk(live_app):
    """Take tickets and call them on the live server's database, as the kiosk and a counter would."""

    class Desk:
        def take(self, lang: str) -> tuple[str, str]:
            with live_app.app_context():
                site = db.session.scalar(select(Site).where(Site.slug == "la-spezia"))
                service = db.session.scalar(select(Service).where(Service.site_id == site.id,
                                                                  Service.slug == "orientation"))
                ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, service.prefix),
                                     lang, clock.now())
                db.session.commit()
                return ticket.token, ticket.code

        def call(self, token: str) -> int:
            with live_app.app_context():
                ticket = db.session.scalar(select(Ticket).where(Ticket.token == token))
                counter = db.session.scalar(
                    select(Counter).where(Counter.site_id == ticket.site_id, Counter.number == 2))
                actions.call(db.session, ticket, counter, "la-spezia", clock.now())
                db.session.commit()
                return counter.number

    return Desk()


@pytest.mark.browser
def test_the_called_ticket_rings_and_says_the_counter_in_arabic(phone, desk, tmp_path):
    token, code = desk.take("ar")
    phone.goto(f"/m/t/{token}")
    html = phone.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    status = phone.locator("#ticket-status")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(code)
    assert sideways_scroll(phone, NARROW_PHONE) <= 0
    targets = touch_targets(phone)
    assert not too_small(targets), too_small(targets)
    assert not too_close(targets), too_close(targets)
    violations = axe_violations(phone)
    assert not violations, "\n".join(violations)

    # Sound needs one touch: the button lets the phone play, and plays the chime once as a test.
    sound = phone.get_by_role("button", name=say("ar", "Turn on sound alerts"))
    sound.tap()
    expect(phone.get_by_text(say("ar", "Sound alerts are on. Keep the volume up and this page open."))).to_be_visible()
    expect(sound).to_be_hidden()
    tones_before = phone.evaluate("window.tones")
    vibrations_before = phone.evaluate("window.vibrations.length")

    counter = desk.call(token)
    called = phone.locator("[data-called-box]")
    expect(called).to_be_visible(timeout=6_000)
    expect(called).to_contain_text(say("ar", "It is your turn!"))
    expect(called).to_contain_text(say("ar", "Go to counter %(number)s", number=counter))
    expect(phone).to_have_title(re.compile("^▶ " + re.escape(code) + " - "))
    expect(status).to_have_attribute("data-state", "called")
    expect(phone.locator("#announcer")).to_contain_text(say("ar", "Go to counter %(number)s", number=counter))
    assert phone.evaluate("window.tones") > tones_before, "no chime when the ticket was called"
    assert phone.evaluate("window.vibrations.length") > vibrations_before, "no vibration when the ticket was called"
    expect(phone.get_by_role("link", name=say("ar", "Cancel my ticket"))).to_have_count(0)
    # The sound stays on across the updates: no second touch is asked for.
    expect(phone.get_by_text(say("ar", "Sound alerts are on. Keep the volume up and this page open."))).to_be_visible()
    expect(phone.get_by_role("button", name=say("ar", "Turn on sound alerts"))).to_be_hidden()

    assert phone.evaluate("window.cspViolations") == []
    assert not phone.console_errors, phone.console_errors
    phone.screenshot(path=tmp_path / "phone-ticket-called-ar.png", full_page=True)


@pytest.mark.browser
def test_giving_up_a_ticket_in_italian(phone, desk, tmp_path):
    token, code = desk.take("it")
    phone.goto(f"/m/t/{token}")
    expect(phone.locator("html")).to_have_attribute("lang", "it")
    expect(phone.locator("#ticket-status")).to_have_attribute("data-state", "waiting")
    phone.screenshot(path=tmp_path / "phone-ticket-waiting-it.png", full_page=True)

    phone.get_by_role("link", name=say("it", "Cancel my ticket")).tap()
    expect(phone.get_by_text(say("it", "Are you sure? Your number will be lost."))).to_be_visible()
    keep = phone.get_by_role("link", name=say("it", "No, keep my ticket"))
    expect(keep).to_be_visible()
    phone.get_by_role("button", name=say("it", "Yes, cancel my ticket")).tap()

    expect(phone).to_have_url(re.compile(rf"/m/t/{re.escape(token)}\?lang=it$"))
    status = phone.locator("#ticket-status")
    expect(status).to_have_attribute("data-state", "cancelled")
    expect(status).to_contain_text(say("it", "Your ticket is cancelled."))
    expect(status).not_to_have_attribute("hx-trigger", re.compile("."))  # nothing left to wait for: no polling
    expect(phone.get_by_role("button", name=say("it", "Turn on sound alerts"))).to_have_count(0)
    expect(phone).to_have_title(re.compile("^" + re.escape(code)))
    assert phone.evaluate("window.cspViolations") == []
    assert not phone.console_errors, phone.console_errors

