"""A morning at the desk, as the issue's acceptance test: a walk-in user takes a number in Arabic at the kiosk and
follows it on the phone, a receptionist calls and serves it at the counter, the waiting room's display calls it.

Four browsers, each in its own context (its own cookies), like four machines: the display (a 1920×1080 TV), the
kiosk (a 1080×1920 portrait touchscreen), the phone (360×740, touch) and the reception's PC (1366×768). The ticket
is for training (D), served at La Spezia's counter 2, which speaks Arabic: no other browser test takes D tickets
or sits at counter 2 (some call tickets there straight through the queue's functions; what they leave waiting or
in hand is dealt with as a receptionist would).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.network.services import get_site
from kiosk.queue import line
from kiosk.queue.models import Service, Ticket
from kiosk.queue.services import service_text
from kiosk.queue.to_bring import DOCUMENTS
from tests.browser.helpers import (
    DESK_PC,
    LANDSCAPE,
    NARROW_PHONE,
    PORTRAIT,
    announced,
    open_display,
    open_watched,
    put_down_the_ticket_in_hand,
    say,
    say_number,
    sit_at_counter,
    starting_with,
    stop_the_clock,
)
from tests.documents.pdftools import qr_codes

LANG = "ar"
SERVICE = "training"
COUNTER = 2
STAFF_LANG = "it"  # the receptionist's screen speaks Italian
CALL_SECONDS = 1  # a call is on the display within a second of the click
PHONE_SECONDS = 7  # the phone page asks every 5 seconds
SPEECH_SECONDS = 30  # a chime and two announcements, one after another


@pytest.fixture
def screens(browser, live_server):
    """Open a browser context (a machine of its own) with a screen size and options; close them all at the end."""
    opened = []

    def open_screen(viewport: dict, **options):
        context, page = open_watched(browser, live_server, viewport, **options)
        opened.append(context)
        return page

    yield open_screen
    for context in opened:
        context.close()


def the_service(live_app) -> tuple[str, str, list[str]]:
    """Return the service's letter, its name in Arabic and the documents to bring, in Arabic."""
    with live_app.app_context():
        site = get_site(db.session, "la-spezia")
        service = db.session.scalar(select(Service).where(Service.site_id == site.id, Service.slug == SERVICE))
        names = [DOCUMENTS[key][LANG] for key in service.documents]
        found = service.prefix, service_text(service, LANG)["name"], names
        db.session.remove()
        return found


def the_ticket(live_app, token: str) -> tuple[str, int]:
    """Return the code of the ticket a phone token follows and how many people are ahead of it in the queue."""
    with live_app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.token == token))
        assert ticket is not None, f"no ticket has the token {token}"
        ahead, _wait = line.wait_for(db.session, ticket)
        found = ticket.code, ahead
        db.session.remove()
        return found


def ahead_phrase(ahead: int) -> str:
    if not ahead:
        return say(LANG, "You are next.")
    return say_number(LANG, "%(num)s person ahead of you", "%(num)s people ahead of you", ahead)


def announcement(lang: str, code: str) -> str:
    return say(lang, "Number %(letter)s %(number)s, counter %(counter)s", letter=code[0], number=int(code[1:]),
               counter=COUNTER)


@pytest.mark.browser
def test_a_morning_at_the_desk(screens, live_app, tmp_path):
    letter, service_name, documents = the_service(live_app)

    # The waiting room's TV shows the display; someone touched it once, so it may play sound.
    display = screens(LANDSCAPE)
    open_display(display)
    display.locator("#board").click()

    # The walk-in user, at the portrait kiosk: Arabic, "Take a number", the training service.
    kiosk = screens(PORTRAIT, has_touch=True)
    stop_the_clock(kiosk)  # the idle countdown must not cover what the visitor reads
    kiosk.goto("/")
    kiosk.get_by_role("link", name="العربية", exact=True).tap()
    expect(kiosk.locator("html")).to_have_attribute("dir", "rtl")
    kiosk.get_by_role("link", name=starting_with(say(LANG, "Take a number"))).tap()
    expect(kiosk.get_by_role("heading", level=1)).to_have_text(say(LANG, "Take a number"))
    kiosk.get_by_role("link", name=starting_with(service_name)).tap()
    expect(kiosk.get_by_role("heading", level=1)).to_contain_text(service_name)
    bring = kiosk.get_by_role("region", name=say(LANG, "What to bring"))
    expect(bring.get_by_role("listitem")).to_have_text(documents)
    kiosk.get_by_role("button", name=say(LANG, "Take the ticket")).tap()

    # The ticket on the kiosk's screen, in Arabic: its code, the people ahead and the code for the phone.
    expect(kiosk).to_have_url(re.compile(r"/ticket/t/"))
    html = kiosk.locator("html")
    expect(html).to_have_attribute("lang", LANG)
    expect(html).to_have_attribute("dir", "rtl")
    expect(kiosk.get_by_role("heading", level=1)).to_have_text(say(LANG, "Here is your number"))
    code = kiosk.locator(".ticket-code").inner_text().strip()
    assert re.fullmatch(rf"{letter}\d{{3}}", code), code
    expect(kiosk.locator(".ticket-service")).to_have_text(service_name)
    qr = kiosk.get_by_role("img", name=say(LANG, "Code to follow your turn on your phone"))
    qr.screenshot(path=tmp_path / "phone-code.png")
    [phone_url] = qr_codes(tmp_path / "phone-code.png")
    address = urlsplit(phone_url)
    path = re.fullmatch(r"/m/t/([\w-]+)", address.path)
    assert path and address.query == f"lang={LANG}", phone_url
    followed, ahead = the_ticket(live_app, path.group(1))
    assert followed == code, f"the phone code follows {followed}, not {code}"
    expect(kiosk.locator(".ticket-ahead")).to_have_text(ahead_phrase(ahead))

    # The phone scans the code: the same number, waiting, in Arabic.
    phone = screens(NARROW_PHONE, has_touch=True, is_mobile=True)
    phone.goto(f"{address.path}?{address.query}")  # the live server, whatever host the code names
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    status = phone.locator("#ticket-status")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(code)
    expect(phone.locator(".phone-ticket-headline")).to_have_text(ahead_phrase(ahead))

    # The receptionist signs in at the reception's PC and sits at counter 2: the ticket waits there in Arabic.
    counter = screens(DESK_PC)
    sit_at_counter(counter, COUNTER, lang=STAFF_LANG)
    put_down_the_ticket_in_hand(counter)
    waiting = counter.locator("#line .line-row")
    mine = waiting.filter(has=counter.locator(".line-code", has_text=code))
    expect(mine).to_have_count(1)
    expect(mine.locator(".ticket-language [lang='ar']")).to_have_text("العربية")
    expect(mine.locator(".ticket-language")).not_to_have_class(re.compile("not-spoken"))

    # Whoever an earlier test left waiting for this counter comes first: called, and marked as not come.
    call_next = counter.get_by_role("button", name=starting_with(say(STAFF_LANG, "Call next")))
    panel_code = counter.locator("#ticket-code")
    for _ in range(waiting.count()):
        first = waiting.first.locator(".line-code strong").inner_text()
        if first == code:
            break
        call_next.click()
        expect(panel_code).to_have_text(first)
        counter.get_by_role("button", name=starting_with(say(STAFF_LANG, "No-show"))).click()
        expect(counter.locator(".ticket-none")).to_be_visible()
        expect(waiting.locator(".line-code strong").filter(has_text=first)).to_have_count(0)
    expect(waiting.first.locator(".line-code strong")).to_have_text(code)

    # "Call next": the panel has the ticket, and the display calls it within a second, to counter 2.
    call_next.click()
    expect(display.locator(".now-code bdi")).to_have_text(code, timeout=CALL_SECONDS * 1000)
    expect(display.locator(".now-counter")).to_contain_text(say("it", "Counter %(number)s", number=COUNTER))
    expect(panel_code).to_have_text(code)
    expect(mine).to_have_count(0)

    # The display announces it in Italian, then in Arabic.
    expect(announced(display, code)).to_have_count(2, timeout=SPEECH_SECONDS * 1000)
    assert [line.get_attribute("data-lang") for line in announced(display, code).all()] == ["it", LANG]
    expect(announced(display, code)).to_have_text([announcement("it", code), announcement(LANG, code)])

    # The phone rings: its turn, at counter 2, in Arabic.
    called = phone.locator("[data-called-box]")
    expect(called).to_be_visible(timeout=PHONE_SECONDS * 1000)
    expect(status).to_have_attribute("data-state", "called")
    expect(called).to_contain_text(say(LANG, "It is your turn!"))
    expect(called).to_contain_text(say(LANG, "Go to counter %(number)s", number=COUNTER))

    # The person comes: the receptionist starts serving, then finishes; the phone thanks them and stops asking.
    counter.get_by_role("button", name=starting_with(say(STAFF_LANG, "Start serving"))).click()
    expect(counter.locator(".ticket-card.status-serving #ticket-code")).to_have_text(code)
    expect(status).to_have_attribute("data-state", "serving", timeout=PHONE_SECONDS * 1000)
    expect(status).to_contain_text(say(LANG, "You are being served at counter %(number)s.", number=COUNTER))
    counter.get_by_role("button", name=starting_with(say(STAFF_LANG, "Finish"))).click()
    expect(counter.locator(".ticket-none")).to_be_visible()
    expect(status).to_have_attribute("data-state", "done", timeout=PHONE_SECONDS * 1000)
    expect(status).to_contain_text(say(LANG, "Thank you! Your visit is over."))
    expect(status).to_have_attribute("data-final", "")

    for screen in (display, kiosk, phone, counter):
        assert screen.evaluate("window.cspViolations") == [], screen.url
        assert not screen.console_errors, screen.console_errors
