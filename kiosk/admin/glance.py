"""The back office's home figures: how the offers stand today, for one organisation or all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from kiosk.offers.models import Offer
from kiosk.offers.services import on_show

CLOSING_SOON_DAYS = 7


@dataclass(frozen=True)
class OfferFigures:
    on_show: int  # on the kiosks today
    closing_soon: int  # of those, closing within CLOSING_SOON_DAYS
    drafts: int
    withdrawn: int


def offer_figures(session: Session, today: date, organisation_id: int | None = None) -> OfferFigures:
    """Count the offers on show, closing soon, in draft and withdrawn, in one query."""
    showing = and_(*on_show(today))
    query = select(
        func.count(case((showing, 1))),
        func.count(case((and_(showing, Offer.expires_on <= today + timedelta(days=CLOSING_SOON_DAYS)), 1))),
        func.count(case((Offer.status == "draft", 1))),
        func.count(case((Offer.status == "withdrawn", 1))),
    )
    if organisation_id is not None:
        query = query.where(Offer.organisation_id == organisation_id)
    return OfferFigures(*session.execute(query).one())
