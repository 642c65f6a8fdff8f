"""A desk's push: its events reach central once each, in its order, whatever is sent twice, late or not at all."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.queue.models import Ticket, TicketEvent
from kiosk.reports import queue as queue_report
from kiosk.reports.period import Period, Scope
from kiosk.sync import push, tokens
from kiosk.sync.client import Refused
from kiosk.sync.models import DeskLink, DeskSync, Inbox, Outbox
from kiosk.usage.models import UsageEvent
from tests.sync.conftest import at_desk
from tests.sync.network import central_rows, copy_to_desk, serve, take, viewed


@pytest.fixture
def counter_and_service(central, site, make_service, make_counter, desk):
    """La Spezia's service A and counter 1, at central and (as pulled) at the desk."""
    service = make_service(site, "A")
    counter = make_counter(site, 1, [service])
    copy_to_desk(desk, site, service, counter)
    return counter, service


def desk_batches(desk_app, size: int) -> list[dict]:
    """Return the desk's outbox as the bodies the push would send, `size` events each."""
    with at_desk(desk_app) as session:
        rows = list(session.scalars(sa.select(Outbox).order_by(Outbox.seq)))
        return [{"site": "la-spezia", "events": push.batch(session, rows[start:start + size])}
                for start in range(0, len(rows), size)]


def desk_events(desk_app) -> list[tuple]:
    """Return the desk's ticket events as (uuid, ticket, kind), in the order the desk logged them."""
    with at_desk(desk_app) as session:
        return [tuple(row) for row in session.execute(sa.select(TicketEvent.uuid, TicketEvent.ticket_uuid,
                                                                TicketEvent.kind).order_by(TicketEvent.id))]


def link() -> DeskLink:
    db.session.expire_all()
    return db.session.scalar(sa.select(DeskLink))


def a_morning(desk_app, counter, service) -> list[str]:
    """Three tickets: one served, one called, one waiting; and five offers viewed."""
    tickets = [take(desk_app, service) for _ in range(3)]
    serve(desk_app, tickets[0], counter.id, "call", "start", "finish")
    serve(desk_app, tickets[1], counter.id, "call")
    viewed(desk_app, 1, times=5)
    return tickets


@pytest.mark.both_databases
def test_a_round_pushes_every_event_once_with_the_tickets(desk, sync_round, counter_and_service):
    counter, service = counter_and_service
    tickets = a_morning(desk, counter, service)
    assert sync_round().link == "up"
    assert central_rows(TicketEvent, "uuid", "ticket_uuid", "kind") == desk_events(desk)
    assert len(central_rows(UsageEvent, "uuid")) == 5
    copies = dict(central_rows(Ticket, "uuid", "status"))
    assert copies == {tickets[0]: "done", tickets[1]: "called", tickets[2]: "waiting"}
    held = link()
    assert (held.acked_through, held.gap_from, held.last_seen_at is not None) == (12, None, True)
    with at_desk(desk) as session:
        assert session.get(DeskSync, 1).pushed_through == 12
        assert session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0
        assert session.scalar(sa.select(sa.func.count()).where(TicketEvent.sent_at.is_(None))) == 0
        assert session.scalar(sa.select(sa.func.count()).where(UsageEvent.sent_at.is_(None))) == 0
    serve(desk, tickets[1], counter.id, "start")  # the newest state travels with the next event
    assert sync_round().link == "up"
    assert dict(central_rows(Ticket, "uuid", "status"))[tickets[1]] == "serving"
    assert len(central_rows(TicketEvent, "uuid")) == 8 and link().acked_through == 13


def test_the_desk_reports_its_schema_and_error_and_central_notes_its_pull(desk, sync_round, central_client):
    from kiosk.sync import schema

    with at_desk(desk) as session:
        session.add(DeskSync(id=1, revision=0, schema="", pushed_through=0, link="down",
                             last_error="ConnectError: già giù"))
        session.commit()
    viewed(desk, 1)  # something to push: the round calls central
    sync_round()
    held = link()
    assert (held.schema, held.last_error) == (schema.head(), "ConnectError: già giù")
    central_client().get("changes", since=5)
    assert link().pulled_revision == 5
    viewed(desk, 1)
    sync_round()
    assert link().last_error == ""  # the round before went through


@pytest.mark.both_databases
def test_a_batch_sent_twice_is_stored_once(desk, central_client, counter_and_service):
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    [body] = desk_batches(desk, 500)
    client = central_client()
    assert client.post("events", body) == {"acked": 12, "gap": None}
    before = central_rows(TicketEvent, "id", "uuid"), central_rows(Ticket, "id", "uuid", "status")
    assert client.post("events", body) == {"acked": 12, "gap": None}
    assert (central_rows(TicketEvent, "id", "uuid"), central_rows(Ticket, "id", "uuid", "status")) == before
    assert len(central_rows(UsageEvent, "uuid")) == 5


@pytest.mark.both_databases
def test_batches_out_of_order_wait_for_the_gap_and_end_as_in_order(desk, central_client, counter_and_service,
                                                                   caplog):
    counter, service = counter_and_service
    tickets = a_morning(desk, counter, service)
    first, second, third = desk_batches(desk, 4)  # 4 + 4 + 4 events
    client = central_client()
    with caplog.at_level(logging.WARNING, logger="kiosk.sync.inbox"):
        assert client.post("events", third) == {"acked": 0, "gap": [1, 8]}
    assert "skipped events 1 to 8" in caplog.text
    assert client.post("events", second) == {"acked": 0, "gap": [1, 4]}
    assert central_rows(TicketEvent, "uuid") == [] and central_rows(Ticket, "uuid") == []  # held, not stored
    assert (link().gap_from, link().gap_to) == (1, 4)
    assert client.post("events", first) == {"acked": 12, "gap": None}
    assert central_rows(TicketEvent, "uuid", "ticket_uuid", "kind") == desk_events(desk)  # in the desk's order
    assert dict(central_rows(Ticket, "uuid", "status")) == {tickets[0]: "done", tickets[1]: "called",
                                                            tickets[2]: "waiting"}
    assert (link().gap_from, link().acked_through) == (None, 12)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Inbox)) == 0
    assert client.post("events", second) == {"acked": 12, "gap": None}  # late and again: nothing changes
    assert len(central_rows(TicketEvent, "uuid")) == 7


def test_the_desk_resends_from_what_central_holds(desk, sync_round, central_client, counter_and_service):
    """Central answers less than the desk sent (it lost events): the desk goes back and sends them again."""
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    first, second = desk_batches(desk, 6)
    central_client().post("events", second)  # central holds 7–12, waiting for 1–6
    with at_desk(desk) as session:
        session.add(DeskSync(id=1, revision=0, schema="", pushed_through=6, link="up", last_error=""))
        session.commit()  # as if the desk believed 1–6 acknowledged
    assert sync_round().link == "up"  # sends 7–12, hears "acked 0", goes back and sends 1–12
    assert link().acked_through == 12 and central_rows(TicketEvent, "kind") and link().gap_from is None


def test_a_desk_that_no_longer_holds_the_missing_events_says_it_is_stuck(desk, sync_round, central_client,
                                                                         counter_and_service):
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    with at_desk(desk) as session:
        session.execute(sa.delete(Outbox).where(Outbox.seq <= 2))
        session.commit()
    outcome = sync_round()
    assert (outcome.link, "waits for 1–2" in outcome.error) == ("down", True)
    assert (link().acked_through, link().gap_from, link().gap_to) == (0, 1, 2)


def test_a_batch_naming_another_site_is_refused_whole(desk, central_client, counter_and_service, make_site):
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    sarzana = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    [body] = desk_batches(desk, 500)
    client = central_client()
    wrong_batch = body | {"site": "sarzana"}
    wrong_event = {"site": "la-spezia", "events": [dict(event) for event in body["events"]]}
    wrong_event["events"][-1] = dict(wrong_event["events"][-1], data=wrong_event["events"][-1]["data"]
                                     | {"site": "sarzana"})
    wrong_ticket = {"site": "la-spezia", "events": [dict(event) for event in body["events"]]}
    wrong_ticket["events"][0] = dict(wrong_ticket["events"][0], ticket=wrong_ticket["events"][0]["ticket"]
                                     | {"site_id": sarzana.id})
    for refused in (wrong_batch, wrong_event, wrong_ticket):
        with pytest.raises(Refused) as raised:
            client.post("events", refused)
        assert raised.value.status == 403
    assert central_rows(TicketEvent, "uuid") == [] and central_rows(UsageEvent, "uuid") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Inbox)) == 0
    assert link().acked_through == 0 and link().last_seen_at is not None  # heard from, nothing taken


def test_a_revoked_token_pushes_nothing(desk, sync_round, central_client, desk_token, counter_and_service):
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    token = tokens.find_token(db.session, desk_token, clock.now())
    tokens.revoke_token(db.session, token, Actor("admin"), clock.now())
    db.session.commit()
    outcome = sync_round()
    assert outcome.link == "refused" and outcome.error.startswith("401")
    assert central_rows(TicketEvent, "uuid") == []
    with at_desk(desk) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 12  # kept for a new token


def test_more_than_500_events_or_a_malformed_one_are_refused_whole(desk, central_client, counter_and_service):
    counter, service = counter_and_service
    viewed(desk, 1, times=501)
    [body] = desk_batches(desk, 501)
    client = central_client()
    with pytest.raises(Refused) as raised:
        client.post("events", body)
    assert raised.value.status == 422
    assert client._http.post("/api/v1/sync/events", json=body).json()["errors"][0]["field"] == "events"
    bad = {"site": "la-spezia", "events": body["events"][:3]}
    bad["events"][1] = dict(bad["events"][1], data=bad["events"][1]["data"] | {"created_at": "yesterday"})
    answer = client._http.post("/api/v1/sync/events", json=bad)
    assert answer.status_code == 422 and answer.headers["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in answer.json()["errors"]] == ["events.1.data.created_at"]
    twice = {"site": "la-spezia", "events": [body["events"][0], body["events"][0]]}
    assert client._http.post("/api/v1/sync/events", json=twice).json()["errors"][0]["field"] == "events.1.seq"
    assert central_rows(UsageEvent, "uuid") == [] and link().acked_through == 0


@pytest.mark.both_databases
def test_central_reports_count_the_pushed_tickets(desk, sync_round, counter_and_service, mid_morning):
    counter, service = counter_and_service
    a_morning(desk, counter, service)
    sync_round()
    today = clock.today()
    counted = queue_report.tickets(db.session, Scope(), Period(today, today))
    assert counted.total == 3 and counted.by_channel["kiosk"] == 3
    times = queue_report.times(db.session, Scope(sites=("la-spezia",)), Period(today, today))
    assert times.called == 2 and times.service.count == 1


def test_a_phone_follows_a_pushed_ticket_at_central(desk, sync_round, counter_and_service, client):
    counter, service = counter_and_service
    ticket = take(desk, service)
    sync_round()
    token = db.session.scalar(sa.select(Ticket.token).where(Ticket.uuid == ticket))
    page = client.get(f"/m/t/{token}?lang=en")
    assert page.status_code == 200 and "A001" in page.text and "It is your turn!" not in page.text
    serve(desk, ticket, counter.id, "call")
    sync_round()
    assert "It is your turn!" in client.get(f"/m/t/{token}?lang=en").text
