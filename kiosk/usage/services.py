"""Recording usage events."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.usage.models import EVENT_KINDS, UsageEvent


def record(session: Session, kind: str, offer_id: int, site: str, lang: str, terminal: str = "") -> UsageEvent:
    """Append a usage event; the caller commits."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown usage event kind {kind!r}")
    event = UsageEvent(kind=kind, offer_id=offer_id, site=site, lang=lang, terminal=terminal)
    session.add(event)
    return event
