"""The generated history the demo and the benchmark share: plausible, the same every time, and counted."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kiosk.demo import history, loader
from kiosk.demo.queue_loader import load_queue
from kiosk.extensions import db
from kiosk.queue.models import Ticket, TicketEvent
from kiosk.reports import queue
from kiosk.reports.period import Period, Scope
from kiosk.usage.models import UsageEvent

WEEK = Period(date(2026, 11, 2), date(2026, 11, 8))  # Monday to Sunday


def test_a_week_of_history_looks_like_the_desks(app):
    loader.load_demo(db.session)
    load_queue(db.session)
    db.session.commit()
    taken = history.load_history(db.session, WEEK.first, WEEK.last, per_day=40)
    db.session.commit()
    assert 600 < taken < 1000  # four desks, five weekdays, busier in La Spezia
    assert history.has_history(db.session, date(2026, 11, 9))
    codes = db.session.execute(select(Ticket.site_id, Ticket.day, Ticket.prefix, Ticket.number)).all()
    assert len(codes) == len(set(codes)) == taken
    assert not db.session.scalar(select(func.count()).where(Ticket.day > date(2026, 11, 6)))  # closed at weekends
    assert db.session.scalar(select(func.count()).where(TicketEvent.kind == "taken")) == taken
    assert db.session.scalar(select(func.count()).select_from(UsageEvent)) > taken
    counted = queue.tickets(db.session, Scope(), WEEK)
    assert counted.total == taken and counted.by_language["it"] > taken / 2
    assert 0.02 < counted.priority_share < 0.12 and counted.by_channel["kiosk"] > counted.by_channel["remote"]
    times = queue.times(db.session, Scope(("sarzana",)), WEEK)
    assert 0 < times.waiting.median < times.waiting.p90 and 0.01 < times.no_show_share < 0.12
    hours = queue.busiest_hours(db.session, Scope(), WEEK)
    assert max(hours, key=hours.get)[1] in (9, 10, 11) and all(hour in range(8, 18) for _day, hour in hours)


def test_the_history_is_the_same_every_time(app):
    loader.load_demo(db.session)
    load_queue(db.session)
    db.session.commit()
    history.load_history(db.session, WEEK.first, WEEK.first, per_day=10, seed=7)
    first = db.session.scalars(select(TicketEvent.uuid).order_by(TicketEvent.id)).all()
    db.session.rollback()
    history.load_history(db.session, WEEK.first, WEEK.first, per_day=10, seed=7)
    assert db.session.scalars(select(TicketEvent.uuid).order_by(TicketEvent.id)).all() == first
