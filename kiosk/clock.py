"""The desks' local time: days turn at midnight in Europe/Rome."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Rome")


def now() -> datetime:
    """Return the current time in Europe/Rome."""
    return datetime.now(LOCAL_ZONE)


def today() -> date:
    """Return the current local date in Europe/Rome."""
    return now().date()


def local_day(moment: datetime) -> date:
    """Return the local date (Europe/Rome) of a moment given in any zone: the day a ticket belongs to."""
    return moment.astimezone(LOCAL_ZONE).date()
