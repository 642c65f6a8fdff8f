"""Reading aloud and the lowered screen, as visitors in Italian, Arabic and Ukrainian use them on the kiosk."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PORTRAIT,
    go_idle_until_the_countdown,
    let_the_countdown_run_out,
    say,
    stop_the_clock,
)
from tests.browser.test_accessibility import axe_violations

LANGS = ["it", "ar", "uk"]
LOWERED = re.compile(r"\breach-low\b")
UPPER_PART = 0.38 * PORTRAIT["height"]  # the lowered screen leaves this much at the top without a control
PLAYER = """() => {
  const audio = document.querySelector("[data-listen-player]");
  return {src: audio.getAttribute("src"), paused: audio.paused, ready: audio.readyState, time: audio.currentTime,
          ended: audio.ended, error: audio.error && audio.error.code,
          players: document.querySelectorAll("audio").length,
          state: document.querySelector("[data-listen]").dataset.state};
}"""
CONTROLS = """() => [...document.querySelectorAll("a[href], button, input, select, textarea")]
  .filter((element) => element.checkVisibility() && !element.closest("[hidden], dialog:not([open])"))
  .map((element) => { const box = element.getBoundingClientRect();
                      return {name: (element.innerText || element.name || element.tagName).trim().slice(0, 30),
                              top: box.top, bottom: box.bottom}; })
  .filter((box) => box.bottom > Math.max(box.top, 0))"""  # not the skip link, off screen until a key reaches it


def player(page) -> dict:
    return page.evaluate(PLAYER)


def until(page, check, seconds: float = 15) -> dict:
    """Wait, from outside the page (its clock may be stopped), until the player's state passes `check`."""
    deadline = time.monotonic() + seconds
    while True:
        state = player(page)
        if check(state):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.1)


def open_an_offer(page, lang: str) -> None:
    page.goto(f"/offers?lang={lang}")
    page.locator(".offer-link").first.click()
    expect(page.locator("#offer-title")).to_be_visible()


def playing(state: dict) -> bool:
    return state["ready"] >= 2 and not state["paused"] and state["time"] > 0.3


@pytest.mark.parametrize("lang", LANGS)
def test_an_offer_is_read_aloud_with_pause_and_stop(page, lang):
    stop_the_clock(page)
    open_an_offer(page, lang)
    listen = page.locator("[data-listen-play]")
    expect(listen).to_be_visible()
    expect(page.locator("[data-listen-pause]")).to_be_hidden()
    listen.click()
    state = until(page, playing)
    assert "/listen/offer/" in state["src"] and state["src"].endswith(f"/{lang}.wav")
    assert state["state"] == "playing" and state["error"] is None

    pause = page.locator("[data-listen-pause]")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    held = until(page, lambda s: s["paused"])["time"]
    time.sleep(0.5)
    assert player(page)["time"] == held  # paused: the reading waits where it was
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "false")
    until(page, lambda s: not s["paused"] and s["time"] > held)

    page.locator("[data-listen-stop]").click()
    state = until(page, lambda s: s["paused"])
    assert state["src"] is None and state["state"] == "idle"
    expect(pause).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_a_second_listen_starts_over_and_never_overlaps(page, lang):
    stop_the_clock(page)
    page.goto(f"/home?lang={lang}")
    listen = page.locator("[data-listen-play]")
    listen.click()
    first = until(page, lambda s: playing(s) and s["time"] > 1.0)
    assert first["src"].endswith(f"/listen/page/home/{lang}.wav")
    listen.click()
    again = until(page, playing)
    assert again["time"] < first["time"]  # the reading began again, from the start
    assert again["players"] == 1  # one voice on the page, never two
    assert not page.evaluate("window.speechSynthesis.speaking")


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_is_read_with_its_filters(page, lang):
    stop_the_clock(page)
    page.goto(f"/offers?lang={lang}&kind=course")
    page.locator("[data-listen-play]").click()
    state = until(page, playing)
    assert state["src"].endswith(f"/listen/offers/{lang}.wav?lang={lang}&kind=course")


@pytest.mark.parametrize("lang", LANGS)
def test_the_idle_reset_silences_the_reading_and_forgets_it(page, lang):
    stop_the_clock(page)
    open_an_offer(page, lang)
    page.locator("[data-listen-play]").click()
    until(page, playing)
    page.locator("[data-listen-pause]").click()  # a paused reading does not keep the visit alive
    until(page, lambda s: s["paused"])
    page.route("**/start-over", lambda route: None)  # hold the reset's request: look at the page as it leaves
    go_idle_until_the_countdown(page)
    expect(page.locator("#idle-dialog")).to_be_visible()
    let_the_countdown_run_out(page)
    state = until(page, lambda s: s["src"] is None)
    assert state["paused"] and state["state"] == "idle"


@pytest.mark.parametrize("lang", LANGS)
def test_lowering_the_screen_brings_every_control_down_for_this_visitor_only(page, lang):
    stop_the_clock(page)
    page.goto(f"/offers?lang={lang}")
    high = [box for box in page.evaluate(CONTROLS) if box["top"] < UPPER_PART]
    assert high, "some controls start in the upper part of the screen"
    page.locator('form:has(input[name="mode"][value="lowered"]) button').click()
    expect(page.locator("html")).to_have_class(LOWERED)
    for path in (f"/offers?lang={lang}", "/home", "/ticket"):  # kept across the visitor's pages
        page.goto(path)
        boxes = page.evaluate(CONTROLS)
        assert len(boxes) > 5
        upper = [box for box in boxes if box["top"] < UPPER_PART - 1]
        assert not upper, (path, upper)
        visible = [box for box in boxes if box["bottom"] <= PORTRAIT["height"]]
        assert len(visible) > 5  # the controls are on screen, not pushed off it
    expect(page.locator('form:has(input[value="lowered"]) button')).to_have_attribute("aria-pressed", "true")
    assert not axe_violations(page)

    page.locator('button[form="start-over"]').first.click()  # "Finish": the next visitor
    expect(page).to_have_url(re.compile(r"/\?lang=it$"))
    page.goto(f"/home?lang={lang}")
    expect(page.locator("html")).not_to_have_class(LOWERED)
    assert [box for box in page.evaluate(CONTROLS) if box["top"] < UPPER_PART]


@pytest.mark.parametrize("lang", LANGS)
def test_the_listen_control_is_clean_for_axe(page, lang):
    stop_the_clock(page)
    open_an_offer(page, lang)
    page.locator("[data-listen-play]").click()
    until(page, playing)
    assert not axe_violations(page)
    page.goto(f"/?lang={lang}")
    expect(page.locator("[data-listen-play]")).to_be_visible()
    assert not axe_violations(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_phones_offer_page_is_read_aloud_too(phone, api, lang):
    offer = api("/api/v1/offers?kind=job&per_page=1")["items"][0]
    phone.goto(f"/m/o/{offer['id']}?lang={lang}")
    listen = phone.get_by_role("button", name=say(lang, "Listen"))
    expect(listen).to_be_visible()
    listen.tap()
    state = until(phone, playing)
    assert state["src"].endswith(f"/listen/offer/{offer['id']}/{lang}.wav") and state["error"] is None
    phone.get_by_role("button", name=say(lang, "Stop reading")).tap()
    assert until(phone, lambda s: s["paused"])["src"] is None
    assert phone.evaluate("window.cspViolations") == []
