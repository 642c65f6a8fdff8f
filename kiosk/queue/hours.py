"""A desk's opening hours: whether it is open now, when it closes or opens again, and who may not be served today.

Plain functions of the site's weekly hours (`Site.opening_hours`), the days it is closed (national holidays and its
own closures, as {day: reason}) and an aware moment, in Europe/Rome local time: the day turns at local midnight and
an opening keeps its local hour whatever the season.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.clock import LOCAL_ZONE, local_day

WEEK = 7
HORIZON = 92  # days looked ahead for the next opening: a desk closed longer (a move) says only that it is closed
NO_CLOSURES: Mapping[date, str] = {}


@dataclass(frozen=True)
class Opening:
    """Whether a desk is open at a moment: open until `closes_at`, or closed until `opens_at` (None: no hours)."""

    open: bool
    closes_at: datetime | None = None  # open: the end of the present opening, local time
    opens_at: datetime | None = None  # closed: the start of the next opening, local time
    closed_for: object = ""  # closed all day today: why (a closure's reason, or a holiday's name as a lazy string)

    def days_until_opening(self, now: datetime) -> int | None:
        """Count the local days from a moment to the next opening: 0 today, 1 tomorrow."""
        if self.opens_at is None:
            return None
        return (self.opens_at.date() - local_day(now)).days


ALWAYS_OPEN = Opening(open=True)


def desk_opening(hours: list[dict] | None, now: datetime, always_open: bool = False,
                 closed: Mapping[date, str] = NO_CLOSURES) -> Opening:
    """Say whether a desk is open at a moment; `always_open` (KIOSK_ALWAYS_OPEN: demos, tests) keeps it open."""
    return ALWAYS_OPEN if always_open or hours is None else opening_at(hours, now, closed)


def openings_on(hours: list[dict], day: date) -> list[tuple[datetime, datetime]]:
    """Return a day's openings as local (opens, closes) moments, earliest first."""
    spans = []
    for slot in hours:
        if day.weekday() in slot["days"]:
            opens, closes = time.fromisoformat(slot["opens"]), time.fromisoformat(slot["closes"])
            spans.append((datetime.combine(day, opens, LOCAL_ZONE), datetime.combine(day, closes, LOCAL_ZONE)))
    return sorted(spans)


def opening_at(hours: list[dict], now: datetime, closed: Mapping[date, str] = NO_CLOSURES) -> Opening:
    """Say whether a desk with these weekly hours is open at a moment, and until or from when, skipping closed days.

    A desk with no hours recorded is taken as open (its staff decide, the kiosk does not lock them out), except on
    a day it is closed.
    """
    local = now.astimezone(LOCAL_ZONE)
    reason = closed.get(local.date(), "")
    if not any(slot["days"] for slot in hours or []):
        return Opening(open=False, closed_for=reason) if local.date() in closed else ALWAYS_OPEN
    for offset in range(HORIZON if closed else WEEK + 1):
        day = local.date() + timedelta(days=offset)
        if day in closed:
            continue
        for opens, closes in openings_on(hours, day):
            if opens <= local < closes:
                return Opening(open=True, closes_at=closes)
            if local < opens:
                return Opening(open=False, opens_at=opens, closed_for=reason)
    if closed:  # closed for longer than we look ahead
        return Opening(open=False, closed_for=reason)
    return ALWAYS_OPEN  # unreachable with any day in the hours; kept so a bad record never locks the desk


def closing_before_call(opening: Opening, now: datetime, estimate: timedelta) -> datetime | None:
    """Return the closing time when someone who waits `estimate` from `now` may not be called before it, else None."""
    if opening.closes_at is None or now.astimezone(UTC) + estimate <= opening.closes_at:  # in UTC: an hour is an hour
        return None
    return opening.closes_at
