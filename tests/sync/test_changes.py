"""The catalogue's change log: every kind of record gets a revision when it changes, deletions leave tombstones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Organisation, SiteClosure
from kiosk.offers.models import OfferTranslation
from kiosk.staff.models import User
from kiosk.sync import schema
from kiosk.sync.models import SyncChange
from kiosk.terminal.models import Terminal
from tests.conftest import saved
from tests.sync.conftest import latest


@pytest.fixture
def catalogue(site, make_offer, make_service, make_counter):
    """One record of every kind."""
    offer = make_offer()
    service = make_service(site)
    counter = make_counter(site, services=[service])
    closure = saved(SiteClosure(site_id=site.id, starts=date(2026, 12, 26), ends=date(2026, 12, 26),
                                reason="Santo Stefano"))
    terminal = saved(Terminal(site_id=site.id, name="ingresso", print_backend="none", idle_seconds=60,
                              ticket_limit=5, print_limit=6))
    user = saved(User(username="giulia", password_hash="scrypt:hash", role="receptionist", site_id=site.id))
    return {"site": site, "offer": offer, "organisation": offer.organisation, "service": service,
            "counter": counter, "site_closure": closure, "terminal": terminal, "user": user}


@pytest.mark.both_databases
def test_every_kind_of_record_travels_whole(catalogue, pull):
    answer = pull()
    changes = latest(answer)
    for kind, record in catalogue.items():
        assert changes[kind, record.id]["op"] == "upsert", kind
        assert changes[kind, record.id]["data"]["id"] == record.id
    offer = changes["offer", catalogue["offer"].id]["data"]
    assert offer["reference"] == catalogue["offer"].reference and offer["expires_on"] == (
        catalogue["offer"].expires_on.isoformat())
    assert {t["lang"]: t["title"] for t in offer["translations"]} == {"en": "Offer 1", "it": "Offerta 1"}
    assert changes["user", catalogue["user"].id]["data"]["password_hash"] == "scrypt:hash"
    assert "last_login_at" not in changes["user", catalogue["user"].id]["data"]
    counter = changes["counter", catalogue["counter"].id]["data"]
    assert counter["service_ids"] == [catalogue["service"].id] and "staffed_by_id" not in counter
    assert changes["site_closure", catalogue["site_closure"].id]["data"]["reason"] == "Santo Stefano"
    revisions = [change["revision"] for change in answer["changes"]]
    assert revisions == sorted(set(revisions)) and answer["next"] == revisions[-1]
    assert answer["schema"] == schema.head() and answer["resync"] is False and answer["more"] is False


@pytest.mark.both_databases
def test_a_change_gives_the_record_a_newer_revision_and_keeps_one_row(catalogue, pull):
    before = pull()
    organisation = catalogue["organisation"]
    organisation.name = "Tempor S.p.A."
    db.session.commit()
    after = pull(since=before["next"])
    assert [(c["kind"], c["id"], c["data"]["name"]) for c in after["changes"]] == [
        ("organisation", organisation.id, "Tempor S.p.A.")]
    rows = db.session.scalars(select(SyncChange).where(SyncChange.kind == "organisation")).all()
    assert len(rows) == 1 and rows[0].revision == after["next"] > before["next"]


def test_a_translation_changed_or_removed_changes_its_offer(catalogue, pull):
    offer = catalogue["offer"]
    start = pull()["next"]
    offer.text("en").title = "Welder"
    db.session.commit()
    answer = pull(since=start)
    assert [c["kind"] for c in answer["changes"]] == ["offer"]
    assert {t["lang"]: t["title"] for t in answer["changes"][0]["data"]["translations"]}["en"] == "Welder"
    db.session.delete(db.session.scalar(select(OfferTranslation).where(OfferTranslation.lang == "en")))
    db.session.commit()
    answer = pull(since=answer["next"])
    assert [t["lang"] for t in answer["changes"][0]["data"]["translations"]] == ["it"]
    assert answer["changes"][0]["op"] == "upsert"


def test_what_a_desk_keeps_for_itself_is_no_change(catalogue, pull):
    start = pull()["next"]
    catalogue["counter"].staffed_by_id, catalogue["counter"].opened_at = catalogue["user"].id, clock.now()
    catalogue["user"].last_login_at = clock.now()
    catalogue["terminal"].last_seen_at = clock.now()
    db.session.commit()
    assert pull(since=start)["changes"] == []


@pytest.mark.both_databases
def test_a_deleted_record_leaves_a_tombstone(catalogue, pull):
    start = pull()["next"]
    offer_id, closure_id = catalogue["offer"].id, catalogue["site_closure"].id
    db.session.delete(catalogue["offer"])
    db.session.delete(catalogue["site_closure"])
    db.session.commit()
    answer = pull(since=start)
    assert {(c["kind"], c["id"], c["op"]) for c in answer["changes"]} == {
        ("offer", offer_id, "delete"), ("site_closure", closure_id, "delete")}
    assert all("data" not in change for change in answer["changes"])
    # From the beginning, a deleted record is only its tombstone: its upsert row was replaced.
    assert latest(pull())["offer", offer_id]["op"] == "delete"


def test_paging_by_next_returns_each_change_once(catalogue, pull, make_offer):
    for _ in range(7):
        make_offer()
    everything = pull()["changes"]
    seen, since, pages = [], 0, 0
    while True:
        answer = pull(since=since, limit=3)
        assert len(answer["changes"]) <= 3
        seen += answer["changes"]
        since, pages = answer["next"], pages + 1
        if not answer["more"]:
            break
    assert seen == everything and pages == -(-len(everything) // 3)
    assert pull(since=since)["changes"] == [] and pull(since=since)["next"] == since


def test_a_cursor_older_than_the_tombstones_kept_is_told_to_resync(app, catalogue, pull, set_clock):
    app.config["KIOSK_SYNC_TOMBSTONE_DAYS"] = 30
    now = clock.now()
    start = pull()["next"]
    db.session.delete(catalogue["site_closure"])
    db.session.commit()
    assert pull(since=start)["changes"][0]["op"] == "delete"  # within the horizon: the tombstone travels
    set_clock(now + timedelta(days=31))
    catalogue["organisation"].website = "https://tempor.example.it"
    db.session.commit()  # the next catalogue write drops the old tombstone
    answer = pull(since=start)
    assert answer["resync"] is True and answer["changes"] == [] and answer["next"] == start
    # A desk that has everything since the tombstone, or nothing at all, goes on as usual.
    current = pull()
    assert current["resync"] is False and ("site_closure", catalogue["site_closure"].id) not in latest(current)
    assert pull(since=current["next"])["resync"] is False


def test_a_terminal_enrolled_by_a_bulk_update_travels_again(catalogue, pull):
    from kiosk.audit.services import Actor
    from kiosk.terminal import registry

    link = registry.new_enrolment_link(db.session, catalogue["terminal"], Actor("admin"), clock.now())
    db.session.commit()
    start = pull()["next"]
    assert registry.enrol(db.session, link, clock.now()) is not None
    db.session.commit()
    changes = pull(since=start)["changes"]
    assert [c["kind"] for c in changes] == ["terminal"] and changes[0]["data"]["enrolment_token_hash"] is None
    assert "key_hash" not in changes[0]["data"]  # the kiosk's key stays with the server it enrolled at


def test_an_organisation_made_and_deleted_in_one_transaction_is_a_tombstone(app, pull):
    start = pull()["next"]
    organisation = Organisation(slug="fugace", name="Fugace", kind="agency")
    db.session.add(organisation)
    db.session.flush()
    db.session.delete(organisation)
    db.session.commit()
    assert [c["op"] for c in pull(since=start)["changes"]] == ["delete"]
