"""In Chromium: an admin makes a partner's API key and the partner's system publishes an offer with it; an editor
imports the CSV template in Italian, checks it, confirms it. axe-core finds nothing on those pages."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk import clock
from tests import serving
from tests.browser.helpers import BROWSER_LOCALE, DESK_PC, say
from tests.browser.test_accessibility import axe_violations

ACCOUNTS = {"admin": "admin-demo-2026", "editor": "editor-demo-2026"}


@pytest.fixture
def desk_page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=DESK_PC, locale=BROWSER_LOCALE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def forget_offers(live_app):
    """Delete, after the test, the offers it made on the shared live server: the other browser tests search the
    demo's offers (a cook's, a barista's) and must not find these ones instead."""
    references: list[str] = []
    yield references.append
    from sqlalchemy import select

    from kiosk.audit.services import SYSTEM
    from kiosk.extensions import db
    from kiosk.offers import writing
    from kiosk.offers.models import Offer

    with live_app.app_context():
        for offer in db.session.scalars(select(Offer).where(Offer.reference.in_(references))):
            writing.delete_offer(db.session, offer, SYSTEM, clock.now())
        db.session.commit()


def sign_in(page, username: str, lang: str) -> None:
    page.goto(f"/staff/login?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill(username)
    page.get_by_label(say(lang, "Password")).fill(ACCOUNTS[username])
    page.get_by_role("button", name=say(lang, "Sign in")).click()


def call_api(base: str, method: str, path: str, key: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base}/api/v1{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with serving.local.open(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.browser
def test_a_partner_publishes_with_the_key_an_admin_made(desk_page, live_server, forget_offers):
    page = desk_page
    forget_offers("BROWSER-API-1")
    sign_in(page, "admin", "en")
    page.goto("/admin/api-keys?lang=en")
    page.get_by_label("Organisation").select_option(index=1)
    page.get_by_label("What the key is for").fill("Agency's vacancy system")
    page.get_by_role("button", name="Make the key").click()
    key = page.locator("#new-key").input_value()
    if os.environ.get("KIOSK_SCREENSHOTS"):
        page.screenshot(path=os.environ["KIOSK_SCREENSHOTS"] + "/api-key.png", full_page=True)
    assert key.startswith("ilk_")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)

    offer = {"reference": "BROWSER-API-1", "kind": "job", "town": "Sarzana", "sector": "I", "contract": "seasonal",
             "hours": "part_time", "expires_on": (clock.today() + timedelta(days=30)).isoformat(),
             "apply": {"phone": "+39 0187 111111"},
             "texts": {"it": {"title": "Barista stagionale"}, "uk": {"title": "Сезонний бариста"}}}
    status, created = call_api(live_server, "POST", "/offers", key, offer)
    assert status == 201, created
    page.goto(f"/offers/{created['id']}?lang=uk")
    expect(page.get_by_role("heading", name="Сезонний бариста")).to_be_visible()

    page.goto("/admin/api-keys?lang=en")
    prefix = key[:12]
    page.get_by_role("button", name=f"Revoke the key {prefix}…").click()
    expect(page.get_by_text(f"The key {prefix}… is revoked.")).to_be_visible()
    status, problem = call_api(live_server, "DELETE", f"/offers/{created['id']}", key)
    assert status == 401 and problem["status"] == 401


@pytest.mark.browser
def test_an_editor_imports_the_template_in_italian(desk_page, forget_offers):
    page = desk_page
    forget_offers("ESEMPIO-001")
    sign_in(page, "editor", "it")
    page.goto("/admin/imports?lang=it")
    template = page.request.get("/admin/imports/template.csv").body()
    page.get_by_label(say("it", "File (CSV or JSON)")).set_input_files(
        files=[{"name": "offerte.csv", "mimeType": "text/csv", "buffer": template}])
    page.get_by_role("button", name=say("it", "Check the file")).click()
    expect(page.locator("tr.import-create")).to_have_count(1)
    if os.environ.get("KIOSK_SCREENSHOTS"):
        page.screenshot(path=os.environ["KIOSK_SCREENSHOTS"] + "/import-preview.png", full_page=True)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.get_by_role("button", name=say("it", "Confirm the import")).click()
    expect(page.get_by_text(say("it", "Imported. New offers: %(created)s; changed: %(updated)s; unchanged: "
                                      "%(unchanged)s.", created=1, updated=0, unchanged=0))).to_be_visible()
    page.goto("/offers?lang=it&q=ESEMPIO-001")
    expect(page.get_by_text("Aiuto cuoco").first).to_be_visible()
