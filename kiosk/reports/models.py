"""Each ticket's figures, folded from the ticket event log as it grows: what the queue reports count over.

The log stays the record; this table is derived from it (and can be rebuilt from it), one row per ticket with
its durations already measured, so a year of four desks is counted in a fraction of a second on SQLite too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime


class TicketFigures(db.Model):
    """One ticket as the reports see it: where, which service, when taken, and how long it waited and took."""

    __tablename__ = "report_ticket"
    __table_args__ = (
        Index("ix_report_ticket_taken", "taken_at", "site"),
        Index("ix_report_ticket_site", "site", "taken_at"),
    )

    ticket_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    site: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[int] = mapped_column()  # the service it was taken for
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    weekday: Mapped[int] = mapped_column(SmallInteger)  # local (Europe/Rome): 0 is Monday
    hour: Mapped[int] = mapped_column(SmallInteger)  # local
    lang: Mapped[str] = mapped_column(String(10), default="")
    channel: Mapped[str] = mapped_column(String(10), default="kiosk")
    priority: Mapped[bool] = mapped_column(default=False)
    waited: Mapped[int | None] = mapped_column()  # seconds from taken to the first call; None: never called
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the first start at a counter
    served: Mapped[int | None] = mapped_column()  # seconds from that start to finished (or transferred on)
    no_show: Mapped[bool] = mapped_column(default=False)


class FoldCursor(db.Model):
    """How far the ticket event log has been folded into the figures: the last event id read."""

    __tablename__ = "report_fold"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
