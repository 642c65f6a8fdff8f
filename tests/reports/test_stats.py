"""Percentiles as PostgreSQL's percentile_cont gives them, and the report periods."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk.reports.period import Period, preset
from kiosk.reports.stats import Durations, percentile, percentile_of_counts


def test_percentile_interpolates_between_neighbours():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46)
    assert percentile([7], 0.9) == 7
    assert percentile([], 0.5) is None


def test_counted_values_give_the_same_percentiles_as_the_values_themselves():
    values = [60, 60, 60, 120, 300, 300, 900]
    counted = [(60, 3), (120, 1), (300, 2), (900, 1)]
    for fraction in (0, 0.25, 0.5, 0.9, 1):
        assert percentile_of_counts(counted, fraction) == pytest.approx(percentile(values, fraction))
    assert percentile_of_counts([], 0.5) is None


def test_durations_sort_what_they_are_given():
    assert Durations.of([300, 60, 180]) == Durations(3, 180, pytest.approx(276))


@pytest.mark.parametrize("name, first, last", [
    ("last_month", date(2026, 2, 1), date(2026, 2, 28)),
    ("this_month", date(2026, 3, 1), date(2026, 3, 15)),
    ("last_7_days", date(2026, 3, 9), date(2026, 3, 15)),
    ("this_year", date(2026, 1, 1), date(2026, 3, 15)),
])
def test_presets(name, first, last):
    assert preset(name, date(2026, 3, 15)) == Period(first, last)


def test_last_month_in_january_is_last_december():
    assert preset("last_month", date(2027, 1, 10)) == Period(date(2026, 12, 1), date(2026, 12, 31))


def test_bounds_are_local_midnights_in_utc_across_a_clock_change():
    start, end = Period(date(2026, 3, 29), date(2026, 10, 25)).bounds()
    assert start == datetime(2026, 3, 28, 23, tzinfo=UTC)  # still winter time at midnight
    assert end == datetime(2026, 10, 25, 23, tzinfo=UTC)  # winter time again
