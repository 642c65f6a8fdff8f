"""Rating a finished visit: one touch records it, once per ticket, only when finished, anonymous, on both databases."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.feedback import services as feedback
from kiosk.feedback.models import RatedTicket, Rating
from kiosk.queue import actions
from tests.catalogues import say
from tests.conftest import base_config
from tests.public.test_ticket_status import desk  # noqa: F401 - the fixture


def finished(desk, lang: str = "it", minutes_ago: float = 0):  # noqa: F811
    """Take a ticket, call it, serve it and finish it, `minutes_ago`."""
    ticket = desk.take(lang, minutes_ago=minutes_ago + 20)
    desk.call(ticket)
    at = clock.now() - timedelta(minutes=minutes_ago)
    actions.start(db.session, ticket, desk.site.slug, at)
    actions.finish(db.session, ticket, desk.site.slug, at)
    db.session.commit()
    return ticket


def ratings() -> list[tuple]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        select(Rating.site, Rating.service_id, Rating.face, Rating.reason, Rating.channel, Rating.ticket_uuid))]


def rated_tickets() -> int:
    return db.session.scalar(select(func.count()).select_from(RatedTicket))


@pytest.mark.both_databases
def test_one_touch_on_the_phone_records_a_rating_and_a_second_is_refused(client, desk):  # noqa: F811
    mine = finished(desk, "ar")
    page = client.get(f"/m/t/{mine.token}")
    assert say("ar", "How was your visit?") in page.text
    assert all(f'name="face" value="{face}"' in page.text for face in ("good", "so_so", "bad"))
    answer = client.post(f"/m/t/{mine.token}/rate", data={"face": "good"})
    assert answer.status_code == 200 and say("ar", "Thank you for your rating") in answer.text
    assert ratings() == [("la-spezia", desk.orientation.id, "good", "", "phone", None)]  # no ticket named
    again = client.post(f"/m/t/{mine.token}/rate", data={"face": "bad"})
    assert again.status_code == 409 and say("ar", "Thank you: this visit has been rated.") in again.text
    assert len(ratings()) == 1 and rated_tickets() == 1
    page = client.get(f"/m/t/{mine.token}").text
    assert 'name="face"' not in page and say("ar", "Thank you: this visit has been rated.") in page


@pytest.mark.both_databases
def test_a_reason_follows_once_and_must_be_on_the_list(client, desk):  # noqa: F811
    mine = finished(desk)
    answer = client.post(f"/m/t/{mine.token}/rate", data={"face": "so_so"})
    rating = re.search(r'name="rating" value="([^"]+)"', answer.text).group(1)
    bad = client.post(f"/m/t/{mine.token}/reason", data={"rating": rating, "reason": "rude"})
    assert bad.status_code == 400 and say("it", "This choice is not available.") in bad.text
    done = client.post(f"/m/t/{mine.token}/reason", data={"rating": rating, "reason": "waited_too_long"})
    assert done.status_code == 303 and done.location.startswith(f"/m/t/{mine.token}")
    client.post(f"/m/t/{mine.token}/reason", data={"rating": rating, "reason": "staff_helpful"})
    assert [row[3] for row in ratings()] == ["waited_too_long"]


@pytest.mark.both_databases
def test_a_ticket_not_finished_cannot_be_rated(client, desk):  # noqa: F811
    waiting = desk.take("en")
    assert 'name="face"' not in client.get(f"/m/t/{waiting.token}").text
    refused = client.post(f"/m/t/{waiting.token}/rate", data={"face": "good"})
    assert refused.status_code == 409 and say("en", "A visit can be rated once it is finished.") in refused.text
    desk.call(waiting)
    assert client.post(f"/m/t/{waiting.token}/rate", data={"face": "good"}).status_code == 409
    assert ratings() == [] and rated_tickets() == 0


def test_a_day_after_the_visit_is_too_late(client, desk):  # noqa: F811
    old = finished(desk, minutes_ago=0)
    old.finished_at = clock.now() - feedback.PHONE_WINDOW - timedelta(minutes=1)
    db.session.commit()
    assert 'name="face"' not in client.get(f"/m/t/{old.token}").text
    assert client.post(f"/m/t/{old.token}/rate", data={"face": "good"}).status_code == 409
    assert ratings() == []


def test_a_token_rates_its_own_ticket_only(client, desk):  # noqa: F811
    mine, theirs = finished(desk), finished(desk)
    assert client.post(f"/m/t/{mine.token}/rate", data={"face": "bad"}).status_code == 200
    assert db.session.get(RatedTicket, theirs.uuid) is None and db.session.get(RatedTicket, mine.uuid) is not None
    assert client.post(f"/m/t/{mine.token[:-1]}x/rate", data={"face": "bad"}).status_code == 404
    assert client.post("/m/t/nothing/rate", data={"face": "bad"}).status_code == 404
    assert client.post(f"/m/t/{theirs.token}/rate", data={"face": "meh"}).status_code == 400
    assert len(ratings()) == 1


def test_rating_needs_the_forms_csrf_token(app, desk):  # noqa: F811
    mine = finished(desk, "en")
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    assert client.post(f"/m/t/{mine.token}/rate", data={"face": "good"}).status_code == 400
    assert ratings() == []
    page = client.get(f"/m/t/{mine.token}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post(f"/m/t/{mine.token}/rate", data={"face": "good", "csrf_token": token}).status_code == 200
    assert len(ratings()) == 1


def test_rating_is_rate_limited(app, desk):  # noqa: F811
    tickets = [finished(desk) for _ in range(11)]
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {"RATELIMIT_ENABLED": True})
    client = limited.test_client()
    answers = [client.post(f"/m/t/{ticket.token}/rate", data={"face": "good"}) for ticket in tickets]
    assert [a.status_code for a in answers[:10]] == [200] * 10 and answers[10].status_code == 429


@pytest.mark.both_databases
def test_a_visit_sent_to_another_service_is_rated_under_the_service_that_finished_it(client, desk):  # noqa: F811
    mine = desk.take("uk", minutes_ago=30)
    desk.call(mine)
    actions.transfer(db.session, mine, desk.cv, desk.site.slug, clock.now() - timedelta(minutes=10))
    desk.call(mine)
    actions.start(db.session, mine, desk.site.slug, clock.now())
    actions.finish(db.session, mine, desk.site.slug, clock.now())
    db.session.commit()
    assert client.post(f"/m/t/{mine.token}/rate", data={"face": "so_so"}).status_code == 200
    assert ratings() == [("la-spezia", desk.cv.id, "so_so", "", "phone", None)]


@pytest.mark.both_databases
def test_two_ratings_at_once_give_one(desk):  # noqa: F811
    mine = finished(desk)
    first = feedback.rate(db.session, mine, "good", clock.now(), "phone", feedback.PHONE_WINDOW)
    db.session.commit()
    assert isinstance(first, Rating)
    assert feedback.rate(db.session, mine, "bad", clock.now(), "kiosk", feedback.PHONE_WINDOW) == feedback.ALREADY
    db.session.add(RatedTicket(ticket_uuid="not-yet-seen"))  # the savepoint keeps what the caller had
    other = finished(desk)
    db.session.add(RatedTicket(ticket_uuid=other.uuid))
    db.session.flush()  # as if another request had just rated it
    assert feedback.rate(db.session, other, "bad", clock.now(), "phone", feedback.PHONE_WINDOW) == feedback.ALREADY
    db.session.commit()
    assert len(ratings()) == 1 and db.session.get(RatedTicket, "not-yet-seen") is not None


# --- At the kiosk ----------------------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_the_kiosk_lists_the_visits_just_finished_and_rates_one_once(client, desk):  # noqa: F811
    recent, old, waiting = finished(desk, minutes_ago=5), finished(desk, minutes_ago=45), desk.take()
    assert 'href="/rate"' in client.get("/home").text
    listed = client.get("/rate?lang=uk").text
    assert f'href="/rate/{recent.code}"' in listed
    assert f"/rate/{old.code}" not in listed and f"/rate/{waiting.code}" not in listed
    assert client.get(f"/rate/{old.code}").status_code == 404
    assert client.get(f"/rate/{waiting.code}").status_code == 404
    assert client.get("/rate/%3Cscript%3E").status_code == 404
    faces = client.get(f"/rate/{recent.code}").text
    assert say("uk", "How was your visit?") in faces
    answer = client.post(f"/rate/{recent.code}", data={"face": "bad"})
    assert answer.status_code == 200
    rating = re.search(r'name="rating" value="([^"]+)"', answer.text).group(1)
    thanks = client.post("/rate/reason", data={"rating": rating, "reason": "not_understood"})
    assert thanks.status_code == 200 and say("uk", "Thank you for your rating") in thanks.text
    assert ratings() == [("la-spezia", desk.orientation.id, "bad", "not_understood", "kiosk", None)]
    assert client.post(f"/rate/{recent.code}", data={"face": "good"}).status_code == 409
    assert f'href="/rate/{recent.code}"' not in client.get("/rate").text
    with client.session_transaction() as session:
        assert not any("rat" in key for key in session)  # nothing of the rating is kept for the visit
