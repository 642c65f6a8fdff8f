"""Desks' sync tokens and the catalogue's change log at central."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.types import UTCDateTime


class DeskToken(db.Model):
    """A desk's token for syncing with central: only its SHA-256 is kept; the prefix names it."""

    __tablename__ = "desk_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    site: Mapped[Site] = relationship()


class SyncChange(db.Model):
    """The newest change of one catalogue record: its revision, and whether it now exists (upsert) or not (delete)."""

    __tablename__ = "sync_change"
    __table_args__ = (Index("ix_sync_change_tombstones", "op", "changed_at"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, unique=True)
    op: Mapped[str] = mapped_column(String(6))  # upsert, delete
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncState(db.Model):
    """One row: the last revision drawn (on SQLite; PostgreSQL draws from a sequence) and the tombstones' horizon."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
    # The highest revision of a tombstone dropped for age: a desk whose cursor is below it may have missed a deletion.
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)
