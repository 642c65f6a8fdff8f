"""A phone away from the desk: it finds an offer at /m, takes a ticket for a desk and follows it, in Italian and Arabic.

The live server is a standalone desk, which gives the number at once (at central the desk gives it on its next
round: tests/sync/test_remote.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.queue.models import Ticket
from tests.browser.helpers import cancel_the_waiting, number_in
from tests.browser.test_public import axe_violations


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_a_phone_finds_an_offer_and_takes_a_ticket_for_a_desk(phone, live_app, lang):
    phone.goto(f"/m?lang={lang}")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    before = phone.locator("#results-count").inner_text()
    everything = number_in(before)
    assert everything > 10
    assert axe_violations(phone) == []

    # A search narrows the list in place (htmx), and an offer opens on its own page.
    phone.locator("#phone-q").fill("gruista" if lang == "it" else "الميناء")  # crane operator; the port
    phone.locator("#phone-search button[type=submit]").click()
    expect(phone.locator("#results-count")).not_to_have_text(before)
    found = phone.locator("#offer-list .offer-cards > li").count()  # "فرصتين", two, is written without digits
    assert 0 < found < min(everything, 10)
    phone.locator("#offer-list .offer-cards > li a").first.click()
    expect(phone).to_have_url(re.compile(rf"/m/o/\d+\?lang={lang}"))
    phone.go_back()

    # Take a ticket: choose the desk and the service, then the page follows the number.
    phone.goto(f"/m?lang={lang}")
    phone.locator("#take-remote").click()
    expect(phone).to_have_url(re.compile(r"/m/take"))
    assert axe_violations(phone) == []
    la_spezia = phone.locator("fieldset.phone-take-site").first
    la_spezia.locator("label.phone-take-service").first.click()
    phone.locator("#take-submit").click()
    expect(phone).to_have_url(re.compile(r"/m/t/[A-Za-z0-9_-]+"))
    heading = phone.locator("#ticket-heading")
    expect(heading).to_contain_text(re.compile(r"[A-Z]\d{3}"))
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    assert axe_violations(phone) == []

    token = phone.url.split("/m/t/")[1].split("?")[0]
    with live_app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.token == token))
        assert ticket is not None and ticket.channel == "remote" and ticket.lang == lang
        assert ticket.code in heading.inner_text()
        db.session.remove()
    cancel_the_waiting(live_app, [token])  # leave no line behind for the next test
