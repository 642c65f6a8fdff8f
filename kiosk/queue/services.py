"""A desk's services: their names in a language, the order the screens list them in, and each one's line as a
newcomer sees it (how many wait, how long a ticket taken now may wait)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.queue.line import floor, service_times, waiting_counts
from kiosk.queue.models import Service
from kiosk.queue.ordering import share_of_work


@dataclass(frozen=True)
class ServiceLine:
    """A service with its line now: the people waiting and the estimated wait of a ticket taken now."""

    service: Service
    name: str
    description: str
    waiting: int
    estimate: timedelta


def service_text(service: Service, lang: str) -> dict[str, str]:
    """Return a service's name and description in a language, in Italian where it has none."""
    italian = service.texts.get("it", {})
    text = service.texts.get(lang) or italian
    return {"name": text.get("name") or italian.get("name", service.slug),
            "description": text.get("description") or italian.get("description", "")}


def in_display_order(services: Iterable[Service]) -> list[Service]:
    """Return services in the order every screen lists them: by their position, then by letter."""
    return sorted(services, key=lambda service: (service.position, service.prefix))


def site_services(session: Session, site_id: int) -> list[Service]:
    """Return a site's active services in their display order."""
    return in_display_order(session.scalars(
        select(Service).where(Service.site_id == site_id, Service.active.is_(True))))


def service_lines(session: Session, site_id: int, day: date, lang: str) -> list[ServiceLine]:
    """Return each active service of a site with its waiting count and a newcomer's estimated wait."""
    counts = waiting_counts(session, site_id, day)
    desk, usual = floor(session, site_id, day), service_times(session, site_id)
    lines = []
    for service in site_services(session, site_id):
        waiting = counts.get(service.id, 0)
        estimate = share_of_work(desk, service.id, counts, usual)  # a newcomer has everyone waiting ahead
        lines.append(ServiceLine(service, **service_text(service, lang), waiting=waiting, estimate=estimate))
    return lines
