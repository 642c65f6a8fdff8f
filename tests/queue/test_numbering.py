"""Ticket numbers per site, service and local day: never duplicated or skipped, even under concurrent issue."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kiosk.extensions import db
from kiosk.queue import taking
from kiosk.queue.issuing import take_ticket
from kiosk.queue.models import Ticket, TicketEvent

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def services(make_site, make_service):
    site = make_site()
    return {prefix: taking.service_ref(make_service(site, prefix, slug), site)
            for prefix, slug in (("A", "orientation"), ("B", "cv-help"))}


def test_numbers_count_per_service_and_show_with_the_prefix(services):
    now = datetime(2026, 11, 25, 9, 0, tzinfo=ROME)
    tickets = [take_ticket(db.session, services[p], "ar", now) for p in "AABAB"]
    db.session.commit()
    assert [t.code for t in tickets] == ["A001", "A002", "B001", "A003", "B002"]
    events = db.session.scalars(select(TicketEvent).order_by(TicketEvent.id)).all()
    assert [(e.kind, e.data["number"]) for e in events] == [
        ("taken", 1), ("taken", 2), ("taken", 1), ("taken", 3), ("taken", 2)]
    assert len({e.uuid for e in events}) == 5 and len({t.token for t in tickets}) == 5


def test_the_day_turns_at_midnight_in_rome_daylight_saving_included(services):
    # 25 October 2026: clocks go back at 03:00 in Rome; 23:59 and 00:01 local straddle the turn of the day.
    late = datetime(2026, 10, 24, 23, 59, tzinfo=ROME)
    first = take_ticket(db.session, services["A"], "it", late)
    after_midnight = take_ticket(db.session, services["A"], "it", late + timedelta(minutes=2))
    # 22:30 UTC is already past midnight in Rome in summer time (UTC+2).
    utc_evening = take_ticket(db.session, services["A"], "it", datetime(2026, 3, 29, 22, 30, tzinfo=ZoneInfo("UTC")))
    db.session.commit()
    assert (first.day.isoformat(), first.number) == ("2026-10-24", 1)
    assert (after_midnight.day.isoformat(), after_midnight.number) == ("2026-10-25", 1)
    assert (utc_evening.day.isoformat(), utc_evening.number) == ("2026-03-30", 1)


@pytest.mark.both_databases
def test_fifty_concurrent_issues_give_one_to_fifty(app, services):
    engine = db.engine
    now = datetime(2026, 11, 25, 10, 0, tzinfo=ROME)
    start = threading.Barrier(50)
    failures: list[BaseException] = []

    def issue():
        start.wait()
        for attempt in range(20):
            try:
                with Session(engine) as session:
                    take_ticket(session, services["B"], "uk", now)
                    session.commit()
                return
            except OperationalError as error:  # SQLite busy beyond its timeout: try again, never skip
                if attempt == 19:
                    failures.append(error)

    threads = [threading.Thread(target=issue) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    numbers = sorted(db.session.scalars(select(Ticket.number).where(Ticket.service_id == services["B"].id)))
    assert numbers == list(range(1, 51))
