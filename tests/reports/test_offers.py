"""The offers' use on a log whose answers are known, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.extensions import db
from kiosk.reports.offers import offer_use
from kiosk.reports.period import Period, Scope

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.both_databases
def test_uses_are_counted_by_offer_kind_and_language(known_log):
    used = offer_use(db.session, Scope(("sarzana",)), NOVEMBER)
    assert used.totals == {"view": 5, "print": 1, "phone": 1, "sheet": 0}
    assert used.by_offer_kind == {"": {"view": 1, "print": 0, "phone": 0, "sheet": 0},
                                  "course": {"view": 1, "print": 0, "phone": 1, "sheet": 0},
                                  "job": {"view": 3, "print": 1, "phone": 0, "sheet": 0}}
    assert used.by_language == {"it": {"view": 3, "print": 1, "phone": 1, "sheet": 0},
                                "ar": {"view": 2, "print": 0, "phone": 0, "sheet": 0}}


@pytest.mark.both_databases
def test_every_desk_adds_la_spezia(known_log):
    assert offer_use(db.session, Scope(), NOVEMBER).totals["view"] == 6
