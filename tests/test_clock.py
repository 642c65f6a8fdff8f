"""The desks' local time: a ticket's day is the day in Rome, whatever zone a moment is given in."""

from datetime import UTC, date, datetime

from kiosk import clock


def test_a_moment_belongs_to_its_day_in_rome():
    assert clock.local_day(datetime(2026, 12, 4, 23, 30, tzinfo=UTC)) == date(2026, 12, 5)  # 00:30 in Rome
    assert clock.local_day(datetime(2026, 7, 4, 21, 59, tzinfo=UTC)) == date(2026, 7, 4)  # 23:59 in summer time
