"""Helpers of the desk's pull tests: one record of every kind at central, and each side's catalogue as plain data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select, text

from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.network.models import SiteClosure
from kiosk.staff import services as staff
from kiosk.sync.changelog import MODELS
from kiosk.sync.feed import record_data
from kiosk.terminal.models import Terminal
from tests.conftest import saved
from tests.sync.conftest import at_desk

PASSWORD = "a long secret 1"


def build_catalogue(site, make_offer, make_service, make_counter) -> dict:
    """Save at central one record of every kind (La Spezia's), and return them by kind."""
    offer = make_offer(texts={"it": {"title": "Saldatore a filo", "summary": "Cantiere navale"},
                              "en": {"title": "Wire welder", "summary": "Shipyard"},
                              "ar": {"title": "لحام", "summary": "حوض بناء السفن"}})
    service = make_service(site, "A", texts={"it": {"name": "Orientamento"}, "en": {"name": "Job orientation"}})
    counter = make_counter(site, 1, [service], ["it", "en"])
    closure = saved(SiteClosure(site_id=site.id, starts=date(2026, 12, 26), ends=date(2026, 12, 26),
                                reason="Santo Stefano"))
    terminal = saved(Terminal(site_id=site.id, name="ingresso", print_backend="none", idle_seconds=60,
                              ticket_limit=5, print_limit=6))
    user = staff.create_user(db.session, "giulia", PASSWORD, "receptionist", site_id=site.id)
    term = saved(GlossaryTerm(key="busta-paga", term="busta paga", forms=["buste paga"],
                              texts={"it": {"name": "Cedolino", "text": "Il foglio con lo stipendio del mese."}}))
    db.session.commit()
    return {"site": site, "offer": offer, "organisation": offer.organisation, "service": service,
            "counter": counter, "site_closure": closure, "terminal": terminal, "user": user,
            "glossary_term": term}


def _plain(value):
    """Compare moments as UTC instants: SQLite gives them back without a zone, PostgreSQL in its own."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def dump(session) -> dict[tuple[str, int], dict]:
    """Return every catalogue record of a database as central would send it (the local columns left out)."""
    found = {}
    for kind, model in MODELS.items():
        for record in session.scalars(select(model).order_by(model.id)):
            found[kind, record.id] = _plain(record_data(kind, record))
    return found


def central_dump() -> dict:
    """Return central's catalogue (the test's own app context)."""
    db.session.expire_all()
    return dump(db.session)


def desk_dump(desk: Flask) -> dict:
    """Return the desk's catalogue."""
    with at_desk(desk) as session:
        return dump(session)


def desk_search(desk: Flask) -> dict[int, str]:
    """Return the desk's search index: offer id to its document, its words and its stems parted by " | "."""
    with at_desk(desk) as session:
        return dict(session.execute(text("SELECT rowid, words || ' | ' || stems FROM offer_search")).all())
