"""Sitting at a counter: open, pause with a reason, resume, close; and what the estimated wait makes of it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.extensions import db
from kiosk.queue import line, staffing, taking
from kiosk.queue.issuing import take_ticket
from kiosk.staff.models import User

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def desk(make_site, make_service, make_counter):
    site = make_site()
    service = make_service(site, "A", name="Orientamento")
    one, two = make_counter(site, 1, [service]), make_counter(site, 2, [service])
    staff = [User(username=name, password_hash="x", role="receptionist", site_id=site.id) for name in ("ada", "bea")]
    db.session.add_all(staff)
    db.session.commit()
    return taking.service_ref(service, site), one, two, staff


def test_a_counter_opens_pauses_resumes_and_closes(desk):
    _ref, one, _two, (ada, bea) = desk
    assert not one.is_open
    staffing.open_counter(one, ada.id, NOW)
    assert one.is_open and one.staffed_by_id == ada.id and one.opened_at == NOW
    staffing.pause(one, "break", NOW + timedelta(minutes=30))
    staffing.pause(one, "phone", NOW + timedelta(minutes=31))  # pausing again keeps the first reason and time
    assert not one.is_open and one.pause_reason == "break" and one.paused_at == NOW + timedelta(minutes=30)
    staffing.resume(one)
    assert one.is_open and one.pause_reason == ""
    staffing.open_counter(one, bea.id, NOW + timedelta(hours=2))  # a colleague takes over
    assert one.staffed_by_id == bea.id and one.opened_at == NOW + timedelta(hours=2)
    staffing.close(one)
    db.session.commit()
    assert not one.is_open and one.staffed_by_id is None and one.opened_at is None


def test_an_unknown_pause_reason_is_refused(desk):
    _ref, one, _two, (ada, _bea) = desk
    staffing.open_counter(one, ada.id, NOW)
    with pytest.raises(ValueError):
        staffing.pause(one, "nap", NOW)
    assert one.is_open


@pytest.mark.both_databases
def test_the_estimate_shares_the_line_among_the_open_counters_only(desk):
    ref, one, two, (ada, bea) = desk
    tickets = [take_ticket(db.session, ref, "it", NOW + timedelta(minutes=m)) for m in range(5)]
    db.session.commit()
    last = tickets[-1]
    # Before anyone sits down, the estimate counts every counter that serves the service: 4 ahead / 2 × 10 min.
    assert line.wait_for(db.session, last) == (4, timedelta(minutes=20))
    staffing.open_counter(one, ada.id, NOW)
    db.session.commit()
    assert line.wait_for(db.session, last) == (4, timedelta(minutes=40))  # one counter open
    staffing.open_counter(two, bea.id, NOW)
    db.session.commit()
    assert line.wait_for(db.session, last) == (4, timedelta(minutes=20))
    staffing.pause(two, "break", NOW)
    db.session.commit()
    assert line.wait_for(db.session, last) == (4, timedelta(minutes=40))
