"""An admin reads last month's figures for Sarzana as charts, in Italian and in Arabic, and takes the CSV away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DESK_PC, say
from tests.browser.test_accessibility import WCAG
from tests.browser.test_screenshots import save_screen

ADMIN = ("admin", "admin-demo-2026")

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_pc(context):
    page = context.new_page()
    page.set_viewport_size(DESK_PC)
    return page


def sign_in_as_admin(page, lang: str) -> None:
    page.goto(f"/staff/login?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill(ADMIN[0])
    page.get_by_label(say(lang, "Password")).fill(ADMIN[1])
    page.get_by_role("button", name=say(lang, "Sign in")).click()
    page.wait_for_url("**/admin/")


def choose_sarzana_last_month(page, lang: str) -> None:
    page.get_by_role("link", name=say(lang, "Reports"), exact=True).first.click()
    page.get_by_label(say(lang, "Desk"), exact=True).select_option("sarzana")
    page.get_by_label(say(lang, "Period"), exact=True).select_option("last_month")
    page.get_by_role("button", name=say(lang, "Show the figures")).click()
    expect(page.get_by_role("heading", name=say(lang, "Tickets taken, by channel"))).to_be_visible()


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG).response
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{', '.join(' '.join(map(str, n['target'])) for n in v['nodes'])}" for v in results["violations"]]


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_an_admin_reads_last_months_figures_for_sarzana(desk_pc, lang, tmp_path):
    page = desk_pc
    sign_in_as_admin(page, lang)
    choose_sarzana_last_month(page, lang)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    charts = page.locator("svg.chart[role='img']")
    expect(charts).to_have_count(6)  # tickets, languages, times, no-shows, hours, ratings
    bars = page.locator("svg.chart-bars").first.locator("rect.chart-bar")
    assert bars.count() == 3 and all(float(bars.nth(i).get_attribute("width")) > 0 for i in range(3))
    expect(page.locator(".chart-heat rect.heat-4").first).to_be_visible()  # the busiest hours stand out
    summary = page.locator("#report-tickets-summary").inner_text()
    assert any(character.isdigit() for character in summary), summary
    title = say(lang, "Tickets taken, by channel")
    with page.expect_download() as download:
        page.get_by_role("link", name=say(lang, "Download “%(title)s” as CSV", title=title)).click()
    saved = tmp_path / "tickets.csv"
    download.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and say(lang, "Channel") in text.splitlines()[0]
    assert download.value.suggested_filename.startswith("tickets-sarzana-")
    assert axe_violations(page) == []
    # In the high-contrast look the charts take its colours: yellow bars, white labels on black.
    page.evaluate("document.documentElement.classList.add('contrast-high')")
    colours = page.evaluate("""() => {
        const bar = document.querySelector('svg.chart-bars rect.chart-bar');
        const label = document.querySelector('svg.chart-bars text.chart-text');
        return [getComputedStyle(bar).fill, getComputedStyle(label).fill];
    }""")
    assert colours == ["rgb(255, 255, 0)", "rgb(255, 255, 255)"]
    page.evaluate("document.documentElement.classList.remove('contrast-high')")
    page.evaluate("window.scrollTo(0, 0)")
    save_screen(page, f"admin-reports-{lang}.png")
