"""Offers and their texts per language."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.extensions import db
from kiosk.network.models import Organisation

TEXT_FIELDS = ("title", "summary", "description", "requirements", "how_to_apply")


class Offer(db.Model):
    """An opportunity published by a partner organisation."""

    __tablename__ = "offer"
    __table_args__ = (
        # Covers counting the list under any filter, so a count never reads the table itself.
        Index(
            "ix_offer_facets", "status", "expires_on", "published_on", "kind", "town", "sector", "contract", "hours",
            "italian_rank", "protected_category",
        ),
        Index("ix_offer_town", "status", "town", "expires_on", "published_on"),  # covers the towns list
        Index("ix_offer_recent", "published_on", "id"),  # newest first without sorting
        # The back office's list: last changed or closing soonest first, for everyone or one organisation.
        Index("ix_offer_updated", "updated_at", "id"),
        Index("ix_offer_expires", "expires_on", "id"),
        Index("ix_offer_organisation", "organisation_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="published")  # published, withdrawn
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    employer: Mapped[str | None] = mapped_column(String(160))  # None: the employer stays anonymous
    town: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(1))  # ATECO 2025 section letter
    ateco_code: Mapped[str] = mapped_column(String(10), default="")
    profession_code: Mapped[str] = mapped_column(String(12), default="")  # ISTAT CP2021
    contract: Mapped[str] = mapped_column(String(20))
    hours: Mapped[str] = mapped_column(String(12))
    positions: Mapped[int] = mapped_column(default=1)
    education: Mapped[str] = mapped_column(String(20), default="none")
    experience_years: Mapped[int] = mapped_column(default=0)
    driving_licence: Mapped[str] = mapped_column(String(10), default="")
    italian_level: Mapped[str] = mapped_column(String(4), default="none")
    italian_rank: Mapped[int] = mapped_column(default=0)  # position of italian_level in ITALIAN_LEVELS
    other_languages: Mapped[list] = mapped_column(JSON, default=list)  # [{"lang": "en", "level": "B1"}]
    protected_category: Mapped[str] = mapped_column(String(6), default="none")  # none, art1, art18
    starts_on: Mapped[date | None] = mapped_column(Date)
    duration_hours: Mapped[int | None] = mapped_column()
    published_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    apply_email: Mapped[str] = mapped_column(String(120), default="")
    apply_phone: Mapped[str] = mapped_column(String(40), default="")
    apply_url: Mapped[str] = mapped_column(String(300), default="")
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    organisation: Mapped[Organisation] = relationship()
    translations: Mapped[list[OfferTranslation]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", lazy="selectin"
    )

    def text(self, lang: str) -> OfferTranslation | None:
        """Return the texts in a language, or None when that translation is missing."""
        return next((t for t in self.translations if t.lang == lang), None)


class OfferTranslation(db.Model):
    """The texts of an offer in one language; Italian is always present."""

    __tablename__ = "offer_translation"
    __table_args__ = (UniqueConstraint("offer_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    how_to_apply: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Offer] = relationship(back_populates="translations")


class OfferSheet(db.Model):
    """A printable A4 sheet of an offer in one language, made for one revision of the offer.

    Kept in the database, so every worker and host serves the same one; a sheet whose revision is not
    the offer's is stale and never served.
    """

    __tablename__ = "offer_sheet"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    lang: Mapped[str] = mapped_column(String(10), primary_key=True)
    revision: Mapped[int] = mapped_column()
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
