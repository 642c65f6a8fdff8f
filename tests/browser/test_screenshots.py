"""The README's pictures: the kiosk on its portrait screen, the counter screen on the reception's PC and the
waiting room's display on its TV. Every run takes them; `make screenshots` (KIOSK_UPDATE_SCREENSHOTS=1) saves
them in docs/, where the clock on the queue's screens would otherwise change them at each test run."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    DESK_PC,
    LANDSCAPE,
    ROOT,
    cancel_the_waiting,
    open_display,
    put_down_the_ticket_in_hand,
    say,
    sit_at_counter,
    stop_the_clock,
    take_tickets,
)

DOCS = ROOT / "docs"


def save_screen(page, name: str) -> None:
    """Take the picture; keep it in docs/ when asked to (or when docs/ has none yet)."""
    picture = page.screenshot(animations="disabled", caret="hide")
    target = DOCS / name
    if os.environ.get("KIOSK_UPDATE_SCREENSHOTS") or not target.exists():
        DOCS.mkdir(exist_ok=True)
        target.write_bytes(picture)


@pytest.mark.browser
def test_screenshot_of_the_start_screen(page):
    stop_the_clock(page)
    page.goto("/")
    expect(page.get_by_role("link", name="العربية", exact=True)).to_be_visible()
    save_screen(page, "screenshot-start.png")


@pytest.mark.browser
def test_screenshot_of_the_list_in_arabic(page):
    stop_the_clock(page)
    page.goto("/offers?lang=ar")
    expect(page.get_by_role("heading", level=1)).to_have_text(say("ar", "Opportunities"))
    save_screen(page, "screenshot-list-ar.png")


@pytest.mark.browser
def test_screenshot_of_a_word_explained_in_arabic(page):
    """The issue's visitor: "طباخ" typed finds the cook's apprenticeship, whose "apprendistato" is explained."""
    stop_the_clock(page)
    page.goto("/offers?lang=ar&q=" + "طباخ")
    page.locator(".offer-link").filter(has_text="متدرّب").first.tap()
    term = page.locator('main button.term[data-term="apprendistato"]').first
    term.tap()
    expect(page.locator("dialog#term-apprendistato")).to_be_visible()
    save_screen(page, "screenshot-word-ar.png")


@pytest.mark.browser
def test_screenshot_of_a_ticket_in_arabic(page, live_app):
    ahead = take_tickets(live_app, [("C", "it", 9), ("C", "uk", 4)])  # two people ahead in the line
    taken = []
    try:
        stop_the_clock(page)
        page.goto("/ticket/registration?lang=ar")
        page.get_by_role("button", name=say("ar", "Take the ticket")).tap()
        page.wait_for_url(re.compile(r"/ticket/t/[\w-]+$"))
        taken.append(page.url.rsplit("/", 1)[-1])
        expect(page.get_by_role("img", name=say("ar", "Code to follow your turn on your phone"))).to_be_visible()
        expect(page.get_by_text(say("ar", "Your ticket is being printed: please take it from the printer."))
               ).to_be_visible()
        page.clock.run_for(1000)  # htmx settles the print's answer (and hides its progress note) on a timer
        expect(page.locator("#print-progress")).to_be_hidden()
        save_screen(page, "screenshot-ticket-ar.png")
    finally:
        cancel_the_waiting(live_app, ahead + taken)


@pytest.mark.browser
def test_screenshots_of_the_counter_and_the_display(browser, live_server, live_app):
    # A line in several languages (one with priority) for counter 1: orientation (A), CV help (B), registration (C).
    tokens = take_tickets(live_app, [("A", "it", 16), ("B", "fr", 12), ("A", "ar", 9), ("C", "uk", 6), ("B", "en", 3)],
                          priority=(2,))
    screens = [browser.new_context(base_url=live_server, viewport=size, locale="it-IT")
               for size in (DESK_PC, LANDSCAPE)]
    desk, tv = (context.new_page() for context in screens)

    def press(key: str, then: str) -> None:
        desk.locator(f'[data-shortcut="{key}"]').click()
        expect(desk.locator(then)).to_be_visible()

    try:
        open_display(tv)
        sit_at_counter(desk, 1)
        put_down_the_ticket_in_hand(desk)
        # The morning has begun: one person served already, the next one called.
        press("n", ".status-called")
        press("s", ".status-serving")
        press("f", ".ticket-none")
        press("n", ".status-called")
        code = desk.locator("#ticket-code").inner_text()
        expect(tv.locator(".now-code bdi")).to_have_text(code)
        expect(tv.locator(".earlier-code").first).to_be_visible()
        save_screen(tv, "screenshot-display.png")

        press("s", ".status-serving")
        expect(desk.locator("#line .line-row").nth(2)).to_be_visible()  # a few still waiting
        save_screen(desk, "screenshot-counter.png")
        press("f", ".ticket-none")
        desk.get_by_role("button", name=say("en", "Leave this counter")).click()
    finally:
        cancel_the_waiting(live_app, tokens)
        for context in screens:
            context.close()
