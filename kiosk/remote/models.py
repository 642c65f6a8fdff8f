"""A ticket asked for from a phone, as central records it until the desk answers."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime


class RequestStatus(StrEnum):
    """Where a remote request stands: the value stored in `remote_request.status`."""

    PENDING = "pending"  # waiting for its desk's next round
    ISSUED = "issued"  # the desk gave it a number
    REFUSED = "refused"  # the desk (or central, for a cancellation) said no; `reason` says why
    EXPIRED = "expired"  # no desk took it in time


class RequestKind(StrEnum):
    """What a phone asks a desk for: a new ticket, or to give up a ticket the desk issued."""

    TICKET = "ticket"
    CANCEL = "cancel"


class RemoteRequest(db.Model):
    """A phone's request to a desk, kept at central: what was asked, and what the desk made of it.

    `token` is the phone's unguessable address (/m/t/<token>); a ticket the desk issues for it takes the same token,
    so the same address follows the ticket once central holds its copy.
    """

    __tablename__ = "remote_request"
    __table_args__ = (Index("ix_remote_request_pending", "site_id", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[str] = mapped_column(String(8), default=RequestKind.TICKET)
    token: Mapped[str] = mapped_column(String(43), unique=True, default=lambda: secrets.token_urlsafe(32))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    lang: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(8), default=RequestStatus.PENDING)
    reason: Mapped[str] = mapped_column(String(20), default="")  # a refusal's code: closed, offline, service...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ticket_uuid: Mapped[str | None] = mapped_column(String(36))  # the desk's ticket, once issued (or to cancel)
    number: Mapped[int | None] = mapped_column()
    code: Mapped[str] = mapped_column(String(8), default="")  # the number as shown: A012
