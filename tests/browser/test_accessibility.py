"""axe-core on the terminal's screens in Italian and Arabic: no violation of the WCAG 2.2 A/AA rules."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import say, stop_the_clock

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


SCREENS = [open_start, open_home, open_list, open_list_with_keyboard, open_list_in_high_contrast_and_larger_text,
           open_offer]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
@pytest.mark.parametrize("open_screen", SCREENS, ids=lambda screen: screen.__name__.removeprefix("open_"))
def test_screen_meets_wcag_2_2_aa(page, api, lang, open_screen):
    stop_the_clock(page)
    open_screen(page, api, lang)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)
