"""The live watcher: a change made by another process wakes the streams waiting on its site."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.extensions import db
from kiosk.queue import live
from kiosk.queue.models import TicketEvent

SITE = "la-spezia"
WAIT = 10  # seconds a test waits at most for what must happen (it happens within about 0.1 s)


def add_event_elsewhere(site: str = SITE) -> None:
    """Append a ticket event through a database connection of its own, as another process would."""
    engine = sa.create_engine(db.engine.url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.insert(TicketEvent.__table__).values(
                uuid=str(uuid.uuid4()), ticket_uuid=str(uuid.uuid4()), site=site, kind="taken",
                at=clock.now(), data={}))
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_a_change_by_another_process_wakes_a_waiter(app, make_site):
    make_site()
    hub = live.hub_for(db.engine)
    with hub.watching(SITE):
        seen = hub.generation(SITE)
        add_event_elsewhere()
        assert hub.wait(SITE, seen, timeout=WAIT) is not None


@pytest.mark.both_databases
def test_a_commit_in_this_process_wakes_the_waiters_and_a_rollback_does_not(app, make_site, desk):
    hub = live.hub_for(db.engine)
    with hub.watching(SITE):
        seen = hub.generation(SITE)
        desk.take()  # commits
        seen = hub.wait(SITE, seen, timeout=WAIT)
        assert seen is not None
        db.session.add(TicketEvent(uuid=str(uuid.uuid4()), ticket_uuid=str(uuid.uuid4()), site=SITE, kind="taken",
                                   at=clock.now(), data={}))
        db.session.flush()
        db.session.rollback()
        assert hub.wait(SITE, seen, timeout=live.LISTEN_POLL_SECONDS + 0.5) is None


@pytest.mark.both_databases
def test_a_request_never_holds_two_connections_at_once(app, make_site, desk):
    """A commit that wakes the displays takes no second connection while its session still holds one."""
    held: dict[int, int] = {}
    most = [0]

    def checkout(_dbapi, _record, _proxy):
        me = threading.get_ident()
        held[me] = held.get(me, 0) + 1
        most[0] = max(most[0], held[me])

    def checkin(_dbapi, _record):
        me = threading.get_ident()
        held[me] = held.get(me, 1) - 1

    hub = live.hub_for(db.engine)
    with hub.watching(SITE):
        seen = hub.generation(SITE)
        db.session.close()  # from here on, every connection the session takes is counted
        sa.event.listen(db.engine.pool, "checkout", checkout)
        sa.event.listen(db.engine.pool, "checkin", checkin)
        try:
            for _ in range(3):
                desk.take()
        finally:
            sa.event.remove(db.engine.pool, "checkout", checkout)
            sa.event.remove(db.engine.pool, "checkin", checkin)
        assert hub.wait(SITE, seen, timeout=WAIT) is not None
    assert most[0] == 1


def test_a_waiter_that_leaves_is_removed_and_the_watcher_stops(app, make_site):
    make_site()
    make_site(slug="sarzana", name="InfoLavoro Sarzana")
    hub = live.hub_for(db.engine)
    with hub.watching(SITE):
        with hub.watching("sarzana"), hub.watching("sarzana"):
            assert hub.watched() == {SITE, "sarzana"}
        assert hub.watched() == {SITE}
    assert hub.watched() == set()
    assert hub.join(timeout=WAIT)  # nobody watches: the thread ends instead of polling for nobody


def test_a_change_on_another_site_leaves_a_waiter_asleep(app, make_site):
    make_site()
    hub = live.hub_for(db.engine)
    with hub.watching(SITE), hub.watching("sarzana"):
        seen = hub.generation(SITE)
        add_event_elsewhere("sarzana")
        other = hub.generation("sarzana")
        assert hub.wait("sarzana", other, timeout=WAIT) is not None
        assert hub.generation(SITE) == seen


def test_one_hub_per_database_in_a_process(app):
    assert live.hub_for(db.engine) is live.hub_for(db.engine)


def test_the_watcher_survives_a_database_error(app, make_site, monkeypatch):
    make_site()
    hub = live.hub_for(db.engine)
    failures = []
    real = live.fingerprint

    def flaky(connection, site):
        if not failures:
            failures.append(site)
            raise sa.exc.OperationalError("SELECT", {}, Exception("database restarting"))
        return real(connection, site)

    monkeypatch.setattr(live, "RETRY_SECONDS", (0.05,))
    with hub.watching(SITE):
        monkeypatch.setattr(live, "fingerprint", flaky)
        seen = hub.generation(SITE)
        deadline = time.monotonic() + WAIT
        while not failures and time.monotonic() < deadline:
            time.sleep(0.05)
        add_event_elsewhere()
        assert hub.wait(SITE, seen, timeout=WAIT) is not None
    assert failures == [SITE]


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_on_postgresql_a_notification_wakes_the_watcher_at_once(app, make_site, monkeypatch):
    make_site()
    monkeypatch.setattr(live, "LISTEN_POLL_SECONDS", 60)  # polling alone would not see it within the test
    reads = []
    real = live.fingerprint
    monkeypatch.setattr(live, "fingerprint", lambda connection, site: reads.append(site) or real(connection, site))
    hub = live.hub_for(db.engine)
    with hub.watching(SITE):
        seen = hub.generation(SITE)
        deadline = time.monotonic() + WAIT
        while len(reads) < 2 and time.monotonic() < deadline:  # the baseline, then the watcher's first poll
            time.sleep(0.02)
        engine = sa.create_engine(db.engine.url)  # another process: its commit NOTIFYs, it cannot wake our hub
        try:
            with Session(engine) as session:
                session.add(TicketEvent(uuid=str(uuid.uuid4()), ticket_uuid=str(uuid.uuid4()), site=SITE,
                                        kind="taken", at=clock.now(), data={}))
                session.commit()
        finally:
            engine.dispose()
        assert hub.wait(SITE, seen, timeout=WAIT) is not None
