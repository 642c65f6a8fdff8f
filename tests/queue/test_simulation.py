"""The simulated morning the demo and the benchmark run: everyone is served, in order, the same every time."""

from datetime import date, time

from sqlalchemy import func, select

from kiosk.demo import simulation
from kiosk.demo.queue_loader import load_queue
from kiosk.extensions import db
from kiosk.queue.models import Ticket, TicketEvent


def test_a_simulated_morning_serves_everyone_and_repeats_itself(make_site):
    sites = [make_site(slug=slug) for slug in ("la-spezia", "santo-stefano-di-magra", "sarzana", "vezzano-ligure")]
    load_queue(db.session)
    db.session.commit()
    here = sites[0]
    morning = simulation.Morning(day=date(2026, 11, 24), closes=time(10, 30), seed=7)
    outcomes = simulation.simulate(db.session, here, morning)
    tickets = db.session.scalars(select(Ticket).where(Ticket.site_id == here.id)).all()
    assert len(outcomes) == len(tickets) > 5
    assert {t.status for t in tickets} <= {"done", "no_show"}
    for service_id in {t.service_id for t in tickets}:
        numbers = sorted(t.number for t in tickets if t.service_id == service_id)
        assert numbers == list(range(1, len(numbers) + 1))
    assert all(o.actual.total_seconds() >= 0 and o.estimated.total_seconds() >= 0 for o in outcomes)
    # Every change is in the log: taken, called, and started and finished or a no-show.
    assert db.session.scalar(select(func.count(TicketEvent.id)).where(TicketEvent.kind == "called")) == len(tickets)
    # The same seed gives the same morning at another desk with the same services.
    other = simulation.simulate(db.session, sites[1], morning)
    again = simulation.simulate(db.session, sites[1], simulation.Morning(day=date(2026, 11, 23), closes=time(10, 30),
                                                                         seed=7))
    assert [o.code for o in other] == [o.code for o in again]


def test_the_demo_gets_yesterdays_morning_once_and_a_desk_without_counters_none(make_site):
    sites = [make_site(slug=slug) for slug in ("la-spezia", "santo-stefano-di-magra", "sarzana", "vezzano-ligure")]
    load_queue(db.session)
    empty = make_site(slug="nuova-sede")
    db.session.commit()
    small = sites[-1]
    assert simulation.load_yesterday(db.session, small, date(2026, 11, 25)) > 0
    assert simulation.load_yesterday(db.session, small, date(2026, 11, 25)) == 0
    assert {t.day for t in db.session.scalars(select(Ticket))} == {date(2026, 11, 24)}
    assert simulation.load_yesterday(db.session, empty, date(2026, 11, 25)) == 0
