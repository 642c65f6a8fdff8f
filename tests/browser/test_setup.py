"""The desks' set-up in Chromium: an admin adds a closure and sends the form with the keyboard; the pages pass
axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk import clock
from tests.browser.helpers import DESK_PC, open_watched, say
from tests.browser.test_accessibility import axe_violations

ADMIN = ("admin", "admin-demo-2026")  # the demo's administrator (kiosk/staff/cli.py)


@pytest.fixture
def admin_page(browser, live_server):
    context, page = open_watched(browser, live_server, DESK_PC)
    page.goto("/staff/login?lang=en")
    page.get_by_label("User name").fill(ADMIN[0])
    page.get_by_label("Password").fill(ADMIN[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    yield page
    # A form sent back with its mistakes answers 422, which Chromium logs; anything else is a fault.
    assert [line for line in page.console_errors if "422" not in line] == []
    assert page.evaluate("window.cspViolations") == []
    context.close()


def test_an_admin_adds_and_removes_a_closure(admin_page, tmp_path):
    page, day = admin_page, clock.today() + timedelta(days=200)
    page.goto("/admin/sites?lang=it")
    page.get_by_role("link", name="InfoLavoro La Spezia").click()
    page.get_by_label(say("it", "First day")).fill(day.isoformat())
    page.get_by_label(say("it", "Reason")).focus()  # the last day left empty: a one-day closure
    page.keyboard.type("Sciopero generale")
    page.keyboard.press("Enter")
    expect(page.locator(".notice[role=status]")).to_have_text(say("it", "The closure was added."))
    row = page.locator("#closures tr", has_text="Sciopero generale")
    expect(row).to_have_count(1)
    page.screenshot(path=tmp_path / "admin-site-it.png", full_page=True)
    # A mistake is said beside the field and at the top, which takes the focus.
    page.get_by_label(say("it", "First day")).fill(day.isoformat())
    page.get_by_role("button", name=say("it", "Add the closure")).click()
    expect(page.locator(".setup-errors")).to_be_focused()
    expect(page.locator(".setup-errors")).to_contain_text(say("it", "Say why the desk is closed: visitors read it."))
    row.get_by_role("button").click()
    expect(page.locator("#closures tr", has_text="Sciopero generale")).to_have_count(0)


def test_a_services_texts_are_written_beside_the_italian(admin_page, tmp_path):
    page = admin_page
    page.goto("/admin/services?lang=en")
    page.locator("#main tbody a").first.click()
    italian, ukrainian = page.locator(".setup-texts-italian"), page.locator(".setup-language[data-lang=uk]")
    ukrainian.scroll_into_view_if_needed()
    expect(italian).to_be_in_viewport()  # the Italian stays in view beside the language being written
    italian_box, ukrainian_box = italian.bounding_box(), ukrainian.bounding_box()
    assert italian_box["x"] + italian_box["width"] <= ukrainian_box["x"]
    page.screenshot(path=tmp_path / "admin-service-en.png")


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_set_up_pages_pass_axe_core(admin_page, lang):
    page, problems = admin_page, []
    for path in ("/admin/sites", "/admin/services", "/admin/counters", "/admin/organisations", "/admin/sites/new"):
        page.goto(f"{path}?lang={lang}")
        problems += [f"{path}: {line}" for line in axe_violations(page)]
    for listing, link in (("/admin/sites", "#main tbody a"), ("/admin/services", "#main tbody a"),
                          ("/admin/counters", "#main tbody a"), ("/admin/organisations", "#main tbody a")):
        page.goto(f"{listing}?lang={lang}")
        page.locator(link).first.click()
        problems += [f"{page.url}: {line}" for line in axe_violations(page)]
    assert problems == []
