"""Pulled offers get their sheets from a low-priority child process, one at a time, never from a serving worker."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from kiosk.offers import sheets
from kiosk.offers.models import OfferSheet
from kiosk.sync import sheet_child
from tests.sync.conftest import at_desk


@pytest.fixture
def no_child():
    """Start and end with no sheet maker of an earlier test on record."""
    sheet_child._child, sheet_child._wanted = None, False
    yield
    child = sheet_child._child
    if child is not None and child.poll() is None:
        child.wait(120)
    sheet_child._child, sheet_child._wanted = None, False


def test_a_pull_makes_no_sheet_in_process(desk, sync_round, make_offer, no_child):
    desk.config["KIOSK_SHEETS_IN_BACKGROUND"] = True  # a serving desk's setting: offers changed in-app get sheets
    make_offer()
    assert sync_round().link == "up"
    assert sheets.sheet_maker(desk)._executor is None  # the in-process maker was never asked
    assert sheet_child._child is None  # and in a test app the child is off unless asked for
    with at_desk(desk) as session:
        assert session.scalar(select(OfferSheet)) is None


def test_a_pull_that_changed_offers_starts_one_nice_child(desk, sync_round, make_offer, no_child):
    desk.config["KIOSK_SYNC_SHEETS"] = True
    offer = make_offer()
    assert sync_round().link == "up"
    child = sheet_child._child
    assert child is not None and child.args[:3] == ["nice", "-n", "19"]
    assert sheet_child.start(desk) is None and sheet_child.wanted()  # one at a time: the next waits its turn
    assert child.wait(120) == 0
    with at_desk(desk) as session:
        made = {(sheet.offer_id, sheet.lang) for sheet in session.scalars(select(OfferSheet))}
    assert made == {(offer.id, "it"), (offer.id, "en")}
    assert sync_round().link == "up"  # nothing new, but sheets were wanted while the first ran: another starts
    assert sheet_child._child is not child and sheet_child._child.wait(120) == 0
    assert not sheet_child.wanted()
    assert os.path.exists(sheet_child.lock_path(desk))
