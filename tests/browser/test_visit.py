"""'Is this for me?' and rating a visit, in a browser: the three questions in Italian, Arabic and Ukrainian, the
filters and the service they lead to, the idle reset; the faces on a finished ticket's phone page and at the kiosk."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.feedback.models import RatedTicket, Rating
from kiosk.network.models import Site
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service
from tests.browser.helpers import (
    go_idle_until_the_countdown,
    let_the_countdown_run_out,
    say,
    starting_with,
    too_close,
    too_small,
    touch_targets,
)
from tests.browser.test_public import axe_violations


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def check_the_screen(page) -> None:
    targets = touch_targets(page)
    assert not too_small(targets), too_small(targets)
    assert not too_close(targets), too_close(targets)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_three_questions_set_the_filters_and_suggest_the_service_and_idle_forgets_them(page, live_app, lang):
    page.clock.install()
    page.goto(f"/home?lang={lang}")
    page.get_by_role("link", name=starting_with(say(lang, "Is this for me?"))).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(say(lang, "What are you looking for?"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    check_the_screen(page)
    # Someone who reads little hears the question and its answers.
    with page.expect_response(f"**/listen/page/fit-looking/{lang}.wav") as recording:
        page.get_by_role("button", name=say(lang, "Listen"), exact=True).tap()
    assert recording.value.ok and recording.value.header_value("content-type") == "audio/wav"
    page.get_by_role("button", name=say(lang, "A training course"), exact=True).tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(say(lang, "How much Italian do you speak?"))
    check_the_screen(page)
    page.get_by_role("button", name=say(lang, "Skip this question")).tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(say(lang, "Where can you get to?"))
    check_the_screen(page)
    page.get_by_role("button", name="La Spezia", exact=True).tap()

    expect(page).to_have_url(re.compile(r"/offers\?"))
    assert query(page) == {"kind": ["course"], "town": ["La Spezia"]}
    expect(page.get_by_role("radio", name=say(lang, "Training courses"), exact=True)).to_be_checked()
    suggestion = page.get_by_role("region", name=say(lang, "Suggested for you"))
    with live_app.app_context():
        training = db.session.scalar(select(Service).join(Site, Site.id == Service.site_id)
                                     .where(Site.slug == "la-spezia", Service.slug == "training"))
        name = (training.texts.get(lang) or training.texts["it"])["name"]
        db.session.remove()
    expect(suggestion).to_contain_text(name)
    expect(suggestion.get_by_role("link", name=say(lang, "Take a number"))).to_have_attribute(
        "href", "/ticket/training")

    # The visitor walks away: the idle reset forgets the answers with the rest of the visit.
    go_idle_until_the_countdown(page)
    let_the_countdown_run_out(page)
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.goto("/offers")
    expect(page.get_by_role("region", name=say("it", "Suggested for you"))).to_have_count(0)
    page.goto("/fit/looking")
    expect(page.locator(".fit-chosen")).to_have_count(0)


def finish_a_ticket(app, lang: str) -> tuple[str, str, str]:
    """Take a ticket at La Spezia's orientation, call it to counter 1, serve and finish it: (token, code, uuid)."""
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == "la-spezia"))
        service = db.session.scalar(select(Service).where(Service.site_id == site.id, Service.slug == "orientation"))
        ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, service.prefix), lang, clock.now())
        counter = db.session.scalar(select(Counter).where(Counter.site_id == site.id, Counter.number == 1))
        actions.call(db.session, ticket, counter, site.slug, clock.now())
        actions.start(db.session, ticket, site.slug, clock.now())
        actions.finish(db.session, ticket, site.slug, clock.now())
        db.session.commit()
        found = (ticket.token, ticket.code, ticket.uuid)
        db.session.remove()
    return found


def rated(app, ticket_uuid: str) -> bool:
    with app.app_context():
        found = db.session.get(RatedTicket, ticket_uuid) is not None
        db.session.remove()
    return found


def reasons(app, reason: str) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).where(Rating.reason == reason))
        db.session.remove()
    return count


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_a_finished_ticket_is_rated_on_the_phone_with_one_touch(phone, live_app, lang):
    token, _code, ticket_uuid = finish_a_ticket(live_app, lang)
    phone.goto(f"/m/t/{token}")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    faces = phone.get_by_role("group", name=say(lang, "How was your visit?"))
    expect(faces.get_by_role("button")).to_have_count(3)
    check_the_screen(phone)
    before = reasons(live_app, "found_it")
    faces.get_by_role("button", name=say(lang, "Good"), exact=True).tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(say(lang, "Thank you for your rating"))
    assert rated(live_app, ticket_uuid)
    check_the_screen(phone)
    phone.get_by_role("button", name=say(lang, "I found what I needed"), exact=True).tap()
    expect(phone).to_have_url(re.compile(rf"/m/t/{token}"))
    expect(phone.get_by_text(say(lang, "Thank you: this visit has been rated."))).to_be_visible()
    expect(phone.get_by_role("group", name=say(lang, "How was your visit?"))).to_have_count(0)
    assert reasons(live_app, "found_it") == before + 1
    assert phone.evaluate("window.cspViolations") == []


@pytest.mark.browser
def test_a_visit_is_rated_at_the_kiosk_by_its_number_in_ukrainian(page, live_app):
    _token, code, ticket_uuid = finish_a_ticket(live_app, "uk")
    page.goto("/home?lang=uk")
    page.get_by_role("link", name=say("uk", "Rate your visit")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("uk", "Rate your visit"))
    check_the_screen(page)
    page.get_by_role("link", name=code, exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("uk", "Your visit with number %(code)s", code=code))
    check_the_screen(page)
    expect(page.locator("[data-listen]")).to_have_attribute("data-listen-src", "/listen/page/rate-faces/uk.wav")
    page.get_by_role("button", name=say("uk", "So-so"), exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("uk", "Thank you for your rating"))
    assert rated(live_app, ticket_uuid)
    check_the_screen(page)
    page.get_by_role("button", name=say("uk", "I waited too long"), exact=True).tap()
    expect(page.get_by_role("link", name=say("uk", "Back to the home page"))).to_be_visible()
    expect(page.get_by_text(say("uk", "It helps us make the desk better for everyone."))).to_be_visible()
    check_the_screen(page)
    page.goto("/rate")
    expect(page.get_by_role("link", name=code, exact=True)).to_have_count(0)

