"""Central's side of the ratings a desk pushes: stored once each, and only one per ticket across the network.

A phone following a desk's ticket on central may rate it there while the desk's kiosk rates it too: whichever
reaches central first counts, the other is dropped. The pushed rating names its ticket for that check alone; central
marks the ticket rated and stores the rating without it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.feedback.models import RatedTicket, Rating


def store_pushed(session: Session, data: dict) -> bool:
    """Store a desk's rating unless central holds it or its ticket was rated already; say whether it was stored."""
    if session.scalar(select(Rating.id).where(Rating.uuid == data["uuid"])) is not None:
        return False
    if data.get("ticket_uuid"):
        try:
            with session.begin_nested():
                session.add(RatedTicket(ticket_uuid=data["ticket_uuid"]))
        except IntegrityError:
            return False
    session.add(Rating(uuid=data["uuid"], site=data["site"], service_id=data["service_id"],
                       day=date.fromisoformat(data["day"]), face=data["face"], reason=data["reason"],
                       channel=data["channel"]))
    session.flush()
    return True


def store_pushed_reason(session: Session, data: dict) -> None:
    """Give a stored rating the reason the desk added after its face (a dropped rating stays dropped)."""
    session.execute(update(Rating).where(Rating.uuid == data["uuid"], Rating.reason == "")
                    .values(reason=data["reason"]))

