"""A site's weekly opening hours as the back-office form shows them: up to two ranges a day, checked and stored."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

DAYS = range(7)  # Monday is 0, as `date.weekday()`
RANGES = range(2)  # e.g. 09:00–12:30 and 14:30–16:30
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def field(day: int, span: int, end: str) -> str:
    """Return the form field's name of one end ("opens" or "closes") of a day's range."""
    return f"hours-{day}-{span}-{end}"


def week_form(hours: list[dict] | None) -> dict[str, str]:
    """Return stored hours as the form's values, {field name: "HH:MM"}, each day's ranges earliest first."""
    by_day: dict[int, list[tuple[str, str]]] = {}
    for slot in hours or []:
        for day in slot["days"]:
            by_day.setdefault(day, []).append((slot["opens"], slot["closes"]))
    values = {}
    for day, spans in by_day.items():
        for span, (opens, closes) in enumerate(sorted(spans)[:len(RANGES)]):
            values[field(day, span, "opens")], values[field(day, span, "closes")] = opens, closes
    return values


def parse_week(values: Mapping[str, str]) -> tuple[list[dict], dict[str, object]]:
    """Return the hours the form gives, as stored, and the messages of the days that are wrong ({"hours-N": ...})."""
    errors, per_day = {}, {}
    for day in DAYS:
        spans, problem = _day_spans(values, day)
        if problem is not None:
            errors[f"hours-{day}"] = problem
        per_day[day] = spans
    return _stored(per_day), errors


def _day_spans(values: Mapping[str, str], day: int) -> tuple[list[tuple[str, str]], object | None]:
    spans = []
    for span in RANGES:
        opens = str(values.get(field(day, span, "opens")) or "").strip()
        closes = str(values.get(field(day, span, "closes")) or "").strip()
        if not opens and not closes:
            continue
        if not opens or not closes:
            return [], _l("Give both the opening and the closing time, or neither.")
        if not TIME.match(opens) or not TIME.match(closes):
            return [], _l("Write times as hours and minutes, e.g. 09:00.")
        if opens >= closes:  # "HH:MM" strings sort as the times they name
            return [], _l("The desk must open before it closes.")
        spans.append((opens, closes))
    spans.sort()
    if len(spans) == 2 and spans[0][1] > spans[1][0]:
        return [], _l("The two opening times of a day overlap.")
    return spans, None


def _stored(per_day: dict[int, list[tuple[str, str]]]) -> list[dict]:
    """Group the days that share a range, as `Site.opening_hours` keeps them."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for day, spans in per_day.items():
        for span in spans:
            grouped.setdefault(span, []).append(day)
    return [{"days": days, "opens": opens, "closes": closes} for (opens, closes), days in sorted(grouped.items())]
