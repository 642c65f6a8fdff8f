"""The append-only log of how offers are used at the kiosks and on phones."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db

# What a usage event says happened. No personal data: who did it is never recorded.
EVENT_KINDS = ("view", "print", "phone", "sheet")


class UsageEvent(db.Model):
    """One use of an offer: viewed at a kiosk, printed, opened on a phone, its sheet downloaded."""

    __tablename__ = "usage_event"
    __table_args__ = (
        Index("ix_usage_event_unsent", "sent_at"),
        # The reports count a period's events from the index alone.
        Index("ix_usage_event_report", "created_at", "site", "kind", "lang", "offer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[str] = mapped_column(String(10))
    offer_id: Mapped[int] = mapped_column(index=True)  # no foreign key: the log outlives offers
    site: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64), default="")  # "" for a phone or a guest browser
    lang: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # pushed to central
