"""A desk's full copy: on its first pull, and past central's tombstone horizon; cut halfway, it goes on next round."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.sync import pull, snapshot
from kiosk.sync.client import CentralClient, LinkDown
from kiosk.sync.desk_models import SnapshotSeen
from kiosk.sync.models import DeskSync, SyncChange, SyncState
from tests.sync.catalogue import build_catalogue, central_dump, desk_dump, desk_search
from tests.sync.conftest import CENTRAL_URL, at_desk


class CutAfter(httpx.BaseTransport):
    """A link that carries `answers` requests to central, then is cut: every later request fails to connect."""

    def __init__(self, central, answers: int):
        self.inner, self.left = httpx.WSGITransport(app=central), answers

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.left <= 0:
            raise httpx.ConnectError("the link is cut", request=request)
        self.left -= 1
        return self.inner.handle_request(request)


@pytest.fixture
def catalogue(site, make_offer, make_service, make_counter):
    return build_catalogue(site, make_offer, make_service, make_counter)


def listed(desk) -> str:
    """Return the desk kiosk's list of offers, in English."""
    with desk.app_context():
        response = desk.test_client().get("/offers?lang=en")
        assert response.status_code == 200
        return response.text


def cursor(desk) -> int:
    with at_desk(desk) as session:
        return session.get(DeskSync, 1).revision


def test_a_first_pull_replaces_what_the_desk_had_before_the_network(catalogue, desk, sync_round):
    with at_desk(desk) as session:
        session.add(Organisation(id=500, slug="old-local", name="Made at the desk", kind="agency"))
        session.commit()
    assert sync_round().link == "up"
    assert desk_dump(desk) == central_dump()
    with at_desk(desk) as session:
        assert session.get(Organisation, 500) is None
        assert snapshot.in_progress(session) is None and session.scalar(select(SnapshotSeen)) is None


@pytest.mark.both_databases
def test_a_resync_past_the_horizon_deletes_what_central_deleted_and_keeps_the_kiosk_listing(
        catalogue, desk, sync_round, central, desk_token, make_offer):
    gone = make_offer()  # Offer 2 (the catalogue's is the first); not the last, whose id SQLite would give again
    kept = [make_offer() for _ in range(3)]  # Offer 3, 4, 5
    sync_round()
    assert "Offer 2" in listed(desk)
    # Offline for longer than central keeps its tombstones: the deletion is forgotten at central.
    db.session.delete(gone)
    db.session.commit()
    db.session.execute(update(SyncChange).where(SyncChange.op == "delete")
                       .values(changed_at=clock.now() - timedelta(days=40)))
    db.session.commit()
    kept[0].text("en").title = "Offer 3, revised"
    kept[0].revision += 1
    make_offer()  # Offer 6
    db.session.commit()
    assert db.session.get(SyncState, 1).pruned_through > cursor(desk)
    before = cursor(desk)

    # The copy is cut after central's resync answer and the first page of two records.
    client = CentralClient(CENTRAL_URL, desk_token, transport=CutAfter(central, 2))
    with at_desk(desk) as session:
        with pytest.raises(LinkDown):
            pull.step(session, client, limit=2)
        assert snapshot.in_progress(session).since > 0 and session.get(DeskSync, 1).revision == before
    client.close()
    page = listed(desk)
    assert all(f"Offer {n}<" in page for n in (2, 3, 4, 5)), "the kiosk kept every offer it had"

    assert sync_round().link == "up"  # goes on with the copy, then swaps it in
    assert desk_dump(desk) == central_dump()
    page = listed(desk)
    assert "Offer 2<" not in page and "Offer 3, revised" in page and "Offer 6<" in page
    assert gone.id not in desk_search(desk)
    with at_desk(desk) as session:
        assert snapshot.in_progress(session) is None and session.scalar(select(SnapshotSeen)) is None
    assert cursor(desk) == db.session.scalar(select(db.func.max(SyncChange.revision)))
