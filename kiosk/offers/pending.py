"""Imports checked and shown but not yet confirmed, kept server-side until their person confirms or they expire."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime

KEEP_FOR = timedelta(hours=1)  # long enough to read a preview of 2,000 rows, short enough to forget a file


class PendingImport(db.Model):
    """A checked file waiting for its confirmation: the bytes themselves, so the confirmation applies what was shown."""

    __tablename__ = "pending_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)  # names it in the confirm form; not guessable
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of content
    plan: Mapped[list] = mapped_column(JSON)  # [[row, action, reference], ...] as shown
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


def keep(session: Session, user_id: int, organisation_id: int, filename: str, content: bytes, plan: list,
         now: datetime) -> PendingImport:
    """Keep a checked file for its person, forgetting their earlier one and everyone's expired ones; flushed."""
    session.execute(delete(PendingImport).where(
        (PendingImport.user_id == user_id) | (PendingImport.expires_at < now)))
    pending = PendingImport(token=secrets.token_urlsafe(32), user_id=user_id, organisation_id=organisation_id,
                            filename=filename[:200], content=content, digest=hashlib.sha256(content).hexdigest(),
                            plan=plan, created_at=now, expires_at=now + KEEP_FOR)
    session.add(pending)
    session.flush()
    return pending


def find(session: Session, token: str, user_id: int, now: datetime) -> PendingImport | None:
    """Return a person's kept file by its token, or None when it is someone else's, expired or gone."""
    pending = session.scalar(select(PendingImport).where(PendingImport.token == token[:43],
                                                         PendingImport.user_id == user_id))
    if pending is None or pending.expires_at < now:
        return None
    return pending
