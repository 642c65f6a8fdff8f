"""An admin registers a terminal for Sarzana and enrols a kiosk's browser with its one-time link, in Chromium."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kiosk.i18n import isolate
from tests.browser.helpers import DESK_PC, PORTRAIT, open_watched, say
from tests.browser.test_accessibility import WCAG

ADMIN = ("admin", "admin-demo-2026")  # the demo's administrator
SARZANA = "InfoLavoro Sarzana"


def axe_violations(page) -> list[str]:
    """Return one line per axe-core violation on the page."""
    results = Axe().run(page, options=WCAG).response
    return [f"{violation['id']}: {violation['help']} at "
            + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
            for violation in results["violations"]]


def sign_in_as_admin(page) -> None:
    username, password = ADMIN
    page.goto("/staff/login?lang=en")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back office")


def register_for_sarzana(page, name: str) -> str:
    """Register a terminal for Sarzana through the back office and return its enrolment link, checking each page."""
    violations = {}
    page.goto("/admin/terminals?lang=en")
    violations["list"] = axe_violations(page)
    page.get_by_role("link", name="Register a terminal").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Site", exact=True).select_option(label=SARZANA)
    page.get_by_label("Seconds without a touch before the screen starts over").fill("45")
    violations["form"] = axe_violations(page)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text("Waiting for enrolment")).to_be_visible()
    violations["terminal"] = axe_violations(page)
    page.get_by_role("button", name="Make an enrolment link").click()
    expect(page.get_by_role("img", name="QR code of the enrolment link")).to_be_visible()
    violations["link"] = axe_violations(page)
    assert not any(violations.values()), violations
    return page.locator(".enrolment-url code").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_an_admin_enrols_a_terminal_for_sarzana(browser, live_server, lang):
    admin_context, admin = open_watched(browser, live_server, DESK_PC)
    kiosk_context, kiosk = open_watched(browser, live_server, PORTRAIT, has_touch=True)
    guest_context, guest = open_watched(browser, live_server, PORTRAIT, has_touch=True)
    try:
        sign_in_as_admin(admin)
        name = f"Sarzana {lang} {uuid.uuid4().hex[:6]}"
        link = register_for_sarzana(admin, name)
        path = urlsplit(link).path
        assert path.startswith("/terminal/enrol/")

        kiosk.goto(f"{path}?lang={lang}")
        expect(kiosk.locator("html")).to_have_attribute("lang", lang)
        expect(kiosk.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        expect(kiosk.locator(".lead")).to_have_text(
            say(lang, "This screen becomes %(name)s at %(site)s.", name=isolate(name), site=isolate(SARZANA)))
        assert not axe_violations(kiosk)
        kiosk.get_by_role("button", name=say(lang, "Enrol this screen")).tap()
        expect(kiosk.locator(".notice")).to_have_text(
            say(lang, "This screen is %(name)s at %(site)s.", name=isolate(name), site=isolate(SARZANA)))

        # From now on the kiosk is Sarzana's: its desk, its services, its idle time.
        kiosk.goto(f"/home?lang={lang}")
        expect(kiosk.locator(".home-site")).to_contain_text(SARZANA)
        expect(kiosk.locator("body")).to_have_attribute("data-idle-seconds", "45")
        kiosk.goto(f"/ticket?lang={lang}")
        expect(kiosk.locator('a[href="/ticket/rights"]')).to_be_visible()
        expect(kiosk.locator('a[href="/ticket/agency"]')).to_have_count(0)  # La Spezia's, not Sarzana's
        guest.goto(f"/ticket?lang={lang}")  # a browser never enrolled: the server's own site, La Spezia
        expect(guest.locator('a[href="/ticket/agency"]')).to_be_visible()

        # The link works once.
        guest.goto(f"{path}?lang={lang}")
        expect(guest.get_by_role("heading", level=1)).to_have_text(say(lang, "This enrolment link does not work"))

        admin.goto("/admin/terminals?lang=en")
        row = admin.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text("Enrolled")
        expect(row).to_contain_text(SARZANA)

        # Revoked, the screen is a guest of La Spezia at its next page.
        row.get_by_role("link", name=name).click()
        admin.get_by_role("link", name="Revoke this terminal").click()
        expect(admin.get_by_role("heading", level=1)).to_have_text(f"Revoke {name}?")
        assert not axe_violations(admin)
        admin.get_by_role("button", name="Revoke this terminal").click()
        expect(admin.get_by_text("Revoked", exact=True)).to_be_visible()
        kiosk.goto(f"/ticket?lang={lang}")
        expect(kiosk.locator('a[href="/ticket/agency"]')).to_be_visible()
    finally:
        for context in (admin_context, kiosk_context, guest_context):
            context.close()
