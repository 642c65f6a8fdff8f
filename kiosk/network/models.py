"""Sites of the network and the partner organisations that publish offers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class Site(db.Model):
    """A desk of the network, addressed by its slug."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    town: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "12:30"}, ...], Monday is 0.
    opening_hours: Mapped[list] = mapped_column(JSON, default=list)
    # An inactive desk is closed for good: kept because tickets and staff refer to it.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


class SiteClosure(db.Model):
    """Days a site is closed besides the national holidays: the patron saint's day, a strike, a move."""

    __tablename__ = "site_closure"
    __table_args__ = (Index("ix_site_closure_site", "site_id", "ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)  # inclusive: a one-day closure starts and ends the same day
    reason: Mapped[str] = mapped_column(String(200), default="")


class Organisation(db.Model):
    """A partner of the network that publishes offers."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))  # municipality, school, union, training, cooperative, agency
    town: Mapped[str] = mapped_column(String(80), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    # An inactive partner keeps its offers and accounts on record but gets no new ones.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
