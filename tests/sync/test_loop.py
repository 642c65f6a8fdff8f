"""The desk's loop: one round records the link's state; a refused token or an unreachable central says why."""

from __future__ import annotations

import httpx

from kiosk.extensions import db
from kiosk.sync import loop
from kiosk.sync.client import CentralClient
from kiosk.sync.models import DeskSync
from tests.sync.conftest import at_desk


def test_a_round_notes_a_good_link(sync_round, desk):
    assert sync_round().link == "up"
    with at_desk(desk) as session:
        row = session.get(DeskSync, 1)
        assert row.link == "up" and row.last_ok_at is not None and row.last_error == ""


def test_a_revoked_token_is_a_refusal_and_an_unreachable_central_a_link_down(desk, sync_round):
    refused = sync_round(token="ild_" + "A" * 43)
    assert refused.link == "refused" and refused.error.startswith("401")
    with at_desk(desk) as session:
        row = session.get(DeskSync, 1)
        assert row.link == "refused" and row.last_ok_at is None and row.revision == 0
    with desk.app_context():
        client = CentralClient("http://127.0.0.1:9", "ild_x", transport=httpx.HTTPTransport(retries=0))
        outcome = loop.sync_once(db.session, client)
        client.close()
        row = db.session.get(DeskSync, 1)
        assert (outcome.link, row.link) == ("down", "down") and row.last_error == outcome.error != ""
        db.session.remove()


def test_only_one_loop_runs_per_desk(tmp_path):
    path = tmp_path / "desk.sync-lock"
    with loop.single_loop(path):
        try:
            with loop.single_loop(path):
                raise AssertionError("a second loop got the lock")
        except loop.AlreadyRunning:
            pass
    with loop.single_loop(path):  # released when the first loop ended
        pass


def test_a_batch_the_desks_database_refuses_is_said_on_health_and_tried_again(central, desk, site, sync_round):
    from sqlalchemy import text

    with at_desk(desk) as session:
        session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON site "
                             "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"))
        session.commit()
    outcome = sync_round()
    assert outcome.link == "error" and "disk says no" in outcome.error
    health = desk.test_client().get("/healthz").get_json()
    assert health["status"] == "ok" and health["sync"]["link"] == "error" and "disk says no" in health["sync"][
        "last_error"]
    with at_desk(desk) as session:
        session.execute(text("DROP TRIGGER refuse"))
        session.commit()
    assert sync_round().link == "up"
