"""What a desk says of its link to central: for `/healthz`, and in a line on the counter screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.sync import schema
from kiosk.sync.models import DeskSync


@dataclass(frozen=True)
class LinkStatus:
    """The desk's sync row as read now; a desk that never synced has no row and says "never"."""

    link: str = "never"  # never, up, down, refused, schema, error (the desk's database refused a batch)
    last_ok_at: datetime | None = None
    last_attempt_at: datetime | None = None
    revision: int = 0
    central_schema: str = ""
    last_error: str = ""

    def as_json(self) -> dict:
        """Return the `sync` object of `/healthz`."""
        body = {"link": self.link, "last_ok_at": _iso(self.last_ok_at), "last_attempt_at": _iso(self.last_attempt_at),
                "revision": self.revision, "schema": self.central_schema, "desk_schema": schema.head(),
                "last_error": self.last_error, "schema_refused": self.link == "schema"}
        if self.link == "schema":
            body["message"] = ("central runs a newer version than this desk: nothing is pulled until the desk is "
                               "upgraded; the desk keeps serving its catalogue as of revision "
                               f"{self.revision}")
        return body

    def sentence(self) -> str:
        """Say in a few words, in the screen's language, how the link is and when the desk last synced."""
        when = sync_time(self.last_ok_at) if self.last_ok_at else ""
        if self.link == "up":
            return _("Central: connected, last sync %(time)s", time=when)
        if self.link == "never":
            return _("Central: not synced yet")
        if self.link == "schema":
            return _("Central: runs a newer version, this desk needs an upgrade; working offline")
        if self.link == "refused":
            return _("Central: refuses this desk's token; working offline")
        if self.link == "error":
            return _("Central: this desk could not save the latest changes; working offline")
        if when:
            return _("Central: unreachable since %(time)s, working offline", time=when)
        return _("Central: unreachable, working offline")

    @property
    def fresh(self) -> bool:
        """The link is up: the line is quiet; otherwise it stands out."""
        return self.link == "up"

    @property
    def digest(self) -> str:
        """What changes the line: its state and the minute of the last good sync."""
        return f"{self.link}:{self.last_ok_at:%Y%m%d%H%M}" if self.last_ok_at else self.link


def link_status(session: Session) -> LinkStatus:
    """Read the desk's link to central (without making its sync row)."""
    row = session.get(DeskSync, 1)
    if row is None:
        return LinkStatus()
    return LinkStatus(row.link, row.last_ok_at, row.last_attempt_at, row.revision, row.schema, row.last_error)


def sync_time(moment: datetime) -> str:
    """Return when a moment was at the desks: its time today, its date and time on another day."""
    pattern = "HH:mm" if clock.local_day(moment) == clock.today() else "short"
    return format_datetime(moment, pattern, tzinfo=clock.LOCAL_ZONE, locale=get_locale())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
