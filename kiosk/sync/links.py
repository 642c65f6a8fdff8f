"""Central's record of each desk's link: when a desk was last heard from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.sync.models import DeskLink


def heard_from(session: Session, site_id: int, now: datetime) -> DeskLink:
    """Note that a site's desk called central at `now`, making its link's row on first contact; flushed."""
    link = session.get(DeskLink, site_id)
    if link is None:
        link = DeskLink(site_id=site_id, pulled_revision=0, acked_through=0, last_error="", schema="")
        session.add(link)
    link.last_seen_at = now
    session.flush()
    return link


def last_heard(session: Session, site_id: int) -> datetime | None:
    """Return when a site's desk last called central, or None if it never has."""
    link = session.get(DeskLink, site_id)
    return link.last_seen_at if link is not None else None
