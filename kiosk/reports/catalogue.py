"""The reports the back office offers: each one's name, its figures, and its table for CSV and the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.reports import feedback, offers, queue


@dataclass(frozen=True)
class Report:
    """A report by name, and the function that computes its figures."""

    name: str  # in URLs and file names
    figures: Callable  # (session, scope, period) → the report's figures


REPORTS = {report.name: report for report in (
    Report("tickets", queue.tickets),
    Report("times", queue.times),
    Report("hours", queue.busiest_hours),
    Report("offers", offers.offer_use),
    Report("feedback", feedback.ratings),
)}
