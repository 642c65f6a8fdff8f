"""A walk-in visitor at a portrait touchscreen: language, opportunities, filter, search, an offer, then idle."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    COUNTDOWN_SECONDS,
    assert_no_sideways_scroll,
    go_idle_until_the_countdown,
    let_the_countdown_run_out,
    number_in,
    say,
    starting_with,
)
from tests.catalogues import say_apply_by

VISITORS = [
    # language, its name on the start screen, a word of the demo offers typed on the on-screen keyboard
    pytest.param("it", "Italiano", "cuoco", id="italian"),
    pytest.param("ar", "العربية", "مستودع", id="arabic"),  # warehouse
]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def check_the_layout(page, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if lang == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert_no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "language_name", "word"), VISITORS)
def test_a_visitor_finds_an_offer_and_walks_away(page, api, lang, language_name, word):
    page.clock.install()

    # The start screen speaks Italian (whatever the browser prefers) and offers each language by its own name.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    page.get_by_role("link", name=language_name, exact=True).tap()
    expect(page).to_have_url(re.compile(r"/home\b"))
    check_the_layout(page, lang)

    # Home → the opportunities tile → the list.
    page.get_by_role("link", name=starting_with(say(lang, "Opportunities"))).tap()
    expect(page).to_have_url(re.compile(r"/offers\b"))
    check_the_layout(page, lang)
    results = page.locator("#results-count")
    everything = number_in(results.inner_text())

    # Touch the "Jobs" chip: the list changes in place (same page, no navigation) and the URL keeps the filter.
    page.evaluate("window.sameVisit = true")
    jobs = page.get_by_role("radio", name=say(lang, "Jobs"), exact=True)
    jobs.tap()
    expect(jobs).to_be_checked()
    page.wait_for_url(lambda url: "kind=job" in url)
    only_jobs = number_in(results.inner_text())
    assert 0 < only_jobs < everything
    assert page.evaluate("window.sameVisit") is True, "the filter reloaded the whole page"
    cards = page.locator("#offer-list").get_by_role("listitem")
    for card in cards.all():
        expect(card).to_contain_text(say(lang, "Job"))

    # Open the on-screen keyboard and type a word with its keys: fewer results, and an offer that matches.
    page.get_by_role("button", name=say(lang, "Keyboard")).tap()
    keyboard = page.locator("#keyboard")
    expect(keyboard).to_be_visible()
    for letter in word:
        key = keyboard.get_by_role("button", name=letter, exact=True)
        expect(key, f"the on-screen keyboard has no key {letter!r}").to_be_visible()
        key.tap()
    expect(page.get_by_role("searchbox")).to_have_value(word)
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [word])
    assert query(page)["kind"] == ["job"], "the search forgot the kind filter"
    found = number_in(results.inner_text())
    assert 0 < found < only_jobs
    assert page.evaluate("window.sameVisit") is True, "the search reloaded the whole page"
    check_the_layout(page, lang)
    matching = page.get_by_role("link", name=re.compile(word, re.IGNORECASE))
    expect(matching.first).to_be_visible()

    # The offer's page: its reference, how to apply and the date it closes.
    matching.first.tap()
    expect(page).to_have_url(re.compile(r"/offers/\d+"))
    offer_id = int(re.search(r"/offers/(\d+)", page.url).group(1))
    offer = api(f"/api/v1/offers/{offer_id}?lang={lang}")
    check_the_layout(page, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(offer["title"])
    expect(page.get_by_role("region", name=say(lang, "Contacts"))).to_contain_text(offer["reference"])
    expect(page.get_by_role("region", name=say(lang, "How to apply"))).to_be_visible()
    closes = date.fromisoformat(offer["expires_on"])
    expect(page.get_by_text(say_apply_by(lang, closes))).to_be_visible()

    # The visitor stops touching: a countdown of at least 20 seconds, which "I'm still here" stops.
    countdown = page.get_by_role("dialog", name=say(lang, "Are you still there?"))
    go_idle_until_the_countdown(page)
    expect(countdown).to_be_visible()
    assert number_in(countdown.get_by_role("timer").inner_text()) >= COUNTDOWN_SECONDS
    countdown.get_by_role("button", name=say(lang, "I'm still here")).tap()
    expect(countdown).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"/offers/{offer_id}\b"))

    # The visitor walks away: after the countdown, the start screen in Italian, the last visit forgotten.
    go_idle_until_the_countdown(page)
    expect(countdown).to_be_visible()
    let_the_countdown_run_out(page)
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_text(say("it", "Touch your language to start"))).to_be_visible()
    page.goto("/home")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    page.goto("/offers")
    expect(page.get_by_role("radio", name=say("it", "Everything"), exact=True)).to_be_checked()
    expect(page.get_by_role("searchbox")).to_have_value("")
