"""Registered touch screens: where each stands, how it prints, how long it waits, how much it may give."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.types import UTCDateTime


class Terminal(db.Model):
    """A touchscreen of a desk, named by the signed cookie its browser received at enrolment.

    Neither the cookie's secret nor the enrolment token is stored: only their SHA-256, so a copy of the
    database enrols nothing and opens no terminal.
    """

    __tablename__ = "terminal"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    # The usage events and print jobs record this name (their `terminal` columns hold 64 characters).
    name: Mapped[str] = mapped_column(String(64), unique=True)
    print_backend: Mapped[str] = mapped_column(String(10))  # browser, cups, none (kiosk.printing.backends)
    printer: Mapped[str] = mapped_column(String(120), default="")  # the CUPS queue; "" for the server's default
    idle_seconds: Mapped[int] = mapped_column()
    ticket_limit: Mapped[int] = mapped_column()  # tickets per minute
    print_limit: Mapped[int] = mapped_column()  # printouts per minute
    active: Mapped[bool] = mapped_column(default=True)  # False once revoked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    key_hash: Mapped[str | None] = mapped_column(String(64))  # of the secret in the enrolled browser's cookie
    enrolment_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrolment_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Loaded with the terminal in one query: every kiosk page asks where it stands.
    site: Mapped[Site] = relationship(lazy="joined")
