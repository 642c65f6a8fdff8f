"""A desk's full copy of the catalogue in progress: how far it has paged, and every record it has seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime


class Snapshot(db.Model):
    """One row while a desk takes a full copy of central's catalogue; none otherwise.

    Kept in the database so a copy cut halfway (the link, a restart) goes on from its last page next round.
    """

    __tablename__ = "sync_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    since: Mapped[int] = mapped_column(BigInteger, default=0)  # the `next` of the last page applied
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SnapshotSeen(db.Model):
    """A record central listed during the copy in progress: what is not here at the end is deleted at the desk."""

    __tablename__ = "sync_snapshot_seen"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
