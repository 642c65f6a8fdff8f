"""Print jobs: one row per print asked for, so that a double touch prints once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class PrintJob(db.Model):
    """A print asked for from a kiosk page, keyed by the token the page carried."""

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    document: Mapped[str] = mapped_column(String(20))  # "offer_sheet"; the queue adds "ticket"
    offer_id: Mapped[int | None] = mapped_column()
    lang: Mapped[str] = mapped_column(String(10))
    site: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64), default="")
    backend: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))  # sent, browser, failed, off
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
