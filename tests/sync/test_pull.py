"""The desk's pull: central's catalogue arrives whole, batch by batch with the cursor, and the desk keeps its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Site, SiteClosure
from kiosk.offers import stemming
from kiosk.offers.models import Offer
from kiosk.queue.models import Counter, Service
from kiosk.staff.models import User
from kiosk.sync import feed, pull
from kiosk.sync.apply import apply_changes
from kiosk.sync.models import DeskSync, SyncChange
from kiosk.terminal.models import Terminal
from tests.conftest import saved
from tests.sync.catalogue import build_catalogue, central_dump, desk_dump, desk_search
from tests.sync.conftest import at_desk


@pytest.fixture
def catalogue(site, make_offer, make_service, make_counter):
    return build_catalogue(site, make_offer, make_service, make_counter)


def cursor(desk) -> int:
    with at_desk(desk) as session:
        return session.get(DeskSync, 1).revision


def central_revision() -> int:
    return db.session.scalar(select(SyncChange.revision).order_by(SyncChange.revision.desc()).limit(1))


@pytest.mark.both_databases
def test_every_kind_arrives_whole(catalogue, desk, sync_round):
    assert sync_round().link == "up"
    pulled = desk_dump(desk)
    assert pulled == central_dump()
    assert {kind for kind, _id in pulled} == set(catalogue)
    assert cursor(desk) == central_revision()
    with at_desk(desk) as session:
        assert session.get(DeskSync, 1).schema == feed.schema_version(db.session)
        assert session.scalar(select(User.password_hash)) == catalogue["user"].password_hash
        assert session.scalar(select(db.func.count()).select_from(SyncChange)) == 0  # a desk numbers nothing


def test_the_desks_own_columns_are_never_overwritten(catalogue, desk, sync_round):
    sync_round()
    seen = clock.now() - timedelta(minutes=3)
    with at_desk(desk) as session:
        giulia = session.scalar(select(User))
        counter = session.get(Counter, catalogue["counter"].id)
        counter.staffed_by_id, counter.opened_at = giulia.id, seen
        giulia.last_login_at = seen
        session.get(Terminal, catalogue["terminal"].id).last_seen_at = seen
        session.commit()
        assert session.scalar(select(db.func.count()).select_from(SyncChange)) == 0
    catalogue["counter"].languages = ["it", "uk"]
    catalogue["user"].last_login_at = clock.now()  # central's own sign-in: not the desk's business
    catalogue["user"].active = False
    catalogue["terminal"].idle_seconds = 90
    db.session.commit()
    sync_round()
    with at_desk(desk) as session:
        counter = session.get(Counter, catalogue["counter"].id)
        assert counter.languages == ["it", "uk"] and counter.staffed_by_id is not None and counter.opened_at == seen
        giulia = session.scalar(select(User))
        assert giulia.active is False and giulia.last_login_at == seen
        terminal = session.get(Terminal, catalogue["terminal"].id)
        assert terminal.idle_seconds == 90 and terminal.last_seen_at == seen


@pytest.mark.both_databases
def test_an_edit_and_a_delete_at_central_reach_the_desk(catalogue, desk, sync_round, make_offer):
    second = make_offer(texts={"it": {"title": "Cameriere di sala"}})
    sync_round()
    assert ("offer", second.id) in desk_dump(desk)
    offer = catalogue["offer"]
    offer.text("it").title = "Tubista navale"
    offer.translations = [t for t in offer.translations if t.lang != "ar"]
    offer.revision += 1
    db.session.delete(second)
    db.session.delete(catalogue["site_closure"])
    db.session.commit()
    assert sync_round().link == "up"
    pulled = desk_dump(desk)
    assert pulled == central_dump()
    assert ("offer", second.id) not in pulled and ("site_closure", catalogue["site_closure"].id) not in pulled
    assert [t["lang"] for t in pulled["offer", offer.id]["translations"]] == ["en", "it"]
    index = desk_search(desk)
    assert second.id not in index and "tubista" in index[offer.id] and "saldatore" not in index[offer.id]
    stems = index[offer.id].split(" | ")[1].split()
    assert stemming.stems("tubista", "it") <= set(stems)  # the desk's index has the stems the search needs


def test_a_child_before_its_parent_across_batches(catalogue, desk, sync_round, central_client, make_service,
                                                  make_counter):
    """The counter and service of a new site come a batch before the site itself (whose one row moved on)."""
    sync_round()
    sarzana = saved(Site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana", address="Via Landinelli 1",
                         postcode="19038"))
    service = make_service(sarzana, "C")
    counter = make_counter(sarzana, 4, [service])
    sarzana.name = "InfoLavoro di Sarzana"  # the site's one row moves past its service's and counter's
    db.session.commit()
    order = [(c.kind, c.record_id) for c in db.session.scalars(
        select(SyncChange).where(SyncChange.revision > cursor(desk)).order_by(SyncChange.revision))]
    assert order == [("service", service.id), ("counter", counter.id), ("site", sarzana.id)]
    ids = {"site": sarzana.id, "counter": counter.id}
    with at_desk(desk) as session:
        pull.step(session, central_client(), limit=1)
        assert session.get(Counter, ids["counter"]).services[0].site_id == ids["site"]
        assert session.get(Site, ids["site"]).name == "InfoLavoro di Sarzana"
        assert pull.check_foreign_keys(session, every_table=True) == []
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again for everything else
    assert cursor(desk) == central_revision()


def test_a_batch_applied_twice_changes_nothing(catalogue, desk, pull):
    answer = pull()
    with at_desk(desk) as session:
        apply_changes(session, answer["changes"])
        session.commit()
        once = tables(session)
        apply_changes(session, answer["changes"])
        session.commit()
        assert tables(session) == once and once["offer_search"] and once["offer_translation"]


def tables(session) -> dict[str, list]:
    names = ["organisation", "site", "site_closure", "offer", "offer_translation", "service", "counter",
             "counter_service", "terminal", "staff_user"]
    rows = {name: session.execute(text(f"SELECT * FROM {name} ORDER BY 1, 2")).all() for name in names}
    return rows | {"offer_search": session.execute(text("SELECT rowid, words, stems FROM offer_search")).all(),
                   "offer_search_term": session.execute(text("SELECT term FROM offer_search_term")).all()}


def test_the_cursor_and_the_rows_are_one_transaction(catalogue, desk, central_client, sync_round):
    """A database failure in the middle of a batch (a trigger refusing the terminal) leaves neither rows nor cursor."""
    terminal_id, offer_id = catalogue["terminal"].id, catalogue["offer"].id
    with at_desk(desk) as session:
        session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON terminal "
                             "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"))
        session.commit()
        with pytest.raises(IntegrityError, match="injected failure"):
            pull.step(session, central_client())
        session.rollback()
        # The copy's pages before the terminal's were committed with their progress; the cursor was not moved.
        assert session.get(DeskSync, 1) is None or session.get(DeskSync, 1).revision == 0
        assert session.get(Terminal, terminal_id) is None
        session.execute(text("DROP TRIGGER refuse"))
        session.commit()
    assert sync_round().link == "up"
    assert desk_dump(desk) == central_dump()
    catalogue["terminal"].idle_seconds = 75
    catalogue["offer"].town = "Lerici"
    db.session.commit()
    before = cursor(desk)
    with at_desk(desk) as session:
        session.execute(text("CREATE TRIGGER refuse BEFORE UPDATE ON terminal "
                             "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"))
        session.commit()
        with pytest.raises(IntegrityError, match="injected failure"):
            pull.step(session, central_client())
        session.rollback()
        assert session.get(Offer, offer_id).town == "La Spezia"  # the offer came first, undone
        assert session.get(DeskSync, 1).revision == before
        session.execute(text("DROP TRIGGER refuse"))
        session.commit()
    sync_round()
    assert desk_dump(desk) == central_dump() and cursor(desk) == central_revision()


def test_unknown_keys_are_ignored_and_missing_ones_keep_defaults(desk, site):
    with at_desk(desk) as session:
        apply_changes(session, [
            {"revision": 1, "kind": "site", "id": 7, "op": "upsert",
             "data": {"id": 7, "slug": "lerici", "name": "InfoLavoro Lerici", "town": "Lerici", "address": "Via 1",
                      "postcode": "19032", "from_a_newer_central": {"x": 1}}},
            {"revision": 2, "kind": "hologram", "id": 1, "op": "upsert", "data": {}},
            {"revision": 3, "kind": "site_closure", "id": 99, "op": "delete"},
        ])
        session.commit()
        lerici = session.get(Site, 7)
        assert lerici.name == "InfoLavoro Lerici" and lerici.active is True and lerici.phone == ""


def test_two_records_swapping_unique_values(catalogue, desk, sync_round, central_client, make_service, site):
    """Services A and B of a site swap letters at central: the desk parks one for a moment and ends like central."""
    other = make_service(site, "B", "cv-help")
    sync_round()
    first = catalogue["service"]
    first.prefix = "Z"
    db.session.commit()
    other.prefix = "A"
    db.session.commit()
    first.prefix = "B"
    db.session.commit()
    expected = {first.id: "B", other.id: "A"}
    with at_desk(desk) as session:
        pull.step(session, central_client(), limit=1)
        assert {s.id: s.prefix for s in session.scalars(select(Service))} == expected


def test_deleting_a_user_at_central_frees_the_counter_she_sat_at(catalogue, desk, sync_round):
    sync_round()
    counter_id, user_id = catalogue["counter"].id, catalogue["user"].id
    with at_desk(desk) as session:
        session.get(Counter, counter_id).staffed_by_id = user_id
        session.commit()
    db.session.delete(catalogue["user"])
    db.session.delete(catalogue["site_closure"])
    db.session.commit()
    sync_round()
    with at_desk(desk) as session:
        assert session.get(Counter, counter_id).staffed_by_id is None
        assert session.scalar(select(User)) is None and session.scalar(select(SiteClosure)) is None


def test_a_desk_numbers_no_change_of_its_own(catalogue, desk, sync_round):
    sync_round()
    offer_id = catalogue["offer"].id
    with at_desk(desk) as session:
        session.get(Offer, offer_id).town = "Changed at the desk"
        session.add(Site(slug="lerici", name="Lerici", town="Lerici", address="Via 1", postcode="19032"))
        session.commit()
        assert session.scalar(select(db.func.count()).select_from(SyncChange)) == 0
