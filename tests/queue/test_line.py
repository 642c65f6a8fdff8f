"""The line at a desk: calling next from the database, people ahead and the estimated wait."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.queue import actions, line, taking
from kiosk.queue.issuing import take_ticket
from kiosk.queue.models import TicketEvent
from kiosk.queue.services import service_lines

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def desk(make_site, make_service, make_counter):
    site = make_site()
    orientation = make_service(site, "A", name="Orientamento")
    one, two = make_counter(site, 1, [orientation]), make_counter(site, 2, [orientation], ["it", "ar"])
    return site, taking.service_ref(orientation, site), one, two


def take(ref, minutes, **kw):
    return take_ticket(db.session, ref, kw.pop("lang", "it"), NOW + timedelta(minutes=minutes), **kw)


@pytest.mark.both_databases
def test_call_next_follows_the_rule_and_logs_the_call(desk):
    site, ref, one, two = desk
    first, second, urgent = take(ref, 0), take(ref, 1), take(ref, 2, priority=True)
    db.session.commit()
    called = [line.call_next(db.session, one, site.slug, NOW + timedelta(minutes=m)) for m in (10, 11, 12)]
    db.session.commit()
    assert [t.code for t in called] == [urgent.code, first.code, second.code]
    assert line.call_next(db.session, two, site.slug, NOW + timedelta(minutes=13)) is None
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.kind == "called")).all()
    assert [e.data["priority"] for e in events] == [True, False, False]


@pytest.mark.both_databases
def test_two_counters_never_call_the_same_ticket(desk):
    site, ref, one, two = desk
    take(ref, 0)
    db.session.commit()
    got = line.call_next(db.session, one, site.slug, NOW)
    # The second counter still sees the ticket in its (stale) view of the line, and must not get it.
    assert line.call_next(db.session, two, site.slug, NOW) is None
    db.session.commit()
    assert got.status == "called" and got.counter_id == one.id


def test_people_ahead_and_the_estimated_wait(desk):
    site, ref, one, _two = desk
    a, b, c = take(ref, 0), take(ref, 1), take(ref, 2)
    urgent = take(ref, 3, priority=True)
    db.session.commit()
    assert [line.wait_for(db.session, t)[0] for t in (a, b, c, urgent)] == [1, 2, 3, 0]
    ahead, wait = line.wait_for(db.session, c)
    assert ahead == 3 and wait == timedelta(minutes=15)  # 3 ahead, 2 counters, 10 minutes each by default
    served = line.call_next(db.session, one, site.slug, NOW + timedelta(minutes=5))
    actions.start(db.session, served, site.slug, NOW + timedelta(minutes=6))
    actions.finish(db.session, served, site.slug, NOW + timedelta(minutes=36))  # a long one: 30 minutes
    db.session.commit()
    assert line.service_time(db.session, site.id, ref.id) > timedelta(minutes=10)


@pytest.mark.both_databases
def test_the_estimate_counts_the_other_services_a_shared_counter_calls_first(make_site, make_service,
                                                                              make_counter):
    site = make_site()
    a, b = make_service(site, "A", name="Orientamento"), make_service(site, "B", "cv-help", "CV")
    both, _only_b = make_counter(site, 1, [a, b]), make_counter(site, 2, [b])
    cv = take(taking.service_ref(b, site), 0)
    mine = take(taking.service_ref(a, site), 1)
    db.session.commit()
    # Only counter 1 serves A; the CV ticket ahead goes to counter 1 or 2: half of its ten minutes falls on mine.
    assert line.wait_for(db.session, mine) == (0, timedelta(minutes=5))
    actions.call(db.session, cv, both, site.slug, NOW + timedelta(minutes=2))
    db.session.commit()
    # Counter 1 is now busy with it: on average half a service is left.
    assert line.wait_for(db.session, mine) == (0, timedelta(minutes=5))
    actions.start(db.session, cv, site.slug, NOW + timedelta(minutes=3))
    actions.finish(db.session, cv, site.slug, NOW + timedelta(minutes=13))
    db.session.commit()
    assert line.wait_for(db.session, mine) == (0, timedelta(0))
    # A newcomer for A, as the service tiles say: mine is ahead now, at counter 1 alone.
    tiles = {tile.service.id: tile.estimate for tile in service_lines(db.session, site.id, mine.day, "it")}
    assert tiles == {a.id: timedelta(minutes=10), b.id: timedelta(minutes=5)}


def test_the_priority_limit_counts_each_counters_own_calls(desk):
    site, ref, one, two = desk
    for minute in range(3):
        take(ref, minute, priority=True)
    ordinary, urgent = take(ref, 5), take(ref, 6, priority=True)
    db.session.commit()
    # Counter 2 calls three priority tickets in a row: its next would be the ordinary one...
    assert [line.call_next(db.session, two, site.slug, NOW + timedelta(minutes=10 + m)).priority
            for m in range(3)] == [True, True, True]
    # ...but counter 1 has called nobody yet: a priority ticket still goes first there.
    assert line.call_next(db.session, one, site.slug, NOW + timedelta(minutes=20)).code == urgent.code
    assert line.call_next(db.session, two, site.slug, NOW + timedelta(minutes=21)).code == ordinary.code
