"""The board a display shows: today's latest calls newest first, and how many wait for each service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.board import build_board, find_call
from kiosk.queue.models import TicketEvent

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))
DAY = NOW.date()


def minutes(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


@pytest.mark.both_databases
def test_the_latest_calls_come_newest_first_with_their_counters(desk):
    for n in range(8):
        desk.take_and_call(desk.orientation if n % 2 else desk.cv, counter=1 + n % 2, at=minutes(n))
    board = build_board(db.session, desk.site, DAY)
    assert [(call.code, call.counter) for call in board.calls] == [
        ("A004", 2), ("B004", 1), ("A003", 2), ("B003", 1), ("A002", 2), ("B002", 1)]
    assert board.current.code == "A004"
    assert [call.code for call in board.earlier] == ["B004", "A003", "B003", "A002", "B002"]


def test_a_recall_is_a_new_call_and_a_ticket_shows_once(desk):
    first = desk.take_and_call(at=minutes(0), counter=1)
    desk.take_and_call(at=minutes(1), counter=2)
    actions.recall(db.session, first, desk.site.slug, minutes(2))
    db.session.commit()
    board = build_board(db.session, desk.site, DAY)
    assert [(call.code, call.kind, call.counter) for call in board.calls] == [
        ("A001", "recalled", 1), ("A002", "called", 2)]


def test_only_the_days_calls_count_in_rome_time(desk):
    yesterday = NOW - timedelta(days=1)
    desk.take_and_call(at=yesterday)
    # 00:30 in Rome on the 25th is still the 24th in UTC: it is a call of the 25th.
    just_after_midnight = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    desk.take_and_call(desk.cv, at=just_after_midnight)
    board = build_board(db.session, desk.site, DAY)
    assert [call.code for call in board.calls] == ["B001"]
    assert [call.code for call in build_board(db.session, desk.site, yesterday.date()).calls] == ["A001"]


def test_other_sites_calls_are_not_on_the_board(desk, make_site):
    other = make_site(slug="sarzana", name="InfoLavoro Sarzana")
    desk.take_and_call(at=minutes(0))
    assert build_board(db.session, other, DAY).calls == []


@pytest.mark.both_databases
def test_waiting_counts_per_service_in_display_order(desk):
    desk.take(desk.cv, at=minutes(0))
    desk.take(desk.cv, at=minutes(1))
    desk.take_and_call(desk.cv, at=minutes(2))
    board = build_board(db.session, desk.site, DAY)
    assert [(s.prefix, s.name, s.name_en, s.waiting) for s in board.services] == [
        ("A", "Orientamento al lavoro", "Job orientation", 0), ("B", "Aiuto CV", "Aiuto CV", 2)]


def test_a_call_carries_the_holders_language_for_its_announcement(desk):
    desk.take_and_call(lang="ar", at=minutes(0), counter=2)
    call = build_board(db.session, desk.site, DAY).current
    assert (call.letter, call.number, call.counter, call.lang) == ("A", 1, 2, "ar")


def test_a_call_is_found_by_its_event_only_at_its_own_site(desk, make_site):
    make_site(slug="sarzana", name="InfoLavoro Sarzana")
    ticket = desk.take_and_call(at=minutes(0), counter=2)
    events = {e.kind: e.uuid for e in db.session.query(TicketEvent).filter_by(ticket_uuid=ticket.uuid)}
    assert find_call(db.session, "la-spezia", events["called"]).code == "A001"
    assert find_call(db.session, "la-spezia", events["taken"]) is None  # taking a ticket is no call
    assert find_call(db.session, "sarzana", events["called"]) is None
    assert find_call(db.session, "la-spezia", "00000000-0000-4000-8000-000000000000") is None
