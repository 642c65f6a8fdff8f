"""Outside opening hours the kiosk gives no number and says when the desk opens; near closing time it warns."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.clock import LOCAL_ZONE
from kiosk.extensions import db
from kiosk.queue.models import Ticket
from tests.catalogues import say
from tests.terminal.conftest import request_token_on

# The test desk opens on Monday, Wednesday and Friday, 09:00–12:30 (tests/conftest.py, make_site).
SATURDAY_NIGHT = datetime(2026, 12, 12, 3, 0, tzinfo=LOCAL_ZONE)
SUNDAY_EVENING = datetime(2026, 12, 13, 21, 0, tzinfo=LOCAL_ZONE)
WEDNESDAY_EARLY = datetime(2026, 12, 9, 7, 45, tzinfo=LOCAL_ZONE)
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=LOCAL_ZONE)
MONDAY_NEAR_CLOSING = datetime(2026, 12, 7, 12, 10, tzinfo=LOCAL_ZONE)


@pytest.fixture
def hours_kept(app):
    """The desk keeps its opening hours, as in production (the test configuration ignores them)."""
    app.config["KIOSK_ALWAYS_OPEN"] = False


@pytest.mark.parametrize(("lang", "moment", "opens"), [
    ("it", SATURDAY_NIGHT, "We open again on Monday at %(time)s."),
    ("ar", SATURDAY_NIGHT, "We open again on Monday at %(time)s."),
    ("uk", SUNDAY_EVENING, "We open again tomorrow at %(time)s."),
    ("en", WEDNESDAY_EARLY, "We open again today at %(time)s."),
])
def test_a_closed_desk_says_when_it_opens_and_gives_no_number(client, desk, hours_kept, set_clock, lang, moment,
                                                                 opens):
    set_clock(moment)
    page = client.get(f"/ticket?lang={lang}").text
    assert say(lang, "The desk is closed now") in page
    assert say(lang, opens, time="<bdi>09:00</bdi>") in page
    assert 'class="service-tile"' not in page
    # The home tile says it too, and a service's page leads back to the notice.
    assert say(lang, opens, time="<bdi>09:00</bdi>") in client.get("/home").text
    assert client.get("/ticket/cv-help").location.startswith("/ticket")


def test_a_number_asked_for_while_closed_is_refused_without_a_ticket(client, desk, hours_kept, set_clock):
    set_clock(MONDAY_MORNING)
    form = client.get("/ticket/cv-help?lang=it").text  # the page was opened just before closing time
    set_clock(SATURDAY_NIGHT)
    taken = client.post("/ticket/cv-help", data={"request_token": request_token_on(form)})
    assert taken.status_code == 303 and taken.location == "/ticket"
    assert db.session.scalars(select(Ticket)).all() == []
    assert say("it", "The desk is closed now") in client.get(taken.location).text


def test_an_open_desk_gives_numbers(client, desk, hours_kept, set_clock, take):
    set_clock(MONDAY_MORNING)
    page = take("cv-help").text
    assert '<p class="ticket-code" dir="ltr">B001</p>' in page
    assert 'class="notice notice-warning closing-warning"' not in page


def test_near_closing_time_the_wait_says_it_may_not_end_today(client, desk, hours_kept, set_clock, take):
    set_clock(MONDAY_NEAR_CLOSING)
    for _ in range(3):  # three ahead at ten minutes each: the fourth is called at about 12:40, after 12:30
        take("cv-help")
    warning = say("uk", "We close at %(time)s: with this wait, you may not be called today.", time="<bdi>12:30</bdi>")
    assert warning in client.get("/ticket?lang=uk").text
    assert warning in client.get("/ticket/cv-help").text
    ticket_page = take("cv-help", "uk").text
    assert warning in ticket_page
    held = db.session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    assert warning in client.get(f"/m/t/{held.token}").text  # the phone page too, in the ticket's language
    # The first in line is called well before closing: no warning for them.
    first = db.session.scalars(select(Ticket).order_by(Ticket.id)).first()
    assert "closing-warning" not in client.get(f"/ticket/t/{first.token}").text


def test_with_always_open_the_kiosk_gives_numbers_at_any_hour(client, desk, set_clock, take):
    set_clock(SATURDAY_NIGHT)  # KIOSK_ALWAYS_OPEN is on in the tests' configuration, as on a demo
    assert '<p class="ticket-code" dir="ltr">B001</p>' in take("cv-help").text
