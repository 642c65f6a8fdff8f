"""Who is called next, and how long a wait is: plain functions over plain values.

The rule: priority tickets first, but at most `max_priority_in_row` priority calls in a row while
others wait, so that nobody is starved; then first come, first served by the time a ticket joined the
line (kept across transfers). Among tickets close in line — taken within `language_window` of the first —
one in a language the counter's staff speak goes first, so the one person who needs Arabic is not
called to the one counter where nobody speaks it, while the delay any ticket can suffer stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the ordering sees it."""

    id: int
    service_id: int
    priority: bool
    queued_at: datetime
    lang: str


@dataclass(frozen=True)
class CallRule:
    """How the next ticket is chosen; a desk may tune both numbers."""

    max_priority_in_row: int = 3
    language_window: timedelta = timedelta(minutes=3)


DEFAULT_RULE = CallRule()


def rule_from_settings(settings: Mapping) -> CallRule:
    """Return the call rule a desk's settings ask for (KIOSK_PRIORITY_IN_ROW, KIOSK_LANGUAGE_WINDOW_MINUTES)."""
    return CallRule(
        max_priority_in_row=settings.get("KIOSK_PRIORITY_IN_ROW", DEFAULT_RULE.max_priority_in_row),
        language_window=timedelta(minutes=settings.get("KIOSK_LANGUAGE_WINDOW_MINUTES",
                                                       DEFAULT_RULE.language_window.total_seconds() / 60)),
    )


def choose_next(
    waiting: Iterable[Waiting],
    services: set[int],
    languages: set[str],
    priority_streak: int,
    rule: CallRule = DEFAULT_RULE,
) -> Waiting | None:
    """Return the ticket a counter serving `services`, whose staff speak `languages`, calls next."""
    line = sorted((w for w in waiting if w.service_id in services), key=lambda w: (w.queued_at, w.id))
    if not line:
        return None
    priority = [w for w in line if w.priority]
    ordinary = [w for w in line if not w.priority]
    priority_turn = bool(priority) and (not ordinary or priority_streak < rule.max_priority_in_row)
    pool = priority if priority_turn else ordinary
    first = pool[0]
    close = [w for w in pool if w.queued_at - first.queued_at <= rule.language_window]
    return next((w for w in close if w.lang in languages), first)


def priority_streak(recent_calls: Sequence[bool]) -> int:
    """Count the priority calls at the end of a list of calls (oldest first, True for priority)."""
    streak = 0
    for was_priority in reversed(recent_calls):
        if not was_priority:
            break
        streak += 1
    return streak


DEFAULT_SERVICE_TIME = timedelta(minutes=10)


def mean_service_time(durations: Sequence[timedelta], default: timedelta = DEFAULT_SERVICE_TIME,
                      weight: float = 0.2) -> timedelta:
    """Return a moving figure of how long serving takes: the default, moved towards each observed time in turn."""
    seconds = default.total_seconds()
    for duration in durations:
        seconds += weight * (duration.total_seconds() - seconds)
    return timedelta(seconds=seconds)
