"""A desk writes an outbox row with every ticket event and usage event, in the same transaction; nobody else does."""

from __future__ import annotations

import sqlalchemy as sa

from kiosk.extensions import db
from kiosk.queue.models import TicketEvent
from kiosk.sync.models import Outbox
from kiosk.usage import services as usage
from kiosk.usage.models import UsageEvent
from tests.sync.conftest import at_desk
from tests.sync.network import copy_to_desk, take, viewed


def test_each_event_of_a_desk_gets_its_outbox_row_in_order(desk, site, make_service):
    service = make_service(site, "A")
    copy_to_desk(desk, site, service)
    ticket = take(desk, service)
    viewed(desk, 7, times=2)
    with at_desk(desk) as session:
        rows = [(row.seq, row.kind, row.uuid) for row in session.scalars(sa.select(Outbox).order_by(Outbox.seq))]
        taken = session.scalar(sa.select(TicketEvent.uuid).where(TicketEvent.ticket_uuid == ticket))
        views = list(session.scalars(sa.select(UsageEvent.uuid).order_by(UsageEvent.id)))
    assert rows == [(1, "ticket_event", taken), (2, "usage_event", views[0]), (3, "usage_event", views[1])]


def test_an_event_rolled_back_leaves_no_outbox_row(desk):
    with at_desk(desk) as session:
        usage.record(session, "view", 1, "la-spezia", "it")
        session.flush()
        assert session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 1  # in the event's transaction
        session.rollback()
        assert session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(UsageEvent)) == 0


def test_numbers_go_on_after_the_acknowledged_rows_are_deleted(desk):
    viewed(desk, 1, times=2)
    with at_desk(desk) as session:
        session.execute(sa.delete(Outbox))
        session.commit()
    viewed(desk, 1)
    with at_desk(desk) as session:
        assert list(session.scalars(sa.select(Outbox.seq))) == [3]  # never 1 again: central holds 1 and 2


def test_a_standalone_server_and_central_write_no_outbox(app, site, make_service, make_ticket):
    for role in ("standalone", "central"):
        app.config["KIOSK_ROLE"] = role
        make_ticket(make_service(site, "AB"[role == "central"], slug=role))
        usage.record(db.session, "view", 1, "la-spezia", "it")
        db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TicketEvent)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0
