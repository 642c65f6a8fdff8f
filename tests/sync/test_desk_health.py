"""What a desk shows of its link to central (/healthz, the counter screen), and what its people see of a pull: the
receptionist signs in with her central password, the kiosk's search finds a pulled offer; a newer schema is refused."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select, text

from kiosk import clock
from kiosk.extensions import db
from kiosk.offers.models import Offer
from kiosk.staff import services as staff
from kiosk.staff.models import User
from kiosk.sync import loop, schema
from kiosk.sync.client import CentralClient
from kiosk.sync.models import DeskSync, SyncChange
from tests.counter.conftest import Browser
from tests.sync.catalogue import PASSWORD, build_catalogue, central_dump, desk_dump
from tests.sync.conftest import at_desk

HTMX = {"HX-Request": "true"}


@pytest.fixture
def catalogue(site, make_offer, make_service, make_counter):
    return build_catalogue(site, make_offer, make_service, make_counter)


def unreachable_round(desk) -> loop.Round:
    """Run a round against an address where nothing answers."""
    with desk.app_context():
        client = CentralClient("http://127.0.0.1:9", "ild_x", transport=httpx.HTTPTransport(retries=0))
        try:
            return loop.sync_once(db.session, client)
        finally:
            client.close()
            db.session.remove()


def health(desk) -> dict:
    with desk.app_context():
        response = desk.test_client().get("/healthz")
        assert response.status_code == 200
        return response.get_json()


def local_time(moment: datetime) -> str:
    return moment.astimezone(clock.LOCAL_ZONE).strftime("%H:%M")


def test_healthz_on_a_desk_shows_its_link(catalogue, desk, sync_round, client):
    assert "sync" not in client.get("/healthz").get_json()  # central has no link of its own
    assert health(desk)["sync"]["link"] == "never"
    assert sync_round().link == "up"
    body = health(desk)
    link = body["sync"]
    newest = db.session.scalar(select(db.func.max(SyncChange.revision)))
    assert body["status"] == "ok" and link["link"] == "up" and link["revision"] == newest
    assert link["schema"] == schema.head() == link["desk_schema"] and link["last_error"] == ""
    last_ok = datetime.fromisoformat(link["last_ok_at"])
    assert abs((clock.now() - last_ok).total_seconds()) < 60

    assert unreachable_round(desk).link == "down"
    link = health(desk)["sync"]  # still 200: the desk serves from its own database
    assert link["link"] == "down" and "ConnectError" in link["last_error"]
    assert datetime.fromisoformat(link["last_ok_at"]) == last_ok and link["revision"] == newest


def test_a_newer_schema_at_central_is_refused_and_nothing_applied(catalogue, desk, sync_round):
    assert sync_round().link == "up"
    offer_id, before = catalogue["offer"].id, desk_dump(desk)
    with at_desk(desk) as session:
        cursor = session.get(DeskSync, 1).revision
    catalogue["offer"].town = "Sarzana"
    db.session.commit()
    db.session.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.session.commit()

    outcome = sync_round()
    assert outcome.link == "schema"
    assert "9999_from_the_future" in outcome.error and schema.head() in outcome.error
    assert desk_dump(desk) == before
    with at_desk(desk) as session:
        row = session.get(DeskSync, 1)
        assert row.revision == cursor and row.schema == schema.head() and row.link == "schema"
        assert session.get(Offer, offer_id).town == "La Spezia"
    body = health(desk)
    assert body["status"] == "ok" and body["sync"]["link"] == "schema" and body["sync"]["schema_refused"] is True
    assert "newer version" in body["sync"]["message"] and "9999_from_the_future" in body["sync"]["last_error"]

    db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": schema.head()})
    db.session.commit()
    assert sync_round().link == "up"
    assert desk_dump(desk) == central_dump()


def test_a_receptionist_pulled_from_central_signs_in_at_the_desk(catalogue, desk, sync_round):
    sync_round()
    with desk.app_context():
        browser = desk.test_client()
        wrong = browser.post("/staff/login?lang=en", data={"username": "giulia", "password": "not hers"})
        assert wrong.status_code == 400
        right = browser.post("/staff/login", data={"username": "giulia", "password": PASSWORD})
        assert right.status_code == 302
    with at_desk(desk) as session:
        assert session.scalar(select(User)).last_login_at is not None
        assert staff.authenticate(session, "giulia", PASSWORD, clock.now()) is not None


def test_the_desks_kiosk_finds_a_pulled_offer(catalogue, desk, sync_round, make_offer):
    sync_round()
    with desk.app_context():
        kiosk = desk.test_client()
        assert "Wire welder" in kiosk.get("/offers?lang=en&q=welder").text
        assert "حوض بناء السفن" in kiosk.get("/offers?lang=ar&q=لحام").text  # the Arabic summary
        assert "Wire welder" not in kiosk.get("/offers?lang=en&q=cameriere").text
    make_offer(texts={"it": {"title": "Cameriere di sala"}, "en": {"title": "Waiter"}})
    sync_round()
    with desk.app_context():
        assert "Waiter" in desk.test_client().get("/offers?lang=en&q=cameriere").text


def test_the_counter_screen_shows_the_link_to_central(catalogue, desk, sync_round):
    counter_id = catalogue["counter"].id
    assert sync_round().link == "up"
    with at_desk(desk) as session:
        last_ok = session.get(DeskSync, 1).last_ok_at
    giulia = Browser(desk, "giulia")
    assert f"Central: connected, last sync {local_time(last_ok)}" in giulia.get("/counter?lang=en").text
    assert giulia.post(f"/counter/{counter_id}/open").status_code == 302
    screen = giulia.get(f"/counter/{counter_id}").text
    assert f"Central: connected, last sync {local_time(last_ok)}" in screen
    seen = re.search(r'id="line-seen" name="seen" value="([^"]+)"', screen).group(1)
    state = re.search(r'id="panel-state" name="state" value="([^"]*)"', screen).group(1)
    line = f"/counter/{counter_id}/line?seen={seen}&state={state}"
    assert giulia.get(line, headers=HTMX).status_code == 204  # nothing changed

    assert unreachable_round(desk).link == "down"
    fragment = giulia.get(line, headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert f"Central: unreachable since {local_time(last_ok)}, working offline" in fragment.text


def test_a_standalone_counter_screen_has_no_central(app, make_site):
    site = make_site()
    staff.create_user(db.session, "giulia", PASSWORD, "receptionist", site_id=site.id)
    db.session.commit()
    page = Browser(app, "giulia").get("/counter?lang=en").text
    assert "Choose your counter" in page and "Central:" not in page
