"""Desks' sync tokens and the catalogue's change log at central."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
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


class DeskSync(db.Model):
    """A desk's one row: its pull cursor, its push acknowledgement and the state of its link to central."""

    __tablename__ = "desk_sync"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)  # the catalogue is central's as of this revision
    schema: Mapped[str] = mapped_column(String(32), default="")  # central's schema at the last pull
    pushed_through: Mapped[int] = mapped_column(BigInteger, default=0)  # outbox sequence central acknowledged
    link: Mapped[str] = mapped_column(String(12), default="never")  # never, up, down, refused, schema, error
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the last exchange that went through whole
    last_error: Mapped[str] = mapped_column(String(300), default="")


class Outbox(db.Model):
    """An event a desk owes central, numbered in commit order: written in the same transaction as the event."""

    __tablename__ = "sync_outbox"
    # AUTOINCREMENT: a plain rowid starts again at 1 once the acknowledged rows are deleted and the table is empty.
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # SQLite's rowid: contiguous, in commit order
    kind: Mapped[str] = mapped_column(String(16))  # ticket_event, usage_event
    uuid: Mapped[str] = mapped_column(String(36), unique=True)


class DeskLink(db.Model):
    """What central knows of one site's desk: when it was last heard, how far it has pulled and pushed."""

    __tablename__ = "desk_link"

    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True, autoincrement=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pulled_revision: Mapped[int] = mapped_column(BigInteger, default=0)  # the `since` of its last pull
    acked_through: Mapped[int] = mapped_column(BigInteger, default=0)  # its highest contiguous pushed sequence
    gap_from: Mapped[int | None] = mapped_column(BigInteger)  # a hole in what it pushed, while there is one
    gap_to: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str] = mapped_column(String(300), default="")  # as the desk reported it
    schema: Mapped[str] = mapped_column(String(32), default="")  # the desk's own schema, as it reported it

    site: Mapped[Site] = relationship()


class Inbox(db.Model):
    """Central's staging of a desk's pushed events that wait for an earlier one (a hole), by the desk's sequence."""

    __tablename__ = "sync_inbox"

    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # ticket_event, usage_event
    data: Mapped[dict] = mapped_column(JSON)  # the event's fields, checked
    ticket: Mapped[dict | None] = mapped_column(JSON)  # a ticket event's ticket as the desk held it when pushing
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
