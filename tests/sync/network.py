"""A desk that holds central's catalogue (as a pull would leave it) and takes and serves tickets of its own."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue import actions
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service, Ticket, counter_service
from kiosk.usage import services as usage
from tests.sync.conftest import at_desk


def copy_to_desk(desk_app, *records) -> None:
    """Write central's records into the desk's database with the same ids, as the desk's pull would."""
    rows = [(type(record).__table__, {column.key: getattr(record, column.key)
                                      for column in type(record).__table__.columns}) for record in records]
    links = [{"counter_id": record.id, "service_id": service.id}
             for record in records if isinstance(record, Counter) for service in record.services]
    with at_desk(desk_app) as session:
        for table, values in rows:
            session.execute(sa.insert(table).values(**(values | ({"staffed_by_id": None} if table.name == "counter"
                                                                  else {}))))
        if links:
            session.execute(sa.insert(counter_service), links)
        session.commit()


def take(desk_app, service: Service, at: datetime | None = None, **values) -> str:
    """Take a ticket at the desk; return its UUID."""
    with at_desk(desk_app) as session:
        site = session.get(Site, service.site_id)
        ticket = take_ticket(session, ServiceRef(service.id, site.id, site.slug, service.prefix), "it",
                             at or clock.now(), **values)
        session.commit()
        return ticket.uuid


def serve(desk_app, ticket_uuid: str, counter_id: int, *steps: str) -> None:
    """Move a desk's ticket through its counter: "call", "start", "finish", "no_show"."""
    with at_desk(desk_app) as session:
        ticket = session.scalar(sa.select(Ticket).where(Ticket.uuid == ticket_uuid))
        slug = session.get(Site, ticket.site_id).slug
        for step in steps:
            if step == "call":
                actions.call(session, ticket, session.get(Counter, counter_id), slug, clock.now())
            else:
                getattr(actions, step)(session, ticket, slug, clock.now())
            session.commit()


def viewed(desk_app, offer_id: int, times: int = 1) -> None:
    """Log offer views at the desk's kiosk."""
    with at_desk(desk_app) as session:
        for _ in range(times):
            usage.record(session, "view", offer_id, "la-spezia", "it", terminal="ingresso")
        session.commit()


def central_rows(model, *columns) -> list[tuple]:
    """Return central's rows of a model as tuples of the columns, in id order (the test's context is central's)."""
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(sa.select(*(getattr(model, c) for c in columns))
                                                      .order_by(model.id))]
