"""Closed days: the Italian national holidays and a desk's own closures, skipped when the kiosk says when it opens."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from kiosk.clock import LOCAL_ZONE
from kiosk.demo.loader import load_demo
from kiosk.extensions import db
from kiosk.network.closures import closed_days, site_opening, upcoming
from kiosk.network.holidays import easter_sunday, national_holidays
from kiosk.network.models import SiteClosure
from kiosk.network.services import get_site
from kiosk.queue.hours import ALWAYS_OPEN, Opening, opening_at
from tests.catalogues import say
from tests.conftest import saved

# Mornings on Monday, Wednesday and Friday, as the tests' desk (tests/conftest.py, make_site).
HOURS = [{"days": [0, 2, 4], "opens": "09:00", "closes": "12:30"}]


def rome(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(("year", "sunday"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)),
    (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22)),  # the latest and earliest Easter there can be
])
def test_easter_sunday(year, sunday):
    assert easter_sunday(year) == sunday


def test_the_national_holidays_of_a_year():
    days = national_holidays(2027)
    assert list(days) == [date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 29), date(2027, 4, 25),
                          date(2027, 5, 1), date(2027, 6, 2), date(2027, 8, 15), date(2027, 11, 1),
                          date(2027, 12, 8), date(2027, 12, 25), date(2027, 12, 26)]
    assert str(days[date(2027, 3, 29)]) == "Easter Monday"


def test_a_closed_day_is_skipped_when_saying_when_the_desk_opens():
    closed = {date(2027, 1, 6): "Epiphany"}
    # Tuesday 5 January, after hours: Wednesday is the Epiphany, so Friday.
    assert opening_at(HOURS, rome(2027, 1, 5, 15, 0), closed) == Opening(open=False, opens_at=rome(2027, 1, 8, 9, 0))
    # On the holiday itself, at the usual opening time: closed, with the reason.
    assert opening_at(HOURS, rome(2027, 1, 6, 10, 0), closed) == Opening(
        open=False, opens_at=rome(2027, 1, 8, 9, 0), closed_for="Epiphany")


def test_a_desk_closed_longer_than_we_look_ahead_says_only_that_it_is_closed():
    closed = {date(2027, 1, 1).fromordinal(date(2027, 1, 1).toordinal() + n): "Move" for n in range(120)}
    assert opening_at(HOURS, rome(2027, 1, 4, 10, 0), closed) == Opening(open=False, closed_for="Move")


def test_a_desk_without_hours_is_open_except_on_a_closed_day():
    assert opening_at([], rome(2027, 1, 5, 3, 0), {date(2027, 1, 6): "Epiphany"}) == ALWAYS_OPEN
    assert opening_at([], rome(2027, 1, 6, 3, 0), {date(2027, 1, 6): "Epiphany"}) == Opening(
        open=False, closed_for="Epiphany")


def test_closed_days_join_the_holidays_and_the_sites_own_closures(app, make_site):
    site = make_site()
    saved(SiteClosure(site_id=site.id, starts=date(2027, 3, 19), ends=date(2027, 3, 19), reason="San Giuseppe"))
    saved(SiteClosure(site_id=site.id, starts=date(2027, 3, 31), ends=date(2027, 4, 2), reason="Trasloco"))
    with app.test_request_context("/?lang=en"):
        days = {day: str(reason) for day, reason in closed_days(db.session, site.id, date(2027, 3, 15), 21).items()}
        spans = upcoming(db.session, site.id, date(2027, 3, 15), 21)
        spans = [(span.starts, span.ends, str(span.reason)) for span in spans]
    assert days == {date(2027, 3, 19): "San Giuseppe", date(2027, 3, 29): "Easter Monday",
                    date(2027, 3, 31): "Trasloco", date(2027, 4, 1): "Trasloco", date(2027, 4, 2): "Trasloco"}
    assert spans == [
        (date(2027, 3, 19), date(2027, 3, 19), "San Giuseppe"), (date(2027, 3, 29), date(2027, 3, 29), "Easter Monday"),
        (date(2027, 3, 31), date(2027, 4, 2), "Trasloco")]


def test_an_inactive_site_is_closed_even_on_a_demo(make_site):
    site = make_site(active=False)
    assert site_opening(db.session, site, rome(2027, 3, 15, 10, 0), always_open=True) == Opening(open=False)


# The kiosk itself, with the desk keeping its hours (the tests' configuration keeps it always open).

@pytest.fixture
def kiosk_desk(app, make_site, make_service, make_counter):
    app.config["KIOSK_ALWAYS_OPEN"] = False
    site = make_site()
    service = make_service(site, "B", "cv-help", name="Aiuto per il CV")
    make_counter(site, 1, [service])
    return site


@pytest.mark.parametrize(("lang", "moment", "reason", "opens"), [
    # Wednesday, the Epiphany: open again on Friday.
    ("it", rome(2027, 1, 6, 10, 0), "Epiphany", "We open again on Friday at %(time)s."),
    # Easter Monday 2027: open again on Wednesday.
    ("en", rome(2027, 3, 29, 10, 0), "Easter Monday", "We open again on Wednesday at %(time)s."),
])
def test_the_kiosk_gives_no_number_on_a_national_holiday(client, kiosk_desk, set_clock, lang, moment, reason, opens):
    set_clock(moment)
    page = client.get(f"/ticket?lang={lang}").text
    assert say(lang, "The desk is closed now") in page
    assert say(lang, "Closed today: %(reason)s", reason=say(lang, reason)) in page
    assert say(lang, opens, time="<bdi>09:00</bdi>") in page
    assert 'class="service-tile"' not in page
    assert client.get("/ticket/cv-help").location.startswith("/ticket")


def test_a_long_closure_names_the_day_the_desk_opens_again(client, kiosk_desk, set_clock):
    saved(SiteClosure(site_id=kiosk_desk.id, starts=date(2027, 2, 1), ends=date(2027, 2, 12), reason="Trasloco"))
    set_clock(rome(2027, 2, 3, 10, 0))
    page = client.get("/ticket?lang=en").text
    assert "We open again on <bdi>Monday, February 15, 2027</bdi> at <bdi>09:00</bdi>." in page


def test_always_open_still_overrides_a_closure_for_demos(app, client, kiosk_desk, set_clock):
    app.config["KIOSK_ALWAYS_OPEN"] = True
    set_clock(rome(2027, 1, 6, 10, 0))
    assert 'class="service-tile"' in client.get("/ticket?lang=en").text


def test_the_demo_closes_la_spezia_on_san_giuseppe_once_however_often_it_is_loaded(app):
    for _ in range(2):
        load_demo(db.session, date(2026, 12, 5))
        db.session.commit()
    site = get_site(db.session, "la-spezia")
    closures = db.session.scalars(select(SiteClosure).where(SiteClosure.site_id == site.id)).all()
    assert sorted(c.starts for c in closures) == [date(2026, 3, 19), date(2027, 3, 19)]
