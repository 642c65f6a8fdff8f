"""Staff accounts."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime

ROLES = ("admin", "editor", "receptionist")


def new_session_token() -> str:
    """Return a fresh key for a person's sessions (43 characters)."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """A member of staff: an admin, an editor of one organisation or a receptionist of one site."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    active: Mapped[bool] = mapped_column(default=True)
    demo: Mapped[bool] = mapped_column(default=False)  # made by `kiosk demo`: refused by the desk and central roles
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What a signed-in browser's session names the person by: a new one ends every session opened with the old one.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active
