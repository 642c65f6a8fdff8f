"""Staff accounts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db
from kiosk.types import UTCDateTime

ROLES = ("admin", "editor", "receptionist")


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

    @property
    def is_active(self) -> bool:
        return self.active
