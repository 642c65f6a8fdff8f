"""A ticket's life at the counter, and actions that cannot happen twice."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import TicketEvent

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def desk(make_site, make_service, make_counter):
    site = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    cv, rights = make_service(site, "B", "cv-help", "CV"), make_service(site, "F", "rights", "Diritti")
    return site, cv, rights, make_counter(site, 2, [cv, rights], ["it", "ar"])


def take(desk, minutes=0):
    site, cv, _rights, _counter = desk
    service = ServiceRef(cv.id, site.id, site.slug, cv.prefix)
    return take_ticket(db.session, service, "ar", NOW + timedelta(minutes=minutes))


def kinds(ticket):
    return [e.kind for e in db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_uuid == ticket.uuid).order_by(TicketEvent.id))]


def test_a_ticket_from_waiting_to_done(desk):
    site, _cv, _rights, counter = desk
    ticket = take(desk)
    actions.call(db.session, ticket, counter, site.slug, NOW + timedelta(minutes=5))
    actions.recall(db.session, ticket, site.slug, NOW + timedelta(minutes=6))
    actions.start(db.session, ticket, site.slug, NOW + timedelta(minutes=7))
    actions.finish(db.session, ticket, site.slug, NOW + timedelta(minutes=19))
    db.session.commit()
    assert ticket.status == "done" and ticket.counter_id == counter.id
    assert kinds(ticket) == ["taken", "called", "recalled", "started", "finished"]
    called = db.session.scalars(select(TicketEvent).where(TicketEvent.kind == "called")).one()
    assert called.data["counter"] == 2 and called.data["lang"] == "ar"
    assert called.data["priority"] is False  # what the priority streak is counted from


def test_nothing_happens_twice(desk):
    site, _cv, _rights, counter = desk
    ticket = take(desk)
    actions.call(db.session, ticket, counter, site.slug, NOW)
    with pytest.raises(actions.NotAllowed):
        actions.call(db.session, ticket, counter, site.slug, NOW)  # a double click on "call"
    actions.no_show(db.session, ticket, site.slug, NOW)
    for action in (actions.start, actions.finish, actions.no_show, actions.cancel, actions.recall):
        with pytest.raises(actions.NotAllowed):
            action(db.session, ticket, site.slug, NOW)
    db.session.commit()
    assert kinds(ticket) == ["taken", "called", "no_show"]


def test_a_transfer_keeps_the_code_and_the_place_in_line(desk):
    site, cv, rights, counter = desk
    ticket = take(desk)
    actions.call(db.session, ticket, counter, site.slug, NOW + timedelta(minutes=3))
    actions.transfer(db.session, ticket, rights, site.slug, NOW + timedelta(minutes=9))
    db.session.commit()
    assert (ticket.service_id, ticket.status, ticket.code, ticket.queued_at) == (rights.id, "waiting", "B001", NOW)
    assert ticket.counter_id is None
    actions.call(db.session, ticket, counter, site.slug, NOW + timedelta(minutes=30))
    with pytest.raises(ValueError):
        actions.transfer(db.session, ticket, rights, site.slug, NOW)  # already there


def test_the_holder_can_cancel_only_while_waiting(desk):
    site, _cv, _rights, counter = desk
    ticket = take(desk)
    actions.cancel(db.session, ticket, site.slug, NOW)
    with pytest.raises(actions.NotAllowed):
        actions.call(db.session, ticket, counter, site.slug, NOW)
    assert ticket.status == "cancelled"


@pytest.mark.both_databases
def test_a_holder_cannot_cancel_a_ticket_a_counter_has_just_called(desk):
    site, _cv, _rights, counter = desk
    ticket = take(desk)
    db.session.commit()
    stale = ticket.status  # the phone's page still says waiting
    with db.engine.begin() as other:  # the counter, in another process, calls it first
        other.execute(sa.text("UPDATE ticket SET status = 'called', counter_id = :c WHERE id = :t"),
                      {"c": counter.id, "t": ticket.id})
    assert stale == "waiting" and ticket.status == "waiting"
    with pytest.raises(actions.NotAllowed):
        actions.cancel(db.session, ticket, site.slug, NOW)
    db.session.commit()
    assert ticket.status == "called"
    kinds = db.session.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_uuid == ticket.uuid)).all()
    assert "cancelled" not in kinds


@pytest.mark.both_databases
def test_a_finish_that_another_request_made_first_is_not_made_twice(desk):
    site, _cv, _rights, counter = desk
    ticket = take(desk)
    actions.call(db.session, ticket, counter, site.slug, NOW)
    actions.start(db.session, ticket, site.slug, NOW + timedelta(minutes=1))
    db.session.commit()
    with db.engine.begin() as other:  # a second click, in another request, finished it a moment ago
        other.execute(sa.text("UPDATE ticket SET status = 'done' WHERE id = :t"), {"t": ticket.id})
    assert ticket.status == "serving"  # this request still sees it being served
    with pytest.raises(actions.NotAllowed):
        actions.finish(db.session, ticket, site.slug, NOW + timedelta(minutes=9))
    with pytest.raises(actions.NotAllowed):
        actions.transfer(db.session, ticket, _rights, site.slug, NOW + timedelta(minutes=9))
    db.session.commit()
    kinds = db.session.scalars(select(TicketEvent.kind).where(TicketEvent.ticket_uuid == ticket.uuid)).all()
    assert kinds == ["taken", "called", "started"] and ticket.status == "done"
