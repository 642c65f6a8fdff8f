"""The feedback report: ratings counted per desk and service, and the reasons, over a period's days."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.extensions import db
from kiosk.feedback.models import Rating
from kiosk.reports.feedback import ratings
from kiosk.reports.period import Period, Scope

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def rated(make_site, make_service):
    """Ratings at Sarzana (orientation, CV help) and La Spezia, in November and just outside it."""
    spezia = make_site()
    sarzana = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    orientation, cv = make_service(sarzana, "A", "orientation"), make_service(sarzana, "B", "cv-help")
    spezia_orientation = make_service(spezia, "A", "orientation")
    for site, service, day, face, reason in (
            ("sarzana", orientation, 2, "good", "staff_helpful"), ("sarzana", orientation, 2, "good", ""),
            ("sarzana", orientation, 3, "bad", "waited_too_long"), ("sarzana", orientation, 30, "so_so", ""),
            ("sarzana", cv, 4, "bad", "waited_too_long"), ("la-spezia", spezia_orientation, 5, "good", "found_it")):
        db.session.add(Rating(site=site, service_id=service.id, day=date(2026, 11, day), face=face, reason=reason,
                              channel="phone"))
    for day in (date(2026, 10, 31), date(2026, 12, 1)):
        db.session.add(Rating(site="sarzana", service_id=orientation.id, day=day, face="bad", channel="kiosk"))
    db.session.commit()
    return {"orientation": orientation, "cv": cv, "spezia": spezia_orientation}


@pytest.mark.both_databases
def test_ratings_are_counted_per_desk_and_service_within_the_period(rated):
    counted = ratings(db.session, Scope(), NOVEMBER)
    assert counted.by_service == {
        ("la-spezia", rated["spezia"].id): {"good": 1, "so_so": 0, "bad": 0},
        ("sarzana", rated["orientation"].id): {"good": 2, "so_so": 1, "bad": 1},
        ("sarzana", rated["cv"].id): {"good": 0, "so_so": 0, "bad": 1},
    }
    assert counted.totals == {"good": 3, "so_so": 1, "bad": 2} and counted.count == 6
    assert counted.by_reason == {"waited_too_long": {"good": 0, "so_so": 0, "bad": 2},
                                 "found_it": {"good": 1, "so_so": 0, "bad": 0},
                                 "staff_helpful": {"good": 1, "so_so": 0, "bad": 0}}


@pytest.mark.both_databases
def test_the_scope_narrows_to_a_desk_and_a_service(rated):
    at_sarzana = ratings(db.session, Scope(sites=("sarzana",)), NOVEMBER)
    assert at_sarzana.count == 5 and ("la-spezia", rated["spezia"].id) not in at_sarzana.by_service
    orientation = ratings(db.session, Scope(service="orientation"), NOVEMBER)
    assert orientation.count == 5 and set(orientation.by_service) == {("sarzana", rated["orientation"].id),
                                                                      ("la-spezia", rated["spezia"].id)}
    assert ratings(db.session, Scope(service="nothing"), NOVEMBER).count == 0
    one_day = ratings(db.session, Scope(), Period(date(2026, 12, 1), date(2026, 12, 1)))
    assert one_day.totals == {"good": 0, "so_so": 0, "bad": 1}
