"""The words explained, as a visitor meets them: a term marked in an offer opens its explanation in the visitor's
language, closes with Escape or its button and gives the focus back; the glossary lists every word; axe-core clean."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.glossary.seed import seed_rows
from kiosk.offers.models import Offer
from tests.browser.helpers import stop_the_clock
from tests.browser.test_accessibility import axe_violations

# The demo's head cook: "CCNL" and "HACCP" kept in Italian in its Arabic and Ukrainian texts too.
COOK = "SP-2026-0113"
SAID = {"it": "Il CCNL è l'accordo firmato dai sindacati",
        "ar": "الـ CCNL اتفاق توقّعه النقابات",
        "uk": "CCNL — це угода, яку підписують профспілки"}


@pytest.fixture
def cook(live_app) -> int:
    with live_app.app_context():
        return db.session.scalar(select(Offer.id).where(Offer.reference == COOK))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_a_touch_on_a_term_explains_it_in_the_visitors_language(page, cook, lang):
    stop_the_clock(page)
    page.goto(f"/offers/{cook}?lang={lang}")
    term = page.locator('main button.term[data-term="ccnl"]')
    expect(term).to_have_count(1)
    expect(term).to_have_attribute("aria-haspopup", "dialog")
    expect(term).to_have_attribute("aria-expanded", "false")
    box = term.bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48, box  # a whole touch target, inside the sentence
    dialog = page.locator("dialog#term-ccnl")
    expect(dialog).to_be_hidden()

    term.tap()
    expect(dialog).to_be_visible()
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(dialog.locator(".term-text")).to_contain_text(SAID[lang])
    expect(dialog.locator(".term-explanation")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(dialog.locator("[data-term-close]")).to_be_focused()
    violations = axe_violations(page)
    assert not violations, f"axe-core with the dialog open on {page.url}:\n" + "\n".join(violations)

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(term).to_be_focused()
    expect(term).to_have_attribute("aria-expanded", "false")

    term.tap()
    expect(dialog).to_be_visible()
    dialog.locator("[data-term-close]").tap()
    expect(dialog).to_be_hidden()
    expect(term).to_be_focused()


TERM_PLAYER = """() => {
  const term = document.querySelector("[data-term-player]");
  const page = document.querySelector("[data-listen-player]");
  return {term: term && {src: term.getAttribute("src"), paused: term.paused, time: term.currentTime},
          page: {src: page.getAttribute("src"), paused: page.paused,
                 state: document.querySelector("[data-listen]").dataset.state}};
}"""


def players(page, check, seconds: float = 15) -> dict:
    """Wait, from outside the page (its clock is stopped), until the term's and the page's players pass `check`."""
    deadline = time.monotonic() + seconds
    while True:
        state = page.evaluate(TERM_PLAYER)
        if check(state):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.1)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_a_terms_explanation_is_read_by_the_server_and_never_over_the_page(page, cook, lang):
    stop_the_clock(page)
    page.goto(f"/offers/{cook}?lang={lang}")
    page.locator("[data-listen-play]").click()  # the offer is being read
    players(page, lambda s: not s["page"]["paused"] and s["page"]["state"] == "playing")

    page.locator('main button.term[data-term="ccnl"]').tap()
    dialog = page.locator("dialog#term-ccnl")
    listen = dialog.locator("[data-term-listen]")
    expect(listen).to_be_visible()
    with page.expect_response(f"**/listen/term/ccnl/{lang}.wav") as recording:
        listen.tap()
    assert recording.value.status in (200, 206) and recording.value.header_value("content-type") == "audio/wav"
    state = players(page, lambda s: s["term"] and not s["term"]["paused"] and s["term"]["time"] > 0.2)
    assert state["page"]["state"] == "idle" and state["page"]["src"] is None  # the offer's reading stopped

    dialog.locator("[data-term-close]").tap()  # closing the explanation silences it
    players(page, lambda s: s["term"]["paused"] and s["term"]["src"] is None)

    page.locator('main button.term[data-term="ccnl"]').tap()
    listen.tap()
    players(page, lambda s: not s["term"]["paused"])
    page.keyboard.press("Escape")
    page.locator("[data-listen-play]").click()  # and the page's reading, started again, is alone
    state = players(page, lambda s: s["page"]["state"] == "playing")
    assert state["term"]["paused"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_the_glossary_page_lists_every_word_and_meets_wcag_2_2_aa(page, lang):
    stop_the_clock(page)
    page.goto(f"/home?lang={lang}")
    page.locator('a.tile[href="/glossary"]').tap()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator(".glossary-entry")).to_have_count(len(seed_rows()))
    for row in seed_rows():
        expect(page.locator(f"#glossary-{row['key']} h2")).to_have_text(row["term"])
    expect(page.locator("#glossary-naspi .term-text")).to_have_text(
        next(r for r in seed_rows() if r["key"] == "naspi")["texts"][lang]["text"])
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)


@pytest.mark.browser
def test_the_phone_offer_explains_a_term_and_leads_to_the_glossary(page, cook):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/m/o/{cook}?lang=uk")
    term = page.locator('main button.term[data-term="haccp"]')
    term.tap()
    dialog = page.locator("dialog#term-haccp")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".term-text")).to_contain_text("HACCP — це система правил")
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)
    dialog.get_by_role("link").tap()
    expect(page).to_have_url(f"{page.url.split('/m/')[0]}/m/glossary?lang=uk#glossary-haccp")
    expect(page.locator(".glossary-entry")).to_have_count(len(seed_rows()))
