"""The Italian national holidays, on which every desk is closed: fixed dates and Easter Monday."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l

# (month, day): name. Each desk also closes on its patron saint's day, which its admin adds as a closure.
FIXED = {
    (1, 1): _l("New Year's Day"),
    (1, 6): _l("Epiphany"),
    (4, 25): _l("Liberation Day"),
    (5, 1): _l("Labour Day"),
    (6, 2): _l("Republic Day"),
    (8, 15): _l("Assumption Day (Ferragosto)"),
    (11, 1): _l("All Saints' Day"),
    (12, 8): _l("Immaculate Conception"),
    (12, 25): _l("Christmas Day"),
    (12, 26): _l("St Stephen's Day"),
}
EASTER_MONDAY = _l("Easter Monday")


def easter_sunday(year: int) -> date:
    """Return the date of (Western) Easter Sunday in a year, by the anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def national_holidays(year: int) -> dict[date, object]:
    """Return a year's national holidays as {day: name}, the name a lazy string said in the page's language."""
    days = {date(year, month, day): name for (month, day), name in FIXED.items()}
    days[easter_sunday(year) + timedelta(days=1)] = EASTER_MONDAY
    return dict(sorted(days.items()))


def holiday_on(day: date) -> object | None:
    """Return the name of the national holiday on a day, or None."""
    return national_holidays(day.year).get(day)
