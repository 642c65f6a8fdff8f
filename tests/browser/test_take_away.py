"""A visitor takes an offer away from the kiosk: the phone code opens the offer, a double touch prints once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import say
from tests.documents.pdftools import qr_codes


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_phone_code_opens_the_same_offer_in_the_same_language(page, live_server, tmp_path, lang):
    page.goto(f"/offers?lang={lang}")
    page.locator("#offer-list").get_by_role("link").first.tap()
    page.wait_for_url(re.compile(r"/offers/\d+"))
    offer_id = re.search(r"/offers/(\d+)", page.url).group(1)
    code = page.get_by_role("img", name=say(lang, "Code to open this offer on your phone"))
    expect(code).to_be_visible()
    box = code.bounding_box()
    assert box["width"] >= 200, "the code is too small to scan from a phone"
    picture = tmp_path / "code.png"
    code.screenshot(path=str(picture))
    [url] = qr_codes(picture)
    assert re.fullmatch(rf"http://[^/]+/m/o/{offer_id}\?lang={lang}", url), url
    page.goto(url.replace(re.match(r"http://[^/]+", url).group(0), live_server))
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.browser
def test_a_double_touch_on_print_prints_once(page):
    page.goto("/offers?lang=it")
    page.locator("#offer-list").get_by_role("link").first.tap()
    page.wait_for_url(re.compile(r"/offers/\d+"))
    # The kiosk browser prints from a hidden frame: count the frames instead of paper.
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)

    def sheet_as_html(route):
        # Headless Chromium has no PDF viewer to print with: keep the real response's headers (the framing
        # rules under test), put a page in place of the PDF.
        response = route.fetch()
        assert response.headers["content-type"] == "application/pdf"
        route.fulfill(response=response, body="<!doctype html><title>sheet</title>",
                      headers=response.headers | {"content-type": "text/html"})

    page.route("**/sheet.pdf*", sheet_as_html)
    button = page.get_by_role("button", name=say("it", "Print this offer"))
    button.dblclick()
    printing = say("it", "The sheet is being printed: please collect it from the printer.")
    expect(page.get_by_text(printing)).to_be_visible()
    page.wait_for_timeout(500)
    assert page.locator("iframe.print-frame").count() == 1
    assert any("/sheet.pdf" in frame.url for frame in page.frames)
    assert not refused, refused
    expect(page.get_by_role("button", name=say("it", "Print again"))).to_be_enabled()
