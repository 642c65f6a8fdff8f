"""What a newcomer sees of a desk's services: names in their language, how many wait, the estimated wait."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Service
from kiosk.queue.services import in_display_order, service_lines, service_text, site_services

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def services(make_site, make_service, make_counter):
    site = make_site()
    cv = make_service(site, "B", "cv-help", position=2, texts={
        "it": {"name": "Aiuto CV", "description": "Scrivere il curriculum"},
        "ar": {"name": "المساعدة في السيرة الذاتية"}})
    orientation = make_service(site, "A", position=1, texts={
        "it": {"name": "Orientamento", "description": "Capire da dove partire"}})
    make_service(site, "Z", "old", "Chiuso", active=False)
    make_counter(site, 1, [cv, orientation])
    return site, cv, orientation


def test_a_service_speaks_the_visitors_language_and_falls_back_to_italian(services):
    _site, cv, _orientation = services
    assert service_text(cv, "ar") == {"name": "المساعدة في السيرة الذاتية",
                                      "description": "Scrivere il curriculum"}
    assert service_text(cv, "uk") == {"name": "Aiuto CV", "description": "Scrivere il curriculum"}


def test_services_are_listed_by_position_then_letter(services):
    site, cv, orientation = services
    later = Service(site_id=site.id, slug="late", prefix="C", position=2)
    assert in_display_order([later, cv, orientation]) == [orientation, cv, later]
    assert site_services(db.session, site.id) == [orientation, cv]  # the closed one is not listed


@pytest.mark.both_databases
def test_the_lines_count_todays_waiting_tickets_in_display_order(services):
    site, cv, orientation = services
    ref = ServiceRef(cv.id, site.id, site.slug, "B")
    yesterday = take_ticket(db.session, ref, "it", NOW - timedelta(days=1))
    first, second, third = (take_ticket(db.session, ref, "it", NOW + timedelta(minutes=m)) for m in range(3))
    actions.cancel(db.session, third, site.slug, NOW + timedelta(minutes=5))
    db.session.commit()
    lines = service_lines(db.session, site.id, NOW.date(), "it")
    assert [(item.service.slug, item.name, item.waiting) for item in lines] == [
        ("orientation", "Orientamento", 0), ("cv-help", "Aiuto CV", 2)]
    # One counter serves both services, first come first served: a newcomer for either waits for the two CV tickets.
    assert [item.estimate for item in lines] == [timedelta(minutes=20), timedelta(minutes=20)]
    assert yesterday.status == "waiting" and {first.status, second.status} == {"waiting"}
