"""Partners' API keys: each lets one organisation's system write that organisation's offers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.types import UTCDateTime


class ApiKey(db.Model):
    """An organisation's key: only its SHA-256 is kept; the prefix names it in lists and the audit log."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # what it is for, e.g. "Gestionale Tempor"
    prefix: Mapped[str] = mapped_column(String(16), unique=True)  # the key's first characters, shown everywhere
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the whole key, in hex
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
