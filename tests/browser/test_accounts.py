"""In Chromium: an admin makes an editor's account, the editor signs in with the password shown once and changes
it; the accounts pages and the audit log meet WCAG 2.2 AA in Italian and Arabic."""

from __future__ import annotations

import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DESK_PC, open_watched, say
from tests.browser.test_accessibility import WCAG

ADMIN = ("admin", "admin-demo-2026")  # the demo's admin (kiosk/staff/cli.py)


def sign_in(page, username: str, password: str, lang: str = "en") -> None:
    page.goto(f"/staff/login?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill(username)
    page.get_by_label(say(lang, "Password")).fill(password)
    page.get_by_role("button", name=say(lang, "Sign in")).click()
    page.wait_for_url("**/admin/**")


@pytest.mark.browser
def test_an_admin_makes_an_account_and_its_owner_changes_the_password(browser, live_server):
    name = f"chiara-{secrets.token_hex(3)}"
    context, page = open_watched(browser, live_server, DESK_PC)
    sign_in(page, *ADMIN)
    page.get_by_role("navigation").get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.get_by_label("User name").fill(name)
    page.get_by_role("radio", name="Editor").check()
    page.get_by_label("Organisation (for an editor)").select_option(index=1)  # the first of the demo's partners
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", name=f"Account {name} created")).to_be_visible()
    password = page.locator(".password-given code").inner_text()
    assert not page.console_errors and not page.evaluate("window.cspViolations")

    own_context, own = open_watched(browser, live_server, DESK_PC)
    sign_in(own, name, password)
    own.get_by_role("link", name="My password").first.click()
    own.get_by_label("Current password").fill(password)
    own.get_by_label("New password", exact=True).fill("chiara's own secret")
    own.get_by_label("New password again").fill("chiara's own secret")
    own.get_by_role("button", name="Change my password").click()
    expect(own.locator(".notice-ok")).to_contain_text("Your password was changed")
    own_context.close()

    page.goto(f"/admin/audit?actor={name}")
    expect(page.locator(".audit-table tbody tr").first).to_contain_text("Changed their own password")
    context.close()


def _list(page, lang):
    page.goto(f"/admin/accounts?lang={lang}")


def _refused_form(page, lang):
    page.goto(f"/admin/accounts/new?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill("admin")
    page.get_by_role("radio", name=say(lang, "Receptionist")).check()
    page.get_by_role("button", name=say(lang, "Create the account")).click()
    expect(page.locator(".field-error").first).to_be_visible()


def _audit_log(page, lang):
    page.goto(f"/admin/audit?lang={lang}&from=not-a-date")


def _home(page, lang):
    page.goto(f"/admin/?lang={lang}")


def _own_password(page, lang):
    page.goto(f"/admin/password?lang={lang}")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
@pytest.mark.parametrize("open_screen", [_home, _list, _refused_form, _audit_log, _own_password],
                         ids=lambda screen: screen.__name__.lstrip("_"))
def test_the_accounts_pages_meet_wcag_2_2_aa(browser, live_server, lang, open_screen):
    context, page = open_watched(browser, live_server, DESK_PC)
    sign_in(page, *ADMIN, lang=lang)
    open_screen(page, lang)
    results = Axe().run(page, options=WCAG).response
    context.close()
    assert not results["violations"], [(violation["id"], [node["target"] for node in violation["nodes"]])
                                        for violation in results["violations"]]
