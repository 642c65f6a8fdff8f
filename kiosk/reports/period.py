"""The period and the scope a report covers: local dates (Europe/Rome), sites and a service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.clock import LOCAL_ZONE

PRESETS = ("last_month", "this_month", "last_7_days", "this_year")
LONGEST = timedelta(days=3 * 366)  # a longer period is refused: it says nothing a year does not


@dataclass(frozen=True)
class Period:
    """From one local date to another, both included."""

    first: date
    last: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Return the period's start and end (exclusive) as UTC moments: local midnights, whatever the offset."""
        start = datetime.combine(self.first, time(0), LOCAL_ZONE)
        end = datetime.combine(self.last + timedelta(days=1), time(0), LOCAL_ZONE)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def too_long(self) -> bool:
        return self.last - self.first > LONGEST


@dataclass(frozen=True)
class Scope:
    """Which desks (slugs; none: every desk) and which service (a slug; None: every service)."""

    sites: tuple[str, ...] = ()
    service: str | None = None


def preset(name: str, today: date) -> Period:
    """Return a named period as seen on a local day: last month, this month, the last 7 days, this year."""
    if name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last)
    if name == "this_month":
        return Period(today.replace(day=1), today)
    if name == "last_7_days":
        return Period(today - timedelta(days=6), today)
    if name == "this_year":
        return Period(today.replace(month=1, day=1), today)
    raise ValueError(f"unknown period {name!r}")
