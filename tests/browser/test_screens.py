"""Every terminal screen in the nine languages, on a portrait (1080×1920) and a landscape (1920×1080) screen: the
toolbar on one row, nothing sideways, a home page that fills the screen, and a ticket that fits without scrolling,
its "Done" button in sight.

One browser page per language goes through the screens; each screen is measured in both orientations.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kiosk.i18n import LANGUAGES
from tests.browser.helpers import LANDSCAPE, PORTRAIT, say, sideways_overflow, stop_the_clock

SCREENS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}
MOST_EMPTY = 0.25  # the share of the home screen that may stay empty below its last line

_MEASURE = """
() => {
  const rows = new Set([...document.querySelectorAll(".topbar .button")]
    .map((button) => Math.round(button.getBoundingClientRect().top)));
  const content = [...document.querySelectorAll("main > *")].filter((el) => el.checkVisibility());
  const done = document.querySelector(".ticket-done");
  return {
    toolbarRows: rows.size,
    pageHeight: document.documentElement.scrollHeight,
    screenHeight: innerHeight,
    contentBottom: Math.max(...content.map((el) => el.getBoundingClientRect().bottom)),
    done: done && done.getBoundingClientRect().toJSON(),
  };
}
"""


def screens_of_a_visit(page, api, lang: str):
    """Open each terminal screen a visitor sees, the ticket last; yield each one's name."""
    offer = api(f"/api/v1/offers?lang={lang}&per_page=1")["items"][0]["id"]
    page.goto(f"/?lang={lang}")
    yield "start"
    page.goto("/home")
    yield "home"
    for name, path in (("about", "/about"), ("list", "/offers"), ("offer", f"/offers/{offer}"),
                       ("services", "/ticket"), ("service", f"/ticket/registration?offer={offer}")):
        page.goto(path)
        yield name
    # The longest ticket: the service with the most documents to bring, about an offer.
    page.get_by_role("button", name=say(lang, "Take the ticket")).tap()
    expect(page.locator(".ticket-code")).to_be_visible()
    expect(page.locator("#print-box .notice")).to_be_visible()  # the print's outcome takes its place too
    yield "ticket"


def problems_on(page, name: str, screen: str) -> list[str]:
    """Measure the screen as it is now; return what is wrong with it."""
    seen = page.evaluate(_MEASURE)
    problems = []
    if seen["toolbarRows"] > 1:
        problems.append(f"{name}, {screen}: the toolbar wraps into {seen['toolbarRows']} rows")
    if sideways_overflow(page) > 0:
        problems.append(f"{name}, {screen}: the page scrolls sideways")
    if name == "home":
        empty = (seen["screenHeight"] - seen["contentBottom"]) / seen["screenHeight"]
        if seen["pageHeight"] > seen["screenHeight"] or empty > MOST_EMPTY:
            problems.append(f"{name}, {screen}: {seen['pageHeight']} px tall, {empty:.0%} of the screen empty")
    if name == "ticket":
        if seen["pageHeight"] > seen["screenHeight"]:
            problems.append(f"{name}, {screen}: {seen['pageHeight']} px tall on a {seen['screenHeight']} px screen")
        if seen["done"]["bottom"] > seen["screenHeight"]:
            problems.append(f"{name}, {screen}: the Done button ends at {seen['done']['bottom']:.0f} px, out of sight")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_every_screen_fits_both_orientations(page, api, lang):
    stop_the_clock(page)
    problems = []
    for name in screens_of_a_visit(page, api, lang):
        for screen, size in SCREENS.items():
            page.set_viewport_size(size)
            problems += problems_on(page, name, screen)
        page.set_viewport_size(PORTRAIT)
    assert not problems, f"{lang}:\n" + "\n".join(problems)
