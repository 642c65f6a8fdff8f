"""The append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime


class AuditEntry(db.Model):
    """One thing done in the back office or at the sign-in: who, when, to what, which fields from what to what.

    No foreign keys: the log outlives the accounts and records it names, so it keeps their names as they were.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_target", "target_kind", "target_id", "id"),
        Index("ix_audit_entry_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column()  # the staff account, None for the system or an API key
    actor: Mapped[str] = mapped_column(String(120))  # "anna", "api key 3 (agenzia-x)", "system", "cli"
    action: Mapped[str] = mapped_column(String(40))  # e.g. "sign_in", "sign_in_failed", "offer.update"
    target_kind: Mapped[str] = mapped_column(String(20), default="")  # "user", "offer", "site", ...
    target_id: Mapped[int | None] = mapped_column()
    target_label: Mapped[str] = mapped_column(String(200), default="")  # what it was called then
    # {"field": [before, after], ...}; passwords and secrets never appear, only that they changed.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    address: Mapped[str] = mapped_column(String(45), default="")  # the client's IP address, for sign-ins
