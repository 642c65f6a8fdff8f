"""A desk's opening hours as plain functions: open or closed, until or from when, in Europe/Rome whatever the season."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.clock import LOCAL_ZONE
from kiosk.queue.hours import ALWAYS_OPEN, Opening, closing_before_call, opening_at

# Mornings on Monday, Wednesday and Friday; afternoons on Tuesday and Thursday, as La Spezia's desk.
HOURS = [{"days": [0, 2, 4], "opens": "09:00", "closes": "12:30"},
         {"days": [1, 3], "opens": "14:30", "closes": "17:00"}]


def rome(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(("moment", "expected"), [
    (rome(2026, 12, 7, 9, 0), Opening(open=True, closes_at=rome(2026, 12, 7, 12, 30))),  # Monday, opening time
    (rome(2026, 12, 7, 12, 29), Opening(open=True, closes_at=rome(2026, 12, 7, 12, 30))),
    (rome(2026, 12, 7, 12, 30), Opening(open=False, opens_at=rome(2026, 12, 8, 14, 30))),  # closed at closing time
    (rome(2026, 12, 7, 8, 59), Opening(open=False, opens_at=rome(2026, 12, 7, 9, 0))),  # later today
    (rome(2026, 12, 8, 10, 0), Opening(open=False, opens_at=rome(2026, 12, 8, 14, 30))),  # Tuesday morning
    (rome(2026, 12, 11, 13, 0), Opening(open=False, opens_at=rome(2026, 12, 14, 9, 0))),  # Friday after: Monday
    (rome(2026, 12, 13, 3, 0), Opening(open=False, opens_at=rome(2026, 12, 14, 9, 0))),  # 3 a.m. on a Sunday
])
def test_open_until_or_closed_until(moment, expected):
    assert opening_at(HOURS, moment) == expected


def test_the_day_turns_at_midnight_in_rome_not_in_utc():
    # 23:30 UTC on Sunday 6 December is 00:30 on Monday in Rome: the desk opens "today" at nine.
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    opening = opening_at(HOURS, moment)
    assert opening == Opening(open=False, opens_at=rome(2026, 12, 7, 9, 0))
    assert opening.days_until_opening(moment) == 0
    assert opening.days_until_opening(datetime(2026, 12, 6, 22, 30, tzinfo=UTC)) == 1  # 23:30 on Sunday: tomorrow


@pytest.mark.parametrize(("moment", "opens_utc"), [
    # Saturday night when the clocks go forward (29 March 2026): Monday 09:00 is 07:00 UTC in summer time.
    (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
    # Saturday night when they go back (25 October 2026): Monday 09:00 is 08:00 UTC in winter time.
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),
])
def test_an_opening_keeps_its_local_hour_across_the_change_of_clocks(moment, opens_utc):
    assert opening_at(HOURS, moment).opens_at == opens_utc


def test_a_desk_without_hours_is_not_locked_out():
    assert opening_at([], rome(2026, 12, 13, 3, 0)) == ALWAYS_OPEN
    assert opening_at([{"days": [], "opens": "09:00", "closes": "12:00"}], rome(2026, 12, 13, 3, 0)) == ALWAYS_OPEN


def test_someone_may_not_be_served_when_the_estimated_call_is_after_closing():
    now = rome(2026, 12, 7, 12, 0)
    opening = opening_at(HOURS, now)
    assert closing_before_call(opening, now, timedelta(minutes=30)) is None  # called at 12:30, just in time
    assert closing_before_call(opening, now, timedelta(minutes=35)) == rome(2026, 12, 7, 12, 30)
    assert closing_before_call(ALWAYS_OPEN, now, timedelta(hours=9)) is None
