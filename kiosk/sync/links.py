"""Central's record of each desk's link: heard from at every sync call, with what the desk says of itself.

The desk's sync client sends its last error and its schema in two headers on every call (kiosk/sync/client.py), so
central's admin sees a desk that is stuck, or running older code, as soon as it calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.network.models import Site
from kiosk.sync.models import DeskLink, Inbox, SyncChange

ERROR_HEADER, SCHEMA_HEADER = "X-Kiosk-Desk-Error", "X-Kiosk-Desk-Schema"
_LIMITS = {"last_error": (ERROR_HEADER, 300), "schema": (SCHEMA_HEADER, 32)}


def reported(headers) -> dict[str, str]:
    """Return what a desk's request says of the desk (its last error, its schema): only what it sent."""
    said = {}
    for column, (header, longest) in _LIMITS.items():
        if header in headers:
            value = unquote(headers.get(header, ""), errors="replace").replace("\x00", "")
            said[column] = value.strip()[:longest]
    return said


def note_contact(session: Session, site_id: int, now: datetime, said: dict[str, str],
                 pulled: int | None = None) -> None:
    """Note that a site's desk called now (and what it said; the revision it pulled from): one upsert."""
    changes = {"last_seen_at": now, **said}
    if pulled is not None:
        changes["pulled_revision"] = pulled
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    new = {"site_id": site_id, "pulled_revision": 0, "acked_through": 0, "last_error": "", "schema": ""} | changes
    session.execute(insert(DeskLink).values(**new).on_conflict_do_update(index_elements=[DeskLink.site_id],
                                                                          set_=changes))


def hold(session: Session, site_id: int) -> DeskLink:
    """Return a site's link row, locked until the transaction ends: one push of a desk at a time."""
    return session.scalar(select(DeskLink).where(DeskLink.site_id == site_id).with_for_update()
                          .execution_options(populate_existing=True))


def last_heard(session: Session, site_id: int) -> datetime | None:
    """Return when a site's desk last called central, or None if it never has."""
    return session.scalar(select(DeskLink.last_seen_at).where(DeskLink.site_id == site_id))

# A desk heard from this recently is online: its loop calls every few seconds while its link is up. The admin's
# Desks page (which says "in the last minute") and the phones' remote tickets read it alike.
ONLINE_WITHIN = timedelta(seconds=60)


def is_online(last_seen_at: datetime | None, now: datetime) -> bool:
    """Say whether a desk last heard from at `last_seen_at` counts as online at `now`."""
    return last_seen_at is not None and now - last_seen_at <= ONLINE_WITHIN


@dataclass(frozen=True)
class DeskState:
    """How one site's desk stands, as central sees it."""

    site: Site
    link: DeskLink | None
    online: bool
    pull_lag: int | None  # revisions central has that the desk had not asked for at its last pull
    held: int  # events received after a gap, waiting

    @property
    def received(self) -> int:
        """Events received: the ones released (numbered from 1, so as many as acknowledged) and the ones waiting."""
        return (self.link.acked_through if self.link else 0) + self.held


def states(session: Session, now: datetime) -> list[DeskState]:
    """Return every active site's desk state, by site name."""
    latest = session.scalar(select(func.max(SyncChange.revision))) or 0
    found = {link.site_id: link for link in session.scalars(select(DeskLink))}
    held = dict(session.execute(select(Inbox.site_id, func.count()).group_by(Inbox.site_id)).all())
    sites = session.scalars(select(Site).where(Site.active | Site.id.in_(found)).order_by(Site.name))
    return [DeskState(site, link, is_online(link.last_seen_at if link else None, now),
                      max(0, latest - link.pulled_revision) if link else None, held.get(site.id, 0))
            for site in sites for link in [found.get(site.id)]]
