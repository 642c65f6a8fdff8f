"""A partner's editor at a desk PC: writes a course in Italian and Ukrainian, publishes it, and a visitor reads it
on the kiosk in Ukrainian; axe-core on the back office's offer pages."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk import clock
from tests.browser.helpers import DESK_PC, PORTRAIT, say, starting_with
from tests.browser.test_accessibility import WCAG
from tests.browser.test_screenshots import save_screen

EDITOR = ("editor-tempor-ui", "a long secret for the ui test")


@pytest.fixture(scope="module")
def editor(live_app):
    """An editor of Tempor, like the demo's `editor`, made once on the live server's database."""
    from sqlalchemy import select

    from kiosk.extensions import db
    from kiosk.network.models import Organisation
    from kiosk.staff import services as staff
    from kiosk.staff.models import User

    with live_app.app_context():
        if db.session.scalar(select(User.id).where(User.username == EDITOR[0])) is None:
            tempor = db.session.scalar(select(Organisation).where(Organisation.slug == "tempor"))
            staff.create_user(db.session, EDITOR[0], EDITOR[1], "editor", organisation_id=tempor.id)
            db.session.commit()
    return EDITOR


def axe_violations(page) -> list[str]:
    """Return one line per axe-core violation on the page: rule, impact, where."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG).response
    return [f"{violation['id']} ({violation['impact']}): " + ", ".join(" ".join(map(str, node["target"]))
                                                                      for node in violation["nodes"])
            for violation in results["violations"]]


def sign_in(page, editor, lang: str = "it") -> None:
    page.goto(f"/staff/login?lang={lang}")
    page.get_by_label(say(lang, "User name")).fill(editor[0])
    page.get_by_label(say(lang, "Password")).fill(editor[1])
    page.get_by_role("button", name=say(lang, "Sign in")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.fixture
def desk_pc(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=DESK_PC, locale="it-IT")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_an_editor_publishes_a_course_in_italian_and_ukrainian_and_a_visitor_reads_it_on_the_kiosk(
        desk_pc, browser, live_server, editor):
    page, it = desk_pc, "it"
    mark = secrets.token_hex(3).upper()
    italian_title, ukrainian_title = f"Corso di panetteria {mark}", f"Курс пекаря {mark}"
    sign_in(page, editor)

    # The offers, then a new one.
    page.get_by_role("navigation", name=say(it, "Back office")).get_by_role("link", name=say(it, "Offers")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(say(it, "Offers"))
    page.get_by_role("link", name=say(it, "New offer")).click()

    # The facts of the course, then its Italian texts.
    page.get_by_label(say(it, "Kind"), exact=True).select_option("course")
    page.get_by_label(say(it, "Town"), exact=True).fill("Sarzana")
    page.get_by_label(say(it, "Sector"), exact=True).select_option("I")
    page.get_by_label(say(it, "Contract"), exact=True).select_option("none")
    page.get_by_label(say(it, "Working hours"), exact=True).select_option("part_time")
    page.get_by_label(say(it, "Apply by"), exact=True).fill((clock.today() + timedelta(days=30)).isoformat())
    page.get_by_label(say(it, "Email"), exact=True).fill("corsi@example.it")
    italian = page.locator("#texts-it")
    expect(italian).to_be_visible()
    italian.get_by_label(starting_with(say(it, "Title"))).fill(italian_title)
    italian.get_by_label(say(it, "Summary")).fill("Dieci settimane di laboratorio, la mattina.")
    italian.get_by_label(say(it, "Description")).fill("Impasti, lievitazione e forno a legna.")
    italian.get_by_role("button", name=say(it, "Bold")).first.click()  # the toolbar wraps the text in <strong>

    # Ukrainian, written beside the Italian text, which stays in sight; the mark says how far it is.
    switcher = page.get_by_role("navigation", name=say(it, "Language being written"))
    switcher.get_by_role("link", name=starting_with("Українська")).click()
    ukrainian = page.locator("#texts-uk")
    expect(ukrainian).to_be_visible()
    expect(italian).to_be_hidden()
    reference = page.locator(".italian-reference")
    expect(reference).to_be_visible()
    expect(reference).to_contain_text(italian_title)
    expect(reference).to_contain_text("Impasti, lievitazione e forno a legna.")
    ukrainian.get_by_label(starting_with(say(it, "Title"))).fill(ukrainian_title)
    expect(switcher.locator("[data-mark-for='uk']")).to_have_class(re.compile("lang-mark-partial"))
    ukrainian.get_by_label(say(it, "Summary")).fill("Десять тижнів практики, вранці.")
    ukrainian.get_by_label(say(it, "Description")).fill("Тісто, бродіння та дров’яна піч.")
    expect(switcher.locator("[data-mark-for='uk']")).to_have_class(re.compile("lang-mark-complete"))
    switcher.evaluate("element => element.scrollIntoView({block: 'start'})")
    save_screen(page, "admin-offer-uk.png")  # the README's picture of the side-by-side languages

    # Saved as a draft, then published.
    page.get_by_role("button", name=say(it, "Save"), exact=True).click()
    expect(page.get_by_text(say(it, "The offer is saved as a draft: it is not on the kiosks until it is "
                                    "published."))).to_be_visible()
    assert "<strong>" in page.locator("#text-it-description").input_value()
    page.get_by_role("button", name=say(it, "Publish"), exact=True).click()
    expect(page.get_by_text(say(it, "The offer is published: it is on the kiosks from its publishing date."))
           ).to_be_visible()

    # A visitor at a kiosk chooses Ukrainian, opens the opportunities, searches and reads the course.
    kiosk = browser.new_context(base_url=live_server, viewport=PORTRAIT, has_touch=True, locale="de-DE")
    visitor = kiosk.new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Українська", exact=True).tap()
    visitor.get_by_role("link", name=starting_with(say("uk", "Opportunities"))).tap()
    visitor.get_by_role("searchbox").fill(mark.lower())
    visitor.get_by_role("button", name=say("uk", "Search"), exact=True).tap()
    visitor.get_by_role("link", name=re.compile(re.escape(ukrainian_title))).tap()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(ukrainian_title)
    expect(visitor.get_by_role("heading", level=1)).to_have_attribute("lang", "uk")
    expect(visitor.locator(".lead")).to_have_text("Десять тижнів практики, вранці.")
    kiosk.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_offers_list_and_the_offer_form_meet_wcag_2_2_aa(desk_pc, editor, lang):
    page = desk_pc
    sign_in(page, editor)
    page.goto(f"/admin/offers?lang={lang}")
    problems = {"list": axe_violations(page)}
    page.goto("/admin/offers/missing-translations")
    problems["missing translations"] = axe_violations(page)
    page.goto("/admin/offers/new")
    problems["new offer"] = axe_violations(page)
    page.goto("/admin/offers")
    page.locator(".offer-table a").first.click()
    page.locator("[data-write-lang='uk']").click()
    expect(page.locator(".italian-reference")).to_be_visible()
    problems["offer beside the Italian text"] = axe_violations(page)
    page.get_by_role("button", name=say(lang, "Save"), exact=True).click()  # nothing changed: the same page
    problems["saved"] = axe_violations(page)
    assert not any(problems.values()), problems
