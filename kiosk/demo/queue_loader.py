"""Load the demo queue: the services of each desk, their counters and the languages spoken there."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.network.models import Site
from kiosk.queue.models import Counter, Service
from kiosk.queue.to_bring import DOCUMENTS

QUEUE_DATA = Path(__file__).parent / "data" / "queue.json"


def load_queue(session: Session, path: Path = QUEUE_DATA) -> int:
    """Create or update every site's services and counters from the demo file; return how many services."""
    data = json.loads(path.read_text(encoding="utf-8"))
    catalogue = {record["slug"]: record for record in data["services"]}
    count = 0
    for slug, plan in data["sites"].items():
        site = session.scalar(select(Site).where(Site.slug == slug))
        if site is None:
            raise ValueError(f"queue.json names an unknown site {slug!r}")
        services = {name: _upsert_service(session, site, catalogue[name]) for name in plan["services"]}
        count += len(services)
        session.flush()
        for record in plan["counters"]:
            counter = session.scalar(
                select(Counter).where(Counter.site_id == site.id, Counter.number == record["number"])
            ) or Counter(site_id=site.id, number=record["number"])
            counter.languages = record["languages"]
            counter.services = [services[name] for name in record["services"]]
            session.add(counter)
    return count


def _upsert_service(session: Session, site: Site, record: dict) -> Service:
    service = session.scalar(select(Service).where(Service.site_id == site.id, Service.slug == record["slug"]))
    if service is None:
        service = Service(site_id=site.id, slug=record["slug"])
        session.add(service)
    unknown = set(record.get("documents", [])) - set(DOCUMENTS)
    if unknown:
        raise ValueError(f"queue.json: service {record['slug']!r} names unknown documents {sorted(unknown)}")
    service.prefix, service.position = record["prefix"], record.get("position", 0)
    service.texts, service.documents = record["texts"], record.get("documents", [])
    return service


def document_names() -> dict[str, dict[str, str]]:
    """Return the names of the documents to bring, per key and language (kept in kiosk.queue.to_bring)."""
    return DOCUMENTS
