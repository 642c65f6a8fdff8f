"""Services people queue for, the counters that serve them, tickets and the log of every change."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, String, Table, UniqueConstraint, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.extensions import db
from kiosk.types import UTCDateTime


class Status(StrEnum):
    """Where a ticket stands: the value stored in `ticket.status`."""

    WAITING = "waiting"
    CALLED = "called"  # to a counter, whose person has not come yet
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"  # by its holder, from their phone
    TRANSFERRED = "transferred"  # never set (a transfer puts the ticket back to waiting); read as waiting


IN_HAND = (Status.CALLED, Status.SERVING)  # a ticket at a counter


class Channel(StrEnum):
    """Where a ticket was taken: the value stored in `ticket.channel`."""

    KIOSK = "kiosk"  # the touch screen
    REMOTE = "remote"
    DESK = "desk"  # given at the reception for someone who cannot use the touch screen


class EventKind(StrEnum):
    """What happened to a ticket: the value stored in `ticket_event.kind`, and the name of each action."""

    TAKEN = "taken"
    CALLED = "called"
    RECALLED = "recalled"
    STARTED = "started"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"


CALL_KINDS = (EventKind.CALLED, EventKind.RECALLED)  # a recall is announced and listed as a new call

counter_service = Table(
    "counter_service",
    db.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
)


class Service(db.Model):
    """A queue at a site: a prefix letter and a name and description in each language."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("site_id", "prefix"), UniqueConstraint("site_id", "slug"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    slug: Mapped[str] = mapped_column(String(40))
    prefix: Mapped[str] = mapped_column(String(1))
    # {"it": {"name": "...", "description": "..."}, "en": {...}, ...}; Italian is always there.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    documents: Mapped[list] = mapped_column(JSON, default=list)  # keys of the documents to bring
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    counters: Mapped[list[Counter]] = relationship(secondary=counter_service, back_populates="services")


class Counter(db.Model):
    """A counter (sportello) at a site, the services it serves and the languages its staff speak."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("site_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    number: Mapped[int] = mapped_column()
    languages: Mapped[list] = mapped_column(JSON, default=list)  # catalogue codes: ["it", "en", "ar"]
    # Who sits at the counter now, since when, and whether they paused (and why); nobody: the counter is closed.
    staffed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL", name="fk_counter_staffed_by"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pause_reason: Mapped[str] = mapped_column(String(80), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default=true())  # inactive: nobody may sit there

    services: Mapped[list[Service]] = relationship(secondary=counter_service, back_populates="counters")

    @property
    def is_open(self) -> bool:
        """Someone sits at the counter and has not paused: it calls tickets."""
        return self.staffed_by_id is not None and self.paused_at is None


class DayNumber(db.Model):
    """The last ticket number given for a site and service on a local day; numbers are taken from it atomically."""

    __tablename__ = "queue_day_number"

    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column()


class Ticket(db.Model):
    """A queue ticket: anonymous, numbered per site, service and local day (Europe/Rome)."""

    __tablename__ = "ticket"
    __table_args__ = (
        # A code (prefix and number) is one ticket's at a site all day, even after it moves to another service.
        UniqueConstraint("site_id", "day", "prefix", "number", name="uq_ticket_code"),
        Index("ix_ticket_queue", "site_id", "day", "status"),
        # The moving service time reads a service's latest finished tickets: without this, the whole history.
        Index("ix_ticket_service_time", "site_id", "service_id", "status", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    token: Mapped[str] = mapped_column(String(43), unique=True)  # the phone page's unguessable address
    # The one-time token of the form that asked for it: a double touch on "take" gives one ticket, not two.
    request_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column()
    prefix: Mapped[str] = mapped_column(String(1))  # the service's letter when the ticket was taken
    lang: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(10), default=Channel.KIOSK)
    priority: Mapped[bool] = mapped_column(default=False)
    offer_reference: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default=Status.WAITING)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    # Where the ticket stands in line: its taking time, kept across transfers so nobody loses their place.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship()

    @property
    def code(self) -> str:
        """Return the number as shown and announced, e.g. B017."""
        return f"{self.prefix}{self.number:03d}"


class TicketEvent(db.Model):
    """One change of a ticket, appended and never changed: what the reports and the sync are built from."""

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_unsent", "sent_at"), Index("ix_ticket_event_site", "site", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    ticket_uuid: Mapped[str] = mapped_column(String(36), index=True)
    site: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # an EventKind
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # service, number, counter, lang...: no personal data
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
