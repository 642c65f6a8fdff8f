"""Someone who reads little Italian, start to ticket: the word for cook typed in their own language on the on-screen
keyboard finds the cook's apprenticeship; its key facts give the Italian word "apprendistato", explained in their
language and read aloud; the offer is read aloud; and the ticket is for the service that talks about it."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import cancel_the_waiting, say, starting_with, stop_the_clock
from tests.browser.test_accessibility import axe_violations

VISITORS = [
    # language, its name on the start screen, the word typed, the apprenticeship's title, words of the explanation
    pytest.param("ar", "العربية", "طباخ", "متدرّب طاهٍ", "الـ apprendistato عقد عمل حقيقي للشباب", id="arabic"),
    pytest.param("uk", "Українська", "кухар", "Учень кухаря",
                 "Apprendistato — це справжній трудовий договір для молоді", id="ukrainian"),
]
PLAYING = """(selector) => { const audio = document.querySelector(selector);
  return audio && !audio.paused && audio.currentTime > 0.2 && audio.error === null; }"""


def heard(page, selector: str, seconds: float = 15) -> None:
    """Wait, from outside the page (its clock is stopped), until the <audio> at `selector` plays."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(PLAYING, selector):
        assert time.monotonic() < deadline, f"{selector} did not play"
        time.sleep(0.1)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "language_name", "typed", "title", "explained"), VISITORS)
def test_a_new_visitor_finds_understands_hears_and_takes_a_ticket(page, live_app, lang, language_name, typed, title,
                                                                  explained):
    stop_the_clock(page)
    page.goto("/")
    page.get_by_role("link", name=language_name, exact=True).tap()
    page.get_by_role("link", name=starting_with(say(lang, "Opportunities"))).tap()

    # The word in their own form, with the on-screen keyboard's keys: the text says طاهٍ and مطبخ, кухаря.
    page.get_by_role("button", name=say(lang, "Keyboard")).tap()
    for letter in typed:
        page.locator("#keyboard").get_by_role("button", name=letter, exact=True).tap()
    found = page.locator("#offer-list").get_by_role("link", name=title)
    expect(found.first).to_be_visible()
    found.first.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # "apprendistato", as the office will say it, beside the contract in their language: a touch explains it.
    facts = page.locator("dl.facts")
    term = facts.locator('button.term[data-term="apprendistato"]')
    expect(term).to_have_count(1)
    expect(facts.locator(".fact-italian").first).to_contain_text(say(lang, "In Italian:"))
    term.tap()
    dialog = page.locator("dialog#term-apprendistato")
    expect(dialog.locator(".term-text")).to_contain_text(explained)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    with page.expect_response(f"**/listen/term/apprendistato/{lang}.wav") as recording:
        dialog.locator("[data-term-listen]").tap()
    assert recording.value.ok
    heard(page, "[data-term-player]")
    dialog.locator("[data-term-close]").tap()

    # The whole offer, read in their language.
    offer_id = re.search(r"/offers/(\d+)", page.url).group(1)
    with page.expect_response(f"**/listen/offer/{offer_id}/{lang}.wav") as recording:
        page.get_by_role("button", name=say(lang, "Listen"), exact=True).tap()
    assert recording.value.ok
    heard(page, "[data-listen-player]")

    # A ticket for the service that talks about this offer: job orientation, letter A.
    page.get_by_role("link", name=say(lang, "Ask at the desk about this offer")).tap()
    expect(page).to_have_url(re.compile(r"/ticket/orientation\?offer=" + offer_id))
    page.get_by_role("button", name=say(lang, "Take the ticket")).tap()
    page.wait_for_url(re.compile(r"/ticket/t/[\w-]+$"))
    try:
        expect(page.locator(".ticket-code")).to_have_text(re.compile(r"^A\d{3}$"))
        expect(page.locator(".offer-about")).to_contain_text("SP-2026-0223")  # the offer it is about, for the staff
    finally:
        cancel_the_waiting(live_app, [page.url.rsplit("/", 1)[-1]])
