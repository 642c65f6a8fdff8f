"""The queue's figures on a log whose answers are known, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.extensions import db
from kiosk.reports import queue
from kiosk.reports.period import Period, Scope

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
SARZANA = Scope(("sarzana",))

pytestmark = pytest.mark.both_databases


def test_tickets_are_counted_by_channel_language_and_priority(known_log):
    counted = queue.tickets(db.session, SARZANA, NOVEMBER)
    assert counted.total == 6
    assert counted.by_channel == {"kiosk": 3, "remote": 2, "desk": 1}
    assert counted.by_language == {"it": 4, "ar": 1, "uk": 1}
    assert counted.priority == 1
    assert counted.priority_share == pytest.approx(1 / 6)


def test_waiting_and_service_times_have_their_median_and_90th_percentile(known_log):
    times = queue.times(db.session, SARZANA, NOVEMBER)
    # Waits 60, 180, 300, 600, 1200 s: the middle one; 90%: 600 + 0.6 × (1200 − 600).
    assert (times.waiting.count, times.waiting.median, times.waiting.p90) == (5, pytest.approx(300),
                                                                                pytest.approx(960))
    # Service 300, 600, 600, 1200 s (the recalled ticket counts from its start).
    assert (times.service.count, times.service.median, times.service.p90) == (4, pytest.approx(600),
                                                                                pytest.approx(1020))
    assert (times.called, times.no_shows, times.no_show_share) == (5, 1, pytest.approx(0.2))


def test_a_service_narrows_the_figures(known_log):
    times = queue.times(db.session, Scope(("sarzana",), "orientation"), NOVEMBER)
    assert times.waiting.count == 4
    assert times.waiting.median == pytest.approx(240)  # (180 + 300) / 2
    assert times.waiting.p90 == pytest.approx(510)  # 300 + 0.7 × 300
    assert queue.tickets(db.session, Scope(("sarzana",), "cv-help"), NOVEMBER).total == 1


def test_every_desk_counts_la_spezia_too(known_log):
    times = queue.times(db.session, Scope(), NOVEMBER)
    assert times.waiting.count == 6
    assert times.waiting.median == pytest.approx(450)
    assert times.waiting.p90 == pytest.approx(1800)  # 1200 + 0.5 × 1200
    assert queue.tickets(db.session, Scope(), NOVEMBER).by_language["en"] == 1


def test_the_period_turns_at_local_midnight(known_log):
    """The ticket of 31 October at 23:30 in Rome and that of 1 December at 00:10 are not November's."""
    assert queue.tickets(db.session, SARZANA, Period(date(2026, 10, 31), date(2026, 10, 31))).total == 1
    assert queue.tickets(db.session, SARZANA, Period(date(2026, 12, 1), date(2026, 12, 1))).total == 1


def test_busiest_hours_are_local_weekdays_and_hours(known_log):
    grid = queue.busiest_hours(db.session, SARZANA, NOVEMBER)
    assert grid == {(0, 9): 2, (0, 10): 2, (0, 11): 1, (1, 9): 1}  # Monday the 2nd, Tuesday the 3rd


def test_no_tickets_give_empty_figures(known_log):
    empty = Period(date(2026, 6, 1), date(2026, 6, 30))
    times = queue.times(db.session, SARZANA, empty)
    assert (times.waiting.count, times.waiting.median, times.waiting.p90) == (0, None, None)
    assert times.no_show_share is None
    assert queue.tickets(db.session, SARZANA, empty).priority_share is None
    assert queue.busiest_hours(db.session, SARZANA, empty) == {}


def test_a_service_no_desk_of_the_scope_has_counts_nothing(known_log):
    assert queue.tickets(db.session, Scope(("la-spezia",), "cv-help"), NOVEMBER).total == 0
