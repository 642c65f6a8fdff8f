"""The README's pictures, taken on a portrait kiosk screen and saved in docs/ at each run."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ROOT, say, stop_the_clock

DOCS = ROOT / "docs"


def save_screen(page, name: str) -> None:
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=DOCS / name, animations="disabled", caret="hide")


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
