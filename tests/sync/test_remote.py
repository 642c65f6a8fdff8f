"""A ticket taken from a phone at central and given by the desk on its next round, in process, end to end."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue.models import Service, Status, Ticket
from kiosk.remote.models import RemoteRequest
from kiosk.sync import tokens
from kiosk.sync.models import DeskLink
from tests.browser.helpers import say
from tests.sync.conftest import at_desk

pytestmark = pytest.mark.both_databases
HTMX = {"HX-Request": "true"}


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


@pytest.fixture
def service(central, site, make_service, desk):
    """La Spezia's orientation at central, and the same rows at the desk (as its pull would bring them)."""
    made = make_service(site, "A", "orientation", texts={"it": {"name": "Orientamento"}, "ar": {"name": "التوجيه"},
                                                         "uk": {"name": "Орієнтація"}})
    rows = [Site(id=site.id, slug=site.slug, name=site.name, town=site.town, address=site.address,
                 postcode=site.postcode, opening_hours=site.opening_hours),
            Service(id=made.id, site_id=site.id, slug=made.slug, prefix=made.prefix, texts=made.texts)]
    with at_desk(desk) as session:  # central's session reads the desk's database in here: read its rows before
        session.add_all(rows)
        session.commit()
    return made


def ask(client, service, lang="it"):
    """Ask for a ticket from a phone at central; return the answer."""
    page = client.get(f"/m/take?lang={lang}").text
    request_uuid = re.search(r'name="request_uuid" value="([^"]+)"', page).group(1)
    return client.post(f"/m/take?lang={lang}", data={"request_uuid": request_uuid, "service": service.id})


def test_a_phone_waits_then_sees_the_number_the_desk_gave(client, service, sync_round, desk):
    assert sync_round().link == "up"  # the desk is heard from: online
    answer = ask(client, service, "ar")
    assert answer.status_code == 303
    asked = db.session.scalar(select(RemoteRequest))
    assert answer.location == f"/m/t/{asked.token}?lang=ar" and asked.status == "pending"
    waiting = client.get(answer.location)
    assert say("ar", "Waiting for the desk to give you your number…") in text(waiting)
    assert '<html lang="ar" dir="rtl"' in waiting.text and "التوجيه" in text(waiting)
    seen = re.search(r"seen=([0-9a-f]+)", waiting.text).group(1)
    assert client.get(f"/m/t/{asked.token}/status?lang=ar&seen={seen}", headers=HTMX).status_code == 204

    assert sync_round().link == "up"  # the desk takes the request, issues, answers
    with at_desk(desk) as session:
        ticket = session.scalar(select(Ticket))
        assert (ticket.token, ticket.channel, ticket.lang, ticket.request_token) == (asked.token, "remote", "ar",
                                                                                       asked.uuid)
        code = ticket.code
    db.session.expire_all()
    assert (asked.status, asked.code) == ("issued", code)
    status = client.get(f"/m/t/{asked.token}/status?lang=ar&seen={seen}", headers=HTMX)
    assert status.status_code == 200 and code in status.text and "<html" not in status.text
    assert code in text(client.get(answer.location))


def test_the_same_request_twice_gives_one_ticket(client, service, sync_round, desk):
    sync_round()
    ask(client, service)
    sync_round()
    asked = db.session.scalar(select(RemoteRequest))
    first = asked.ticket_uuid
    asked.status, asked.ticket_uuid, asked.number, asked.code = "pending", None, None, ""  # the answer was lost
    db.session.commit()
    sync_round()
    db.session.expire_all()
    assert asked.status == "issued" and asked.ticket_uuid == first
    with at_desk(desk) as session:
        assert session.scalar(select(func.count(Ticket.id))) == 1


def test_an_offline_desk_is_refused_at_once(client, service, sync_round, site):
    answer = ask(client, service, "uk")  # never heard from
    assert answer.status_code == 409
    message = say("uk", "This desk cannot take requests from phones right now. Try again in a few minutes, or take "
                        "a ticket at the desk.")
    assert message in text(answer)
    sync_round()
    db.session.get(DeskLink, site.id).last_seen_at = clock.now() - timedelta(seconds=90)
    db.session.commit()
    assert ask(client, service, "uk").status_code == 409
    assert db.session.scalar(select(func.count(RemoteRequest.id))) == 0


def test_a_closed_site_is_refused_at_central_and_at_the_desk(central, client, service, sync_round, desk, set_clock):
    sync_round()
    desk.config["KIOSK_ALWAYS_OPEN"] = False  # central still thinks it open: its hours lag, say
    set_clock(datetime(2026, 3, 3, 10, 0, tzinfo=clock.LOCAL_ZONE))  # a Tuesday: La Spezia opens Mon, Wed, Fri
    sync_round()
    answer = ask(client, service)
    assert answer.status_code == 303
    sync_round()
    refused = client.get(answer.location.replace("?", "/status?"), headers=HTMX)
    assert refused.status_code == 286
    assert say("it", "This desk is closed now: take a ticket when it is open.") in text(refused)
    central.config["KIOSK_ALWAYS_OPEN"] = False
    closed = ask(client, service)
    assert closed.status_code == 409 and say("it", "This desk is closed now: take a ticket when it is open.") in \
        text(closed)


def test_a_request_no_desk_takes_expires(client, service, sync_round, set_clock):
    sync_round()
    answer = ask(client, service)
    set_clock(clock.now() + timedelta(minutes=4))
    page = client.get(answer.location.replace("?", "/status?"), headers=HTMX)
    assert page.status_code == 286 and say("it", "The desk did not answer in time. Please try again.") in text(page)
    assert db.session.scalar(select(RemoteRequest)).status == "expired"


def test_another_sites_token_sees_no_request_and_cannot_answer_one(client, service, sync_round, make_site):
    sync_round()
    ask(client, service)
    sarzana = make_site(slug="sarzana", name="InfoLavoro Sarzana")
    _, secret = tokens.make_token(db.session, sarzana, Actor("test"), clock.now())
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/sync/requests", headers=bearer).get_json() == {"requests": []}
    asked = db.session.scalar(select(RemoteRequest))
    answer = client.post("/api/v1/sync/requests", headers=bearer, json={"outcomes": [
        {"uuid": asked.uuid, "ticket_uuid": asked.uuid, "number": 1, "code": "A001"}]})
    assert answer.status_code == 403
    db.session.expire_all()
    assert asked.status == "pending"
    assert client.get("/api/v1/sync/requests").status_code == 401


def test_a_holder_cancels_at_central_and_the_desk_carries_it_out(client, service, sync_round, desk):
    sync_round()
    answer = ask(client, service)
    sync_round()
    with at_desk(desk) as session:  # central's copy of the ticket, as the push keeps it
        mine = session.scalar(select(Ticket))
        copy = {column: getattr(mine, column) for column in (
            "uuid", "token", "request_token", "site_id", "service_id", "day", "number", "prefix", "lang", "channel",
            "priority", "offer_reference", "status", "queued_at", "taken_at")}
    db.session.add(Ticket(**copy))
    db.session.commit()
    token = copy["token"]
    assert client.post(f"/m/t/{token}/cancel").status_code == 303
    page = text(client.get(answer.location))
    assert say("it", "Your cancellation has been sent to the desk: it takes effect in a few seconds.") in page
    sync_round()
    with at_desk(desk) as session:
        assert session.scalar(select(Ticket)).status == Status.CANCELLED
    cancel = db.session.scalar(select(RemoteRequest).where(RemoteRequest.kind == "cancel"))
    assert cancel.status == "issued" and cancel.ticket_uuid == copy["uuid"]
