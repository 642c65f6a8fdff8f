"""A visit's rating, and the mark that a ticket has been rated: two tables, so neither names the other."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db

FACES = ("good", "so_so", "bad")
REASONS = ("waited_too_long", "not_understood", "not_found", "found_it", "staff_helpful")
CHANNELS = ("phone", "kiosk")


class Rating(db.Model):
    """One rating of a visit: where, for which service, on which day, the face and perhaps a reason. No person, no
    ticket, no time of day: a report counts them, nobody can tell whose they are."""

    __tablename__ = "visit_rating"
    __table_args__ = (Index("ix_visit_rating_report", "day", "site", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    site: Mapped[str] = mapped_column(String(64))  # the site's slug, as the event logs name it
    service_id: Mapped[int] = mapped_column()  # no foreign key: the figures outlive a service
    day: Mapped[date] = mapped_column(Date)  # the local day of the visit
    face: Mapped[str] = mapped_column(String(8))  # one of FACES
    reason: Mapped[str] = mapped_column(String(24), default="", server_default="")  # one of REASONS, or ""
    channel: Mapped[str] = mapped_column(String(8))  # one of CHANNELS
    # A desk only: the ticket rated, until central acknowledges the rating (central checks "once per ticket" across
    # the network with it), then erased. Standalone and central never write it.
    ticket_uuid: Mapped[str | None] = mapped_column(String(36))
    # The outbox's key for the reason added after the face (a desk pushes it as an event of its own).
    reason_uuid: Mapped[str | None] = mapped_column(String(36), unique=True)


class RatedTicket(db.Model):
    """A ticket that has been rated: the one thing that stops a second rating. It says nothing of the rating."""

    __tablename__ = "visit_rated_ticket"

    ticket_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
