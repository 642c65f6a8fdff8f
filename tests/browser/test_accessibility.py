"""axe-core on the terminal's screens in Italian and Arabic: no violation of the WCAG 2.2 A/AA rules."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import (
    DESK_PC,
    LANDSCAPE,
    cancel_the_waiting,
    open_display,
    open_watched,
    say,
    sign_in_at_reception,
    stop_the_clock,
)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


def axe_violations(page) -> list[str]:
    """Return one line per axe-core violation on the page: rule, impact, where."""
    page.clock.resume()  # axe-core waits on timers; the idle countdown is still IDLE_SECONDS away
    results = Axe().run(page, options=WCAG).response
    assert not page.evaluate("document.getElementById('idle-dialog')?.open"), "axe-core ran into the idle countdown"
    lines = []
    for violation in results["violations"]:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def open_start(page, api, lang):
    page.goto(f"/?lang={lang}")


def open_home(page, api, lang):
    page.goto(f"/home?lang={lang}")


def open_list(page, api, lang):
    page.goto(f"/offers?lang={lang}")


def open_list_with_keyboard(page, api, lang):
    page.goto(f"/offers?lang={lang}")
    page.get_by_role("button", name=say(lang, "Keyboard")).tap()
    expect(page.locator("#keyboard")).to_be_visible()


def open_list_in_high_contrast_and_larger_text(page, api, lang):
    page.goto(f"/offers?lang={lang}")
    for mode in ("Larger text", "High contrast"):
        button = page.get_by_role("button", name=say(lang, mode))
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")


def open_offer(page, api, lang):
    offer = api(f"/api/v1/offers?lang={lang}&per_page=1")["items"][0]
    page.goto(f"/offers/{offer['id']}?lang={lang}")


def open_services(page, api, lang):
    page.goto(f"/ticket?lang={lang}")


def open_service(page, api, lang):
    page.goto(f"/ticket/training?lang={lang}")


def open_ticket(page, api, lang):
    page.goto(f"/ticket/training?lang={lang}")
    page.get_by_role("button", name=say(lang, "Take the ticket")).tap()
    expect(page.locator(".ticket-code")).to_be_visible()


SCREENS = [open_start, open_home, open_list, open_list_with_keyboard, open_list_in_high_contrast_and_larger_text,
           open_offer, open_services, open_service, open_ticket]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
@pytest.mark.parametrize("open_screen", SCREENS, ids=lambda screen: screen.__name__.removeprefix("open_"))
def test_screen_meets_wcag_2_2_aa(page, api, live_app, lang, open_screen):
    stop_the_clock(page)
    open_screen(page, api, lang)
    violations = axe_violations(page)
    if "/ticket/t/" in page.url:  # the ticket taken to see its page leaves no line behind
        cancel_the_waiting(live_app, [page.url.split("/ticket/t/")[1].split("?")[0]])
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)


@pytest.mark.browser
def test_the_waiting_room_display_meets_wcag_2_2_aa(browser, live_server):
    context, page = open_watched(browser, live_server, LANDSCAPE)
    open_display(page)
    results = Axe().run(page, options=WCAG).response
    context.close()
    assert not results["violations"], [violation["id"] for violation in results["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_counter_chooser_meets_wcag_2_2_aa(browser, live_server, lang):
    context, page = open_watched(browser, live_server, DESK_PC)
    sign_in_at_reception(page, lang)
    expect(page.locator(".counter-choice").first).to_be_visible()
    results = Axe().run(page, options=WCAG).response
    context.close()
    assert not results["violations"], [violation["id"] for violation in results["violations"]]
