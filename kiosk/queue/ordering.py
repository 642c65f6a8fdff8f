"""Who is called next, and how long a wait is: plain functions over plain values.

The rule: priority tickets first, but at most `max_priority_in_row` priority calls in a row while
others wait, so that nobody is starved; then first come, first served by the time a ticket joined the
line (kept across transfers). Among tickets close in line — taken within `language_window` of the first —
one in a language the counter's staff speak goes first, so the one person who needs Arabic is not
called to the one counter where nobody speaks it, while the delay any ticket can suffer stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


def calling_order(
    waiting: Iterable[Waiting],
    services: set[int],
    languages: set[str],
    priority_streak: int,
    rule: CallRule = DEFAULT_RULE,
) -> Iterator[Waiting]:
    """Yield the tickets of `services` in the order a counter calls them, each one counted as called in turn."""
    pending = [w for w in waiting if w.service_id in services]
    while pending:
        chosen = choose_next(pending, services, languages, priority_streak, rule)
        yield chosen
        pending.remove(chosen)
        priority_streak = priority_streak + 1 if chosen.priority else 0


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


@dataclass(frozen=True)
class Floor:
    """A desk's counters as the estimate sees them: the services each serves, which are open, who is busy."""

    serving: Mapping[int, frozenset[int]]  # counter id: the ids of the services it serves
    open: frozenset[int]  # the ids of the counters someone sits at and has not paused
    busy: tuple[tuple[int, int], ...] = ()  # (counter id, service id) of each ticket called or being served


def share_of_work(floor: Floor, service_id: int, ahead: Mapping[int, int],
                  usual: Callable[[int], timedelta]) -> timedelta:
    """Estimate a wait: the work ahead shared among the counters that will do it.

    The counters that serve the service (the open ones; before any opens, all of them) call from the lines of
    every service they serve, first come first served, so the work ahead is every waiting ticket ahead in those
    lines (`ahead`: service id to count), each at its service's usual time, counted for the share of its
    service these counters carry; a counter busy with someone has on average half a service left.
    """
    counters = list(floor.serving)
    active = [c for c in counters if c in floor.open] or counters
    pool = ([c for c in active if service_id in floor.serving[c]]
            or [c for c in counters if service_id in floor.serving[c]])
    if not pool:
        return timedelta(0)  # no counter serves it: nobody can say
    shared = frozenset().union(*(floor.serving[c] for c in pool))
    work = timedelta(0)
    for sid, count in ahead.items():
        if sid in shared and count:
            carriers = [c for c in active if sid in floor.serving[c]] or pool
            work += usual(sid) * count * sum(c in pool for c in carriers) / len(carriers)
    work += sum((usual(sid) / 2 for counter, sid in floor.busy if counter in pool), timedelta(0))
    return work / len(pool)
