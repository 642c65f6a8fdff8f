"""The desk's sync command as its own process beside a real central: one loop per desk, the link's state recorded,
and the convergence check itself, which must fail on a desk that disagrees and pass on one that agrees."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from kiosk.offers.models import Offer
from tests.sync.faults.converge import assert_converged
from tests.sync.faults.copying import copy_catalogue
from tests.sync.faults.processes import stop

pytestmark = pytest.mark.postgres


def test_a_second_sync_loop_for_the_same_desk_is_refused_by_its_lock(make_desk):
    desk = make_desk()
    loop = desk.start_sync()
    try:
        lock = desk.path.with_suffix(".sync-lock")
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip() == str(loop.pid)):
            assert loop.poll() is None and time.monotonic() < deadline, "the loop did not take its lock"
            time.sleep(0.1)
        second = desk.sync_once()
        assert second.returncode == 1 and "another sync loop holds" in second.output, second.output[-3000:]
    finally:
        stop(loop)
    assert desk.sync_once().returncode == 0  # the lock went with the loop


def test_one_round_records_the_link_in_the_desks_state(make_desk):
    desk = make_desk()
    done = desk.sync_once()
    assert done.returncode == 0 and "link up" in done.output, done.output
    state = desk.state()
    assert state["link"] == "up" and state["last_ok_at"] is not None


def test_the_convergence_check_fails_on_a_desk_that_disagrees_and_passes_on_one_that_agrees(central, make_desk):
    desk = make_desk()
    with pytest.raises(AssertionError, match=r"offer: \d+ rows missing at the desk"):
        assert_converged(central.db_url, desk.path, desk.site)
    assert copy_catalogue(central.db_url, desk.path) > 100
    assert_converged(central.db_url, desk.path, desk.site)

    taken = desk.take_tickets(2, views=1)
    with pytest.raises(AssertionError, match="ticket_event: 2 of the desk's 2 events are not at central"):
        assert_converged(central.db_url, desk.path, desk.site)
    _copy_events(central.db_url, desk.path)
    assert_converged(central.db_url, desk.path, desk.site)
    assert len(taken) == 2

    with central.session() as session:  # an edit at central the desk has not pulled
        offer = session.scalar(sa.select(Offer).order_by(Offer.id))
        offer.positions += 1
        session.commit()
    with pytest.raises(AssertionError) as disagree:
        assert_converged(central.db_url, desk.path, desk.site)
    assert "positions" in str(disagree.value) and "the desk's cursor is" in str(disagree.value)


def _copy_events(central_url: str, desk_path) -> None:
    from tests.sync.faults.converge import EVENTS

    central = sa.create_engine(central_url)
    desk = sa.create_engine(f"sqlite:///{desk_path}")
    with desk.connect() as source, central.begin() as target:
        for table in EVENTS:
            rows = [dict(row) for row in source.execute(sa.select(table)).mappings()]
            for row in rows:
                row.pop("id")
            target.execute(table.insert(), rows)
    with desk.begin() as connection:  # and the desk's outbox counts them as acknowledged, as a push would
        connection.execute(sa.text("UPDATE desk_sync SET pushed_through = (SELECT max(seq) FROM sync_outbox)"))
        connection.execute(sa.text("DELETE FROM sync_outbox"))
    central.dispose()
    desk.dispose()
