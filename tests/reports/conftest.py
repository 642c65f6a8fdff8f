"""A small event log whose figures are known by hand: November 2026 at Sarzana and La Spezia."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from kiosk.clock import LOCAL_ZONE
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue.models import TicketEvent
from kiosk.usage.models import UsageEvent


def local(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_ZONE)


@pytest.fixture
def known_log(make_site, make_service, make_offer):
    """Write tickets' events at two desks; return the services and offers they name.

    Sarzana, orientation: waits 60, 180, 300, 600 s; service times 600, 300, 1200 s; one no-show, one cancelled.
    Sarzana, CV help: a wait of 1200 s and a service of 600 s. La Spezia: a wait of 2400 s.
    Outside November (local time): one ticket just before, one just after.
    """
    spezia = _site("la-spezia") or make_site()
    sarzana = _site("sarzana") or make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    orientation = make_service(sarzana, "A", "orientation")
    cv_help = make_service(sarzana, "B", "cv-help")
    spezia_orientation = make_service(spezia, "A", "orientation")
    o, c = orientation.id, cv_help.id
    ticket("sarzana", o, "it", "kiosk", False, [("taken", local(2, 9)), ("called", local(2, 9, 1)),
                                                  ("started", local(2, 9, 2)), ("finished", local(2, 9, 12))])
    ticket("sarzana", o, "ar", "kiosk", True, [("taken", local(2, 9, 10)), ("called", local(2, 9, 13)),
                                                 ("started", local(2, 9, 14)), ("finished", local(2, 9, 19))])
    ticket("sarzana", o, "it", "remote", False, [("taken", local(2, 10)), ("called", local(2, 10, 5)),
                                                   ("no_show", local(2, 10, 8))])
    ticket("sarzana", o, "uk", "desk", False, [("taken", local(2, 10, 20)), ("called", local(2, 10, 30)),
                                                 ("recalled", local(2, 10, 32)), ("started", local(2, 10, 33)),
                                                 ("finished", local(2, 10, 53))])
    ticket("sarzana", o, "it", "remote", False, [("taken", local(2, 11)), ("cancelled", local(2, 11, 10))])
    ticket("sarzana", c, "it", "kiosk", False, [("taken", local(3, 9, 30)), ("called", local(3, 9, 50)),
                                                  ("started", local(3, 9, 51)), ("finished", local(3, 10, 1))])
    ticket("la-spezia", spezia_orientation.id, "en", "kiosk", False,
           [("taken", local(2, 9)), ("called", local(2, 9, 40))])
    ticket("sarzana", o, "it", "kiosk", False, [("taken", local(31, 23, 30, month=10)),
                                                  ("called", local(31, 23, 31, month=10))])
    ticket("sarzana", o, "it", "kiosk", False, [("taken", local(1, 0, 10, month=12)),
                                                  ("called", local(1, 0, 20, month=12))])
    job, course = make_offer(kind="job"), make_offer(kind="course")
    for kind, offer_id, site, lang, at in (
            ("view", job.id, "sarzana", "it", local(2, 9)), ("view", job.id, "sarzana", "it", local(2, 9, 5)),
            ("view", job.id, "sarzana", "ar", local(2, 9, 6)), ("view", course.id, "sarzana", "ar", local(4, 10)),
            ("print", job.id, "sarzana", "it", local(2, 9, 7)), ("phone", course.id, "sarzana", "it", local(5, 11)),
            ("view", 99999, "sarzana", "it", local(6, 12)),  # an offer deleted since
            ("view", job.id, "la-spezia", "en", local(2, 9)), ("print", job.id, "sarzana", "it", local(1, 0, 5, 12))):
        # In UTC, as the database's clock writes it when a desk records an event.
        db.session.add(UsageEvent(uuid=str(uuid.uuid4()), kind=kind, offer_id=offer_id, site=site, lang=lang,
                                  created_at=at.astimezone(UTC)))
    db.session.commit()
    return {"orientation": orientation, "cv_help": cv_help, "job": job, "course": course}


def _site(slug: str) -> Site | None:
    return db.session.scalar(select(Site).where(Site.slug == slug))


def ticket(site: str, service_id: int, lang: str, channel: str, priority: bool, events) -> None:
    """Log one ticket's events as a desk logs them."""
    ticket_uuid = str(uuid.uuid4())
    for kind, at in events:
        data = {"service_id": service_id, "number": 1, "day": at.date().isoformat(), "lang": lang}
        if kind == "taken":
            data |= {"channel": channel, "priority": priority}
        db.session.add(TicketEvent(ticket_uuid=ticket_uuid, site=site, kind=kind, at=at, data=data))
