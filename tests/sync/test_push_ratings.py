"""Ratings in a network: a desk's kiosk rating travels to central, and a ticket counts one rating network-wide."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kiosk import clock
from kiosk.extensions import db
from kiosk.feedback import services as feedback
from kiosk.feedback.models import RatedTicket, Rating
from kiosk.queue.models import Ticket
from kiosk.sync.models import Outbox
from tests.sync.conftest import at_desk
from tests.sync.network import central_rows, serve, take
from tests.sync.test_push import counter_and_service  # noqa: F401 - the fixture


def rate_at_desk(desk_app, ticket_uuid: str, face: str, reason: str = "") -> str:
    """Rate a desk's ticket at its kiosk (and give a reason); return the rating's UUID."""
    with at_desk(desk_app) as session:
        ticket = session.scalar(sa.select(Ticket).where(Ticket.uuid == ticket_uuid))
        rating = feedback.rate(session, ticket, face, clock.now(), "kiosk", feedback.KIOSK_WINDOW)
        session.commit()
        if reason:
            assert feedback.add_reason(session, rating.uuid, reason)
            session.commit()
        return rating.uuid


def desk_ratings(desk_app) -> list[tuple]:
    with at_desk(desk_app) as session:
        return [tuple(row) for row in session.execute(sa.select(Rating.uuid, Rating.face, Rating.reason,
                                                                Rating.ticket_uuid))]


@pytest.mark.both_databases
def test_a_kiosk_rating_and_its_reason_reach_central_and_the_desk_forgets_the_ticket(
        desk, sync_round, counter_and_service):  # noqa: F811
    counter, service = counter_and_service
    ticket = take(desk, service)
    serve(desk, ticket, counter.id, "call", "start", "finish")
    rating = rate_at_desk(desk, ticket, "good")
    with at_desk(desk) as session:
        assert set(session.scalars(sa.select(Outbox.kind))) >= {"visit_rating"}
    assert desk_ratings(desk) == [(rating, "good", "", ticket)]  # named until central has it
    assert sync_round().link == "up"
    assert central_rows(Rating, "uuid", "site", "service_id", "face", "reason", "channel", "ticket_uuid") == [
        (rating, "la-spezia", service.id, "good", "", "kiosk", None)]  # central never keeps the link
    assert db.session.get(RatedTicket, ticket) is not None
    assert desk_ratings(desk) == [(rating, "good", "", None)]
    with at_desk(desk) as session:  # the reason, added after the push, is an event of its own
        assert feedback.add_reason(session, rating, "staff_helpful")
        session.commit()
    assert sync_round().link == "up"
    assert central_rows(Rating, "uuid", "reason") == [(rating, "staff_helpful")]


@pytest.mark.both_databases
def test_a_ticket_rated_on_centrals_phone_page_keeps_that_rating_only(
        desk, sync_round, counter_and_service, client):  # noqa: F811
    counter, service = counter_and_service
    ticket = take(desk, service)
    serve(desk, ticket, counter.id, "call", "start", "finish")
    sync_round()
    token = db.session.scalar(sa.select(Ticket.token).where(Ticket.uuid == ticket))
    assert client.post(f"/m/t/{token}/rate?lang=en", data={"face": "bad"}).status_code == 200
    rate_at_desk(desk, ticket, "good", "found_it")  # the desk cannot know: its kiosk takes it
    assert sync_round().link == "up"
    assert central_rows(Rating, "face", "reason", "channel") == [("bad", "", "phone")]
    with at_desk(desk) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0  # acknowledged all the same
