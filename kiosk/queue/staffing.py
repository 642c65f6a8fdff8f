"""Sitting at a counter: opening it, pausing with a reason, resuming and closing it.

A counter is open while a receptionist sits there and has not paused; the estimated wait shares the
people ahead among the open counters of a service.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk.queue.models import Counter

PAUSE_REASONS = ("break", "phone", "back_office", "other")


def hold(session: Session, counter: Counter) -> None:
    """Hold a counter's row until the transaction ends (the database's write lock on SQLite), and read it afresh."""
    session.execute(update(Counter).where(Counter.id == counter.id).values(number=Counter.number)
                    .execution_options(synchronize_session=False))
    session.refresh(counter)


def open_counter(counter: Counter, user_id: int, now: datetime) -> Counter:
    """Sit at a counter: it is open, and whoever sat there before leaves it."""
    if counter.staffed_by_id != user_id:
        counter.staffed_by_id, counter.opened_at = user_id, now
    counter.paused_at, counter.pause_reason = None, ""
    return counter


def pause(counter: Counter, reason: str, now: datetime) -> Counter:
    """Pause a counter for a reason (a break, a phone call, back-office work...); pausing twice changes nothing."""
    if reason not in PAUSE_REASONS:
        raise ValueError(f"unknown pause reason {reason!r}")
    if counter.paused_at is None:
        counter.paused_at, counter.pause_reason = now, reason
    return counter


def resume(counter: Counter) -> Counter:
    """Take calls again after a pause."""
    counter.paused_at, counter.pause_reason = None, ""
    return counter


def close(counter: Counter) -> Counter:
    """Leave a counter: it is closed until someone sits there again."""
    counter.staffed_by_id = counter.opened_at = counter.paused_at = None
    counter.pause_reason = ""
    return counter
