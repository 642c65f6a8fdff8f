"""The days a desk is closed: the national holidays and the closures its admin adds, and what they make of its hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor, record
from kiosk.clock import local_day
from kiosk.network.holidays import national_holidays
from kiosk.network.models import Site, SiteClosure
from kiosk.queue import hours
from kiosk.validation import Invalid

UPCOMING_DAYS = 45  # how far ahead the kiosk's opening hours list the closures
LONGEST_CLOSURE = 366  # days: a longer one is a typing mistake, or a desk to deactivate


@dataclass(frozen=True)
class Closed:
    """A span of days a desk is closed, with why; `closure_id` is None for a national holiday."""

    starts: date
    ends: date
    reason: str  # a holiday's name is a lazy string, said in the page's language
    closure_id: int | None = None


def closed_days(session: Session, site_id: int, start: date, days: int = hours.HORIZON) -> dict[date, str]:
    """Return the days from `start` (for `days` days) on which a site is closed, as {day: reason}.

    A holiday's reason is its name as a lazy string, said in the language of the page that shows it.
    """
    end = start + timedelta(days=days - 1)
    closed = {day: name for year in range(start.year, end.year + 1)
              for day, name in national_holidays(year).items() if start <= day <= end}
    for closure in _closures(session, site_id, start, end):
        day = max(closure.starts, start)
        while day <= min(closure.ends, end):
            closed.setdefault(day, closure.reason)
            day += timedelta(days=1)
    return closed


def site_opening(session: Session, site: Site | None, now: datetime, always_open: bool = False) -> hours.Opening:
    """Say whether a site is open at a moment, with its holidays and closures; an inactive site is always closed."""
    if site is not None and not site.active:
        return hours.Opening(open=False)  # for good: no next opening to announce
    if always_open or site is None:
        return hours.ALWAYS_OPEN
    return hours.opening_at(site.opening_hours, now, closed_days(session, site.id, local_day(now)))


def upcoming(session: Session, site_id: int, today: date, days: int) -> list[Closed]:
    """Return a site's holidays and closures from today for a number of days, earliest first."""
    end = today + timedelta(days=days - 1)
    spans = [Closed(day, day, name) for year in range(today.year, end.year + 1)
             for day, name in national_holidays(year).items() if today <= day <= end]
    spans += [Closed(c.starts, c.ends, c.reason, c.id) for c in _closures(session, site_id, today, end)]
    return sorted(spans, key=lambda span: (span.starts, span.ends))


def add_closure(session: Session, site: Site, starts: str, ends: str, reason: str, actor: Actor,
                at: datetime) -> SiteClosure:
    """Close a site from one day to another (the same day for one), with a reason; raise Invalid on bad input."""
    errors = {}
    first, last = _day(starts), _day(ends) if ends.strip() else _day(starts)
    reason = reason.strip()
    if first is None:
        errors["starts"] = _l("Enter the first day as a date.")
    if last is None:
        errors["ends"] = _l("Enter the last day as a date, or leave it empty for a single day.")
    elif first is not None and last < first:
        errors["ends"] = _l("The last day cannot come before the first.")
    elif first is not None and (last - first).days >= LONGEST_CLOSURE:
        errors["ends"] = _l("A closure lasts a year at most; deactivate a desk that closes for good.")
    if not reason:
        errors["reason"] = _l("Say why the desk is closed: visitors read it.")
    elif len(reason) > 200:
        errors["reason"] = _l("Keep the reason under 200 characters.")
    if errors:
        raise Invalid(errors)
    closure = SiteClosure(site_id=site.id, starts=first, ends=last, reason=reason)
    session.add(closure)
    session.flush()
    record(session, actor, "closure.create", at, target_kind="site", target_id=site.id, target_label=site.name,
           changes={"closure": [None, _described(closure)]})
    return closure


def remove_closure(session: Session, site: Site, closure: SiteClosure, actor: Actor, at: datetime) -> None:
    """Remove a closure a site had (nothing refers to one), and log it."""
    record(session, actor, "closure.delete", at, target_kind="site", target_id=site.id, target_label=site.name,
           changes={"closure": [_described(closure), None]})
    session.delete(closure)
    session.flush()


def _closures(session: Session, site_id: int, start: date, end: date) -> list[SiteClosure]:
    return list(session.scalars(select(SiteClosure).where(
        SiteClosure.site_id == site_id, SiteClosure.ends >= start, SiteClosure.starts <= end,
    ).order_by(SiteClosure.starts)))


def _described(closure: SiteClosure) -> dict:
    return {"starts": closure.starts.isoformat(), "ends": closure.ends.isoformat(), "reason": closure.reason}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
