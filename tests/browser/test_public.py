"""An offer's public page on a phone, opened from the kiosk's QR code: readable, accessible, in the asked language."""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import NARROW_PHONE, open_watched, say, too_close, too_small, touch_targets
from tests.browser.test_accessibility import WCAG

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A phone's browser (390×844, touch, mobile viewport) whose owner prefers German."""
    context, page = open_watched(browser, live_server, PHONE, has_touch=True, is_mobile=True)
    yield page
    context.close()


@pytest.fixture
def demo_job(api) -> dict:
    return api("/api/v1/offers?kind=job&per_page=1")["items"][0]


def axe_violations(page) -> list[str]:
    """Return one line per axe-core violation of the WCAG 2.2 A/AA rules on the page."""
    results = Axe().run(page, options=WCAG).response
    lines = []
    for violation in results["violations"]:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def sideways_scroll(page, screen: dict) -> int:
    """Return how many CSS px the page is wider than a screen (a mobile browser may zoom out to hide it)."""
    page.set_viewport_size(screen)
    return page.evaluate("document.documentElement.scrollWidth") - screen["width"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_phone_page_reads_well_and_meets_wcag_2_2_aa(phone, api, demo_job, lang):
    expected = api(f"/api/v1/offers/{demo_job['id']}?lang={lang}")
    phone.goto(f"/m/o/{demo_job['id']}?lang={lang}")
    html = phone.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(phone.get_by_role("heading", level=1)).to_have_text(expected["title"])
    expect(phone.get_by_role("link", name=say(lang, "Download the sheet (PDF)"))).to_be_visible()

    # A phone page, not a kiosk screen: text can be selected, no kiosk script runs.
    assert phone.evaluate("getComputedStyle(document.body).userSelect") != "none"
    assert phone.evaluate("[...document.scripts].every((s) => !s.src.includes('kiosk.js'))")

    # The JSON-LD is data the CSP lets be: it parses, and nothing was blocked.
    posting = json.loads(phone.locator('script[type="application/ld+json"]').text_content())
    assert posting["@type"] == "JobPosting" and posting["title"] == expected["title"]
    assert phone.evaluate("window.cspViolations") == []
    assert not [text for text in phone.console_errors if "Content Security Policy" in text]

    for screen in (PHONE, NARROW_PHONE):
        overflow = sideways_scroll(phone, screen)
        assert overflow <= 0, f"scrolls sideways by {overflow} px at {screen['width']} px"
    phone.set_viewport_size(PHONE)

    for switch_open in (False, True):
        if switch_open:
            phone.locator(".language-summary").tap()
            expect(phone.get_by_role("navigation", name=say(lang, "Language"))).to_be_visible()
            assert sideways_scroll(phone, NARROW_PHONE) <= 0
            phone.set_viewport_size(PHONE)
        targets = touch_targets(phone)
        assert not too_small(targets), too_small(targets)
        assert not too_close(targets), too_close(targets)
        violations = axe_violations(phone)
        assert not violations, f"axe-core on {phone.url} (switch open: {switch_open}):\n" + "\n".join(violations)


@pytest.mark.browser
def test_switch_language_with_the_switch(phone, api, demo_job):
    offer_id = demo_job["id"]
    phone.goto(f"/m/o/{offer_id}?lang=it")
    expect(phone.locator("html")).to_have_attribute("lang", "it")

    phone.locator(".language-summary").tap()
    phone.get_by_role("link", name="العربية", exact=True).tap()
    expect(phone).to_have_url(re.compile(rf"/m/o/{offer_id}\?lang=ar$"))
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    title = api(f"/api/v1/offers/{offer_id}?lang=ar")["title"]
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    expect(phone.locator(".language-summary")).to_contain_text("العربية")

    phone.locator(".language-summary").tap()
    phone.get_by_role("link", name="简体中文", exact=True).tap()
    expect(phone).to_have_url(re.compile(rf"/m/o/{offer_id}\?lang=zh_Hans$"))
    expect(phone.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(phone.get_by_role("link", name=say("zh_Hans", "Download the sheet (PDF)"))).to_have_attribute(
        "href", f"/offers/{offer_id}/sheet.pdf?lang=zh_Hans")
