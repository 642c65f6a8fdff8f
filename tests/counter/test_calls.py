"""Calling and serving at the counter: each action once, said plainly on the screen, and logged."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from kiosk.clock import LOCAL_ZONE
from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.models import Counter, Ticket, TicketEvent
from tests.catalogues import say
from tests.counter.conftest import HTMX, Browser


def status(ticket: Ticket) -> str:
    db.session.expire_all()
    return db.session.get(Ticket, ticket.id).status


def kinds(ticket: Ticket) -> list[str]:
    return list(db.session.scalars(
        select(TicketEvent.kind).where(TicketEvent.ticket_uuid == ticket.uuid).order_by(TicketEvent.id)))


def post(client, counter: Counter, action: str, **data):
    response = client.post(f"/counter/{counter.id}/{action}", data=data, headers=HTMX)
    assert response.status_code == 200, response.text
    assert "<html" not in response.text  # the panel alone
    return response


@pytest.mark.both_databases
def test_call_next_calls_priority_first_and_shows_its_code(giulia, desk, take):
    first_in_line = take("B", minutes_ago=20)
    priority = take("A", lang="ar", minutes_ago=5, priority=True, offer_reference="R-1234")
    answer = post(giulia, desk["one"], "next")
    assert "A001 called to counter 1" in answer.text
    assert answer.headers["HX-Trigger-After-Settle"] == "queue-changed"  # the line refreshes at once
    assert '<p id="ticket-code" class="ticket-code">A001</p>' in answer.text
    assert "Priority" in answer.text and "About offer R-1234" in answer.text
    assert "Arabic" in answer.text and 'lang="ar" dir="rtl">العربية' in answer.text
    assert status(priority) == "called" and status(first_in_line) == "waiting"
    assert kinds(priority) == ["taken", "called"]
    called = db.session.get(Ticket, priority.id)
    assert called.counter_id == desk["one"].id


@pytest.mark.both_databases
def test_the_ticket_in_hand_must_be_dealt_with_before_calling_another(giulia, desk, take):
    first, second = take("A", minutes_ago=9), take("A", minutes_ago=8)
    post(giulia, desk["one"], "next")
    again = post(giulia, desk["one"], "next")
    assert "A001 is still called to this counter" in again.text
    assert status(first) == "called" and status(second) == "waiting"
    post(giulia, desk["one"], "start", ticket_id=first.id)
    serving = post(giulia, desk["one"], "call", ticket_id=second.id)
    assert "You are serving A001: finish or transfer it before calling someone else." in serving.text
    assert status(second) == "waiting" and kinds(second) == ["taken"]
    post(giulia, desk["one"], "finish", ticket_id=first.id)
    assert "A002 called to counter 1" in post(giulia, desk["one"], "next").text


@pytest.mark.both_databases
def test_recall_start_finish(giulia, desk, take):
    ticket = take("A")
    post(giulia, desk["one"], "next")
    assert "A001 called again to counter 1" in post(giulia, desk["one"], "recall", ticket_id=ticket.id).text
    started = post(giulia, desk["one"], "start", ticket_id=ticket.id)
    assert "Serving A001" in started.text and status(ticket) == "serving"
    assert "Serving for" in started.text and 'class="stopwatch"' in started.text
    finished = post(giulia, desk["one"], "finish", ticket_id=ticket.id)
    assert "A001 finished" in finished.text and status(ticket) == "done"
    assert "No ticket in hand." in finished.text
    assert kinds(ticket) == ["taken", "called", "recalled", "started", "finished"]


def test_no_show(giulia, desk, take):
    ticket = take("B")
    post(giulia, desk["one"], "next")
    assert "B001 marked as no-show" in post(giulia, desk["one"], "no-show", ticket_id=ticket.id).text
    assert status(ticket) == "no_show" and kinds(ticket) == ["taken", "called", "no_show"]


@pytest.mark.both_databases
def test_transfer_keeps_the_code_and_the_place_in_line(giulia, app, desk, take):
    take("A", minutes_ago=31)
    ticket = take("A", minutes_ago=30)
    take("B", minutes_ago=5)
    page = post(giulia, desk["one"], "call", ticket_id=ticket.id).text
    assert "Transfer A002 to another service" in page and "B · CV help" in page
    moved = post(giulia, desk["one"], "transfer", ticket_id=ticket.id, service_id=desk["B"].id)
    assert "A002 transferred to CV help: it keeps its place in line." in moved.text
    assert "No ticket in hand." in moved.text
    db.session.expire_all()
    moved_ticket = db.session.get(Ticket, ticket.id)
    assert (moved_ticket.status, moved_ticket.service_id, moved_ticket.code) == ("waiting", desk["B"].id, "A002")
    assert kinds(ticket) == ["taken", "called", "transferred"]
    # Counter 2 (CV help only) calls it before B001, taken later: it kept its place.
    marco = Browser(app, "marco")
    marco.post(f"/counter/{desk['two'].id}/open")
    assert "A002 called to counter 2" in post(marco, desk["two"], "next").text


@pytest.mark.both_databases
def test_a_ticket_moves_to_a_service_that_gave_the_same_number_today(giulia, desk, take):
    """A001 joins CV help although CV help gave B001 today: a code is unique by its letter, not its service."""
    ticket = take("A", minutes_ago=30)
    take("B", minutes_ago=5)
    post(giulia, desk["one"], "next")
    moved = post(giulia, desk["one"], "transfer", ticket_id=ticket.id, service_id=desk["B"].id)
    assert "A001 transferred to CV help: it keeps its place in line." in moved.text
    assert status(ticket) == "waiting" and kinds(ticket) == ["taken", "called", "transferred"]


@pytest.mark.both_databases
def test_a_repeated_action_changes_nothing_and_says_so(giulia, desk, take):
    ticket = take("A")
    post(giulia, desk["one"], "next")
    post(giulia, desk["one"], "start", ticket_id=ticket.id)
    post(giulia, desk["one"], "finish", ticket_id=ticket.id)
    twice = post(giulia, desk["one"], "finish", ticket_id=ticket.id)
    assert "A001 was already finished: nothing was changed." in twice.text
    assert 'status-refused' in twice.text
    late = post(giulia, desk["one"], "no-show", ticket_id=ticket.id)
    assert "A001 was already finished: nothing was changed." in late.text
    assert kinds(ticket) == ["taken", "called", "started", "finished"]


@pytest.mark.both_databases
def test_a_ticket_called_by_another_counter_is_not_called_twice(giulia, app, desk, take):
    ticket = take("B")
    marco = Browser(app, "marco")
    marco.post(f"/counter/{desk['two'].id}/open")
    post(marco, desk["two"], "call", ticket_id=ticket.id)
    late = post(giulia, desk["one"], "call", ticket_id=ticket.id)
    assert "B001 was already called at counter 2: nothing was changed." in late.text
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).counter_id == desk["two"].id
    assert kinds(ticket) == ["taken", "called"]
    # Nor can she serve a ticket that is at another counter.
    assert "already called at counter 2" in post(giulia, desk["one"], "start", ticket_id=ticket.id).text
    assert status(ticket) == "called"


def test_call_one_ticket_out_of_turn(giulia, desk, take):
    take("A", minutes_ago=30)
    chosen = take("B", minutes_ago=2)
    answer = post(giulia, desk["one"], "call", ticket_id=chosen.id)
    assert "B001 called to counter 1" in answer.text and status(chosen) == "called"


@pytest.mark.both_databases
def test_pause_stops_calls_and_shows_the_reason_until_resumed(giulia, desk, take):
    ticket = take("A")
    paused = post(giulia, desk["one"], "pause", reason="phone")
    assert "Counter 1 is paused (Phone call): nobody is called." in paused.text
    assert "Paused since" in paused.text and "Phone call" in paused.text
    db.session.expire_all()
    counter = db.session.get(Counter, desk["one"].id)
    assert counter.paused_at is not None and counter.pause_reason == "phone" and not counter.is_open
    refused = post(giulia, desk["one"], "next")
    assert "This counter is paused: resume it to call tickets." in refused.text
    assert "This counter is paused" in post(giulia, desk["one"], "call", ticket_id=ticket.id).text
    assert status(ticket) == "waiting"
    # The page itself says so, with the reason and since when.
    page = giulia.get(f"/counter/{desk['one'].id}").text
    since = counter.paused_at.astimezone(LOCAL_ZONE).strftime("%H:%M")  # shown in Rome's time
    assert f"Paused since {since}: Phone call." in page and "Nobody is called to this counter until you resume." in page

    assert "Counter 1 is calling again." in post(giulia, desk["one"], "resume").text
    assert "A001 called to counter 1" in post(giulia, desk["one"], "next").text


def test_an_unknown_pause_reason_is_refused(giulia, desk):
    assert giulia.post(f"/counter/{desk['one'].id}/pause", data={"reason": "nap"}).status_code == 400


def test_nobody_waiting(giulia, desk):
    assert "Nobody is waiting for the services of this counter." in post(giulia, desk["one"], "next").text


def test_someone_who_took_over_the_counter_acts_there_alone(giulia, app, desk, take):
    ticket = take("A")
    marco = Browser(app, "marco")
    marco.post(f"/counter/{desk['one'].id}/open")
    answer = post(giulia, desk["one"], "next")
    assert "You no longer sit at counter 1: nothing was changed." in answer.text
    assert status(ticket) == "waiting"


def test_without_htmx_an_action_goes_back_to_the_screen_with_its_result(giulia, desk, take):
    take("A")
    answer = giulia.post(f"/counter/{desk['one'].id}/next")
    assert answer.status_code == 302 and answer.location == f"/counter/{desk['one'].id}"
    page = giulia.get(answer.location).text
    assert "A001 called to counter 1" in page and "<html" in page


def test_a_ticket_called_yesterday_is_not_in_hand_today(giulia, desk, take):
    old = take("A", days_ago=1)
    actions.call(db.session, old, db.session.get(Counter, desk["one"].id), "la-spezia", old.taken_at)
    db.session.commit()
    page = giulia.get(f"/counter/{desk['one'].id}").text
    assert "No ticket in hand." in page and "A001" not in page
    refused = post(giulia, desk["one"], "finish", ticket_id=old.id)
    assert say("en", "%(code)s is a ticket from another day: nothing was changed.", code="A001") in refused.text
    assert "Nobody is waiting" in post(giulia, desk["one"], "next").text  # and nothing stops a call today


@pytest.mark.both_databases
def test_two_calls_at_one_counter_at_once_call_one_ticket(app, giulia, desk, take):
    take("A", minutes_ago=20)
    take("A", minutes_ago=10)
    answers, url = [], f"/counter/{desk['one'].id}/next"
    start = threading.Barrier(2)

    def press():
        start.wait()
        answers.append(giulia.post(url, headers=HTMX).text)

    presses = [threading.Thread(target=press) for _ in range(2)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    db.session.expire_all()
    called = db.session.scalars(select(Ticket).where(Ticket.status == "called")).all()
    assert [t.code for t in called] == ["A001"]
    assert sum("A001 called to counter 1" in text for text in answers) == 1


def test_nobody_leaves_a_counter_with_a_ticket_in_hand(giulia, desk, take):
    ticket = take("A")
    post(giulia, desk["one"], "next")
    refused = giulia.post(f"/counter/{desk['one'].id}/leave")
    assert refused.location == f"/counter/{desk['one'].id}"
    page = giulia.get(refused.location).text
    assert say("en", "%(code)s is still at this counter: finish it, mark it as no-show or transfer it before "
                     "leaving.", code="A001") in page
    db.session.expire_all()
    assert db.session.get(Counter, desk["one"].id).staffed_by_id is not None
    post(giulia, desk["one"], "no-show", ticket_id=ticket.id)
    assert giulia.post(f"/counter/{desk['one'].id}/leave").location.startswith("/counter")
    db.session.expire_all()
    assert db.session.get(Counter, desk["one"].id).staffed_by_id is None
