"""Revisions become visible in order: a transaction that commits later never carries a smaller revision."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.sync import changelog
from kiosk.sync.models import SyncChange


def _revision_of(session: Session, slug: str) -> int:
    organisation_id = session.scalar(select(Organisation.id).where(Organisation.slug == slug))
    return session.scalar(select(SyncChange.revision).where(SyncChange.kind == "organisation",
                                                            SyncChange.record_id == organisation_id))


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("locked", [True, False], ids=["with the lock", "without the lock"])
def test_two_transactions_committing_out_of_order(app, pull, monkeypatch, locked):
    """B begins first, A draws a revision first, B tries to commit before A: a desk reading between misses nothing.

    Without the advisory lock B commits first with the larger revision, a desk's cursor passes A's revision and A's
    change is lost to it: the second case shows that this test would see the fault.
    """
    if not locked:
        monkeypatch.setattr(changelog, "lock_catalogue", lambda connection: None)
    start = pull()["next"]  # the site of the desk's token is there already
    first, second = Session(db.engine), Session(db.engine)
    try:
        second.execute(text("SELECT 1"))  # B's transaction begins before A's
        first.add(Organisation(slug="prima", name="Prima", kind="agency"))
        first.flush()  # A draws its revision and stays open
        a_revision = _revision_of(first, "prima")
        b_done = threading.Event()

        def write_b():
            second.add(Organisation(slug="seconda", name="Seconda", kind="agency"))
            second.commit()
            b_done.set()

        writer = threading.Thread(target=write_b)
        writer.start()
        b_done.wait(timeout=1)
        seen = pull(since=start)  # a desk reads while A is still open
        first.commit()
        writer.join(timeout=10)
        assert b_done.is_set()
        after = pull(since=seen["next"])
        slugs = [change["data"]["slug"] for change in seen["changes"] + after["changes"]]
        if locked:
            assert slugs == ["prima", "seconda"] and seen["changes"] == [] and seen["next"] < a_revision
            assert after["changes"][0]["revision"] == a_revision < after["changes"][1]["revision"]
        else:
            assert slugs == ["seconda"], "without the lock the desk should have missed A's change"
    finally:
        first.close()
        second.close()
