"""The event log folded into each ticket's figures, a little at a time, as the desks log and push it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.models import TicketEvent
from kiosk.reports import queue
from kiosk.reports.fold import fold
from kiosk.reports.models import TicketFigures
from kiosk.reports.period import Period, Scope
from tests.reports.conftest import known_log, local, ticket  # noqa: F401 - known_log is a fixture

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.both_databases
def test_a_ticket_is_folded_as_its_events_arrive(make_site, make_service):
    site = make_site(slug="sarzana")
    service = make_service(site)
    ticket("sarzana", service.id, "ro", "desk", True, [("taken", local(9, 9))])
    db.session.commit()
    assert queue.tickets(db.session, Scope(), NOVEMBER).by_channel["desk"] == 1
    assert queue.times(db.session, Scope(), NOVEMBER).waiting.count == 0
    db.session.commit()
    figures = db.session.get(TicketFigures, db.session.scalar(db.select(TicketFigures.ticket_uuid)))
    uuid = figures.ticket_uuid
    # The rest of its day arrives in a later batch.
    for kind, at in (("called", local(9, 9, 4)), ("started", local(9, 9, 5)), ("transferred", local(9, 9, 9)),
                     ("called", local(9, 9, 30)), ("started", local(9, 9, 31)), ("finished", local(9, 9, 50))):
        db.session.add(TicketEvent(ticket_uuid=uuid, site="sarzana", kind=kind, at=at,
                                   data={"service_id": service.id, "lang": "ro"}))
    db.session.commit()
    times = queue.times(db.session, Scope(), NOVEMBER)
    assert (times.waiting.median, times.service.median) == (240, 240)  # the first call; the first span, to transfer
    assert (figures.weekday, figures.hour, figures.priority, figures.lang) == (0, 9, True, "ro")
    assert fold(db.session) == 0  # nothing new: nothing read


@pytest.mark.both_databases
def test_events_of_a_ticket_taken_before_the_log_began_are_skipped(make_site, make_service):
    make_site(slug="sarzana")
    db.session.add(TicketEvent(ticket_uuid="0" * 36, site="sarzana", kind="called", at=local(9, 9), data={}))
    db.session.commit()
    assert fold(db.session) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(TicketFigures)) == 0


def test_tickets_served_through_the_queue_are_counted(make_site, make_service, make_counter, make_ticket, set_clock):
    site = make_site()
    service = make_service(site)
    counter = make_counter(site, services=[service])
    taken = local(16, 10)
    set_clock(taken)
    first = make_ticket(service, "uk", at=taken)
    second = make_ticket(service, "it", at=taken + timedelta(minutes=1))
    actions.call(db.session, first, counter, site.slug, taken + timedelta(minutes=3))
    actions.start(db.session, first, site.slug, taken + timedelta(minutes=4))
    actions.finish(db.session, first, site.slug, taken + timedelta(minutes=14))
    actions.call(db.session, second, counter, site.slug, taken + timedelta(minutes=15))
    actions.no_show(db.session, second, site.slug, taken + timedelta(minutes=18))
    db.session.commit()
    times = queue.times(db.session, Scope(("la-spezia",), "orientation"), NOVEMBER)
    assert times.waiting.count == 2 and times.waiting.median == pytest.approx((180 + 840) / 2)
    assert (times.service.count, times.service.median, times.no_shows) == (1, 600, 1)
    assert queue.busiest_hours(db.session, Scope(), NOVEMBER) == {(0, 10): 2}


@pytest.mark.both_databases
def test_a_hole_in_the_event_ids_waits_a_minute_for_a_late_commit(make_site, make_service):
    """Id 3 may belong to a transaction still committing: the fold waits before passing it, then goes on."""
    site = make_site(slug="sarzana")
    service = make_service(site)
    data = {"service_id": service.id, "lang": "it", "channel": "kiosk", "priority": False}
    for event_id, ticket_uuid in ((1, "a" * 36), (2, "b" * 36), (4, "c" * 36)):
        db.session.add(TicketEvent(id=event_id, ticket_uuid=ticket_uuid, site="sarzana", kind="taken",
                                   at=local(9, 9), data=data))
    db.session.commit()
    assert fold(db.session) == 2
    db.session.commit()
    late = db.session.scalar(db.select(TicketEvent).where(TicketEvent.id == 4))
    late.created_at = datetime.now(UTC) - timedelta(minutes=2)  # the hole is a rolled-back id after all
    db.session.commit()
    assert fold(db.session) == 1
    assert queue.tickets(db.session, Scope(("sarzana",)), NOVEMBER).total == 3


@pytest.mark.usefixtures("known_log")
def test_the_command_folds_again_from_the_start(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["kiosk", "reports"]).output == "28 ticket events folded into the reports' figures.\n"
    assert runner.invoke(args=["kiosk", "reports"]).output.startswith("0 ticket events")
    result = runner.invoke(args=["kiosk", "reports", "--again"])
    assert result.output.startswith("28 ticket events")
    assert queue.tickets(db.session, Scope(("sarzana",)), NOVEMBER).total == 6
