"""A desk's outbox: every ticket event, usage event and rating it logs is owed to central, numbered in commit order.

A SQLAlchemy `before_flush` hook adds the outbox row beside each new event, in the same flush and so the same
transaction: no writer can log an event and forget to push it, and a rolled back event leaves no row behind. Only a
desk writes the outbox; a standalone server keeps its events, and central receives them.
"""

from __future__ import annotations

import uuid

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from kiosk.feedback.models import Rating
from kiosk.queue.models import TicketEvent
from kiosk.sync.models import Outbox
from kiosk.usage.models import UsageEvent

TICKET_EVENT, USAGE_EVENT = "ticket_event", "usage_event"
# A visit's rating is an event of its own; its reason, added later, another (kiosk.feedback.services writes that one).
VISIT_RATING, VISIT_REASON = "visit_rating", "visit_reason"
KINDS = {TicketEvent: TICKET_EVENT, UsageEvent: USAGE_EVENT, Rating: VISIT_RATING}
MODELS = {kind: model for model, kind in KINDS.items()}


def owes_central() -> bool:
    """Say whether this server is a desk, whose events go to central."""
    return has_app_context() and current_app.config.get("KIOSK_ROLE") == "desk"


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    new = [instance for instance in session.new if type(instance) in KINDS]
    if not new or not owes_central():
        return
    # In the order the events were added, which is the order the flush inserts them: a ticket's events stay in order.
    for instance in sorted(new, key=lambda instance: inspect(instance).insert_order):
        instance.uuid = instance.uuid or str(uuid.uuid4())  # the column's default would come only at INSERT
        session.add(Outbox(kind=KINDS[type(instance)], uuid=instance.uuid))
