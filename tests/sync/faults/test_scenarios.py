"""The network's faults, over real processes: central's gunicorn on PostgreSQL, the desk's `kiosk sync` commands
and the fault proxy between them. Every scenario ends with `assert_converged`: every event the desk holds is at
central exactly once, and the desk's catalogue is central's at its latest revision.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa

from kiosk import clock
from kiosk.demo import loader
from kiosk.offers.models import Offer
from kiosk.queue.models import TicketEvent
from tests.sync.faults.converge import assert_converged
from tests.sync.faults.processes import Desk, stop

pytestmark = pytest.mark.postgres

BIG = 1500  # synthetic offers: several pull batches, and a pull long enough to kill a process in


def synced(desk: Desk) -> Desk:
    """Run a round that must succeed, and return the desk."""
    done = desk.sync_once()
    assert done.returncode == 0 and "link up" in done.output, done.output
    return desk


def converged(central, desk: Desk) -> None:
    assert_converged(central.db_url, desk.path, desk.site)


def add_offers(central, count: int) -> None:
    with central.session() as session:
        loader.add_synthetic_offers(session, count)
        session.commit()


def edit_an_offer(central, offset: int = 0) -> None:
    with central.session() as session:
        offer = session.scalar(sa.select(Offer).order_by(Offer.id).offset(offset))
        offer.positions += 1
        session.commit()


def central_events(central) -> int:
    engine = sa.create_engine(central.db_url)
    with engine.connect() as conn:
        count = conn.scalar(sa.select(sa.func.count()).select_from(TicketEvent))
    engine.dispose()
    return count


def test_the_link_cut_in_the_middle_of_a_pull_batch(central, proxy, make_desk):
    add_offers(central, BIG)
    desk = make_desk()
    fault = proxy.cut_next_response_after(30_000, match="/sync/changes")
    failed = desk.sync_once()
    assert fault.wait(1) and failed.returncode == 1 and "link down" in failed.output, failed.output
    assert desk.state()["link"] == "down"
    synced(desk)
    converged(central, desk)


def test_the_acknowledgement_lost_after_central_committed(central, proxy, make_desk):
    desk = synced(make_desk())
    desk.take_tickets(5, views=3)
    fault = proxy.drop_next_response(match="/sync/events")
    failed = desk.sync_once()
    assert fault.wait(1) and failed.returncode == 1, failed.output
    assert central_events(central) >= 5  # central holds them; the desk does not know yet
    synced(desk)
    converged(central, desk)


def test_every_push_batch_sent_twice_and_out_of_order(central, proxy, make_desk):
    desk = synced(make_desk())
    desk.take_tickets(600, views=300)  # more than one batch of 500
    synced(desk)
    batches = proxy.bodies("POST /api/v1/sync/events")
    assert len(batches) >= 2
    with httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {desk.token}",
                                                     "Content-Type": "application/json"}) as client:
        for body in [*reversed(batches), *batches]:
            assert client.post("/api/v1/sync/events", content=body).status_code == 200
    synced(desk)
    converged(central, desk)


def test_a_desk_killed_between_applying_rows_and_saving_its_cursor(central, proxy, make_desk):
    add_offers(central, BIG)
    desk = make_desk()
    for wait in (0.5, 1.0, 1.5, 2.5):
        round_ = desk.start_sync(once=True)
        time.sleep(wait)
        if round_.poll() is None:
            os.kill(round_.pid, signal.SIGKILL)
        round_.wait()
    synced(desk)
    converged(central, desk)


def test_central_restarted_in_the_middle_of_a_batch(central, proxy, make_desk):
    add_offers(central, BIG)
    desk = make_desk()
    proxy.delay(1.0)
    round_ = desk.start_sync(once=True)
    deadline = time.monotonic() + 20
    while proxy.count("/sync/changes") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    central.kill()
    central.start()
    round_.wait(timeout=60)
    proxy.restore()
    synced(desk)
    converged(central, desk)


def test_a_days_partition_while_walk_ins_keep_taking_tickets(central, proxy, make_desk):
    desk = synced(make_desk())
    loop = desk.start_sync()
    try:
        proxy.cut()
        for hour in range(9):  # a working day, in an hour's steps of the desk's clock
            desk.set_clock(timedelta(hours=hour))
            desk.take_tickets(6, views=4)
            edit_an_offer(central, offset=hour)
        time.sleep(2)
        assert desk.state()["link"] == "down"
        proxy.restore()
        deadline = time.monotonic() + 60
        while True:
            try:
                converged(central, desk)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    finally:
        stop(loop)
    converged(central, desk)


def test_an_offer_deleted_while_the_desk_is_offline_within_the_tombstones_horizon(central, proxy, make_desk):
    desk = synced(make_desk())
    proxy.cut()
    with central.session() as session:
        session.delete(session.scalar(sa.select(Offer).order_by(Offer.id.desc())))
        session.commit()
    assert desk.sync_once().returncode == 1
    proxy.restore()
    synced(desk)
    converged(central, desk)


def test_an_offer_deleted_while_the_desk_is_offline_beyond_the_tombstones_horizon(central, proxy, make_desk,
                                                                                   monkeypatch):
    desk = synced(make_desk())
    proxy.cut()
    long_ago = clock.now() - timedelta(days=40)
    monkeypatch.setattr(clock, "now", lambda: long_ago)
    with central.session() as session:
        session.delete(session.scalar(sa.select(Offer).order_by(Offer.id.desc())))
        session.commit()
    monkeypatch.undo()
    edit_an_offer(central)  # a change today drops the 40-day-old tombstone: the desk's cursor is past the horizon
    proxy.restore()
    synced(desk)  # told to resync, it takes a full copy
    converged(central, desk)


def test_a_desk_clock_a_day_off_and_jumping_back(central, proxy, make_desk):
    desk = make_desk()
    desk.set_clock(timedelta(days=1))
    synced(desk)
    desk.take_tickets(4, views=2)
    synced(desk)
    desk.set_clock(timedelta(0))  # the clock is put right: it jumps back a day
    desk.take_tickets(4, views=2)
    edit_an_offer(central)
    synced(desk)
    converged(central, desk)


def test_another_sites_token_is_refused_whole_then_the_right_one_goes_through(central, proxy, make_desk):
    desk = make_desk(token=central.make_token("sarzana"))  # la-spezia's desk with sarzana's token
    desk.sync_once()  # the catalogue is the same for every desk
    desk.take_tickets(3)
    refused = desk.sync_once()
    assert refused.returncode == 1 and "link refused" in refused.output, refused.output
    assert desk.state()["link"] == "refused" and central_events(central) == 0
    desk = dataclasses.replace(desk, token=central.make_token("la-spezia"))
    synced(desk)
    converged(central, desk)


def test_a_revoked_token_is_refused_until_the_desk_gets_a_new_one(central, proxy, make_desk):
    desk = synced(make_desk())
    central.revoke(desk.token)
    desk.take_tickets(2)
    refused = desk.sync_once()
    assert refused.returncode == 1 and "link refused" in refused.output, refused.output
    assert desk.state()["link"] == "refused"
    desk = dataclasses.replace(desk, token=central.make_token("la-spezia"))
    synced(desk)
    converged(central, desk)


def test_an_unreachable_central_is_a_link_down_and_the_loop_backs_off(central, proxy, make_desk):
    desk = synced(make_desk())
    central.stop()  # the proxy still accepts, and closes each connection at once
    failed = desk.sync_once()
    assert failed.returncode == 1 and "link down" in failed.output and desk.state()["link"] == "down"
    loop = desk.start_sync()
    try:
        before = proxy.accepted
        time.sleep(8)  # the desk backs off to KIOSK_SYNC_MAX_BACKOFF=1 s: some 8 rounds
        down_rounds = proxy.accepted - before
    finally:
        stop(loop)
    assert 1 <= down_rounds <= 9, down_rounds  # every 0.1 s it would be some 80
    central.start()
    desk.take_tickets(2)
    synced(desk)
    converged(central, desk)


def test_an_old_desk_meeting_a_newer_schema_applies_nothing_and_says_so(central, proxy, make_desk):
    engine = sa.create_engine(central.db_url)
    with engine.begin() as conn:
        real = conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_newer_code'"))
    desk = make_desk()
    refused = desk.sync_once()
    assert refused.returncode == 1 and "link schema" in refused.output, refused.output
    assert desk.state()["revision"] == 0  # nothing applied
    with engine.begin() as conn:  # central's code and schema "upgraded" back to what this desk knows
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :real"), {"real": real})
    engine.dispose()
    synced(desk)
    converged(central, desk)
