"""The desk's push: the events of its outbox, oldest first, in batches, until central holds them all.

Each batch names the desk's site and carries the events after the sequence central last acknowledged, in sequence
order; a ticket event also carries its ticket as it stands now, so central can show it to a phone that follows it.
Central answers the highest sequence it holds with nothing missing before it ("acked"): the desk marks those events
sent, forgets their outbox rows and goes on from there, committing after every batch. A lost answer costs one batch
sent twice, which central ignores.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.feedback.models import Rating
from kiosk.queue.models import Ticket, TicketEvent
from kiosk.sync.client import CentralClient, LinkDown
from kiosk.sync.models import DeskSync, Outbox
from kiosk.sync.outbox import MODELS, TICKET_EVENT, USAGE_EVENT, VISIT_RATING, VISIT_REASON
from kiosk.usage.models import UsageEvent

BATCH = 500  # central refuses a larger batch
TICKET_FIELDS = ("uuid", "token", "site_id", "service_id", "day", "number", "prefix", "lang", "channel", "priority",
                 "status", "counter_id", "offer_reference", "request_token", "queued_at", "taken_at", "called_at",
                 "started_at", "finished_at")


class Stuck(LinkDown):
    """Central waits for events this desk no longer holds: someone must look (central restored from a backup?).

    A link down to the loop, which keeps trying (and backing off): the error shows in the desk's health and in
    central's admin, which the desk tells on every call."""


def step(session: Session, client: CentralClient) -> None:
    """Send the outbox to central batch by batch until central holds every event, committing after each batch."""
    from kiosk.sync.loop import state

    site = current_app.config["KIOSK_SITE"]
    while True:
        sync = state(session)
        rows = list(session.scalars(select(Outbox).where(Outbox.seq > sync.pushed_through)
                                    .order_by(Outbox.seq).limit(BATCH)))
        if not rows:
            session.commit()
            return
        answer = client.post("events", {"site": site, "events": batch(session, rows)})
        acked, gap = _read(answer)
        before = sync.pushed_through
        acknowledge(session, sync, min(acked, _highest(session)), clock.now())
        session.commit()
        if acked < rows[-1].seq and acked == before:
            raise Stuck(f"central holds this desk's events only through {acked} and waits for {_span(gap)}")


def batch(session: Session, rows: list[Outbox]) -> list[dict]:
    """Return the outbox rows as the events central takes: sequence, type and the event's fields (and ticket)."""
    found = {kind: _events(session, model, [row.uuid for row in rows if row.kind == kind])
             for kind, model in MODELS.items()}
    found[VISIT_REASON] = _events(session, Rating, [row.uuid for row in rows if row.kind == VISIT_REASON],
                                  Rating.reason_uuid)
    tickets = _tickets(session, {event.ticket_uuid for event in found[TICKET_EVENT].values()})
    events = []
    for row in rows:
        event = found[row.kind].get(row.uuid)
        if event is None:
            raise Stuck(f"the outbox names event {row.uuid} ({row.kind}), which this desk no longer holds")
        item = {"seq": row.seq, "type": row.kind}
        if row.kind == TICKET_EVENT:
            ticket = tickets.get(event.ticket_uuid)
            item["data"] = ticket_event_fields(event)
            item["ticket"] = ticket_fields(ticket) if ticket is not None else None
        elif row.kind == USAGE_EVENT:
            item["data"] = usage_event_fields(event)
        elif row.kind == VISIT_RATING:
            item["data"] = rating_fields(event)
        else:
            item["data"] = {"uuid": event.uuid, "site": event.site, "reason": event.reason}
        events.append(item)
    return events


def acknowledge(session: Session, sync: DeskSync, acked: int, now: datetime) -> None:
    """Take central's acknowledgement: mark the events it holds sent and forget their outbox rows."""
    held = select(Outbox.uuid).where(Outbox.seq <= acked)
    session.execute(update(TicketEvent).where(TicketEvent.uuid.in_(held.where(Outbox.kind == TICKET_EVENT)),
                                              TicketEvent.sent_at.is_(None)).values(sent_at=now))
    session.execute(update(UsageEvent).where(UsageEvent.uuid.in_(held.where(Outbox.kind == USAGE_EVENT)),
                                             UsageEvent.sent_at.is_(None)).values(sent_at=now))
    # Central holds these ratings and has marked their tickets rated: the desk forgets which ticket each one was.
    session.execute(update(Rating).where(Rating.uuid.in_(held.where(Outbox.kind == VISIT_RATING)),
                                         Rating.ticket_uuid.is_not(None)).values(ticket_uuid=None))
    session.execute(delete(Outbox).where(Outbox.seq <= acked))
    sync.pushed_through = acked


def ticket_event_fields(event: TicketEvent) -> dict:
    """Return a ticket event's fields as pushed."""
    return {"uuid": event.uuid, "ticket_uuid": event.ticket_uuid, "site": event.site, "kind": event.kind,
            "at": _moment(event.at), "data": event.data or {}}


def usage_event_fields(event: UsageEvent) -> dict:
    """Return a usage event's fields as pushed."""
    return {"uuid": event.uuid, "kind": event.kind, "offer_id": event.offer_id, "site": event.site,
            "terminal": event.terminal, "lang": event.lang, "created_at": _moment(event.created_at)}


def rating_fields(rating: Rating) -> dict:
    """Return a rating's fields as pushed, with its ticket's UUID for central's once-per-ticket check."""
    return {"uuid": rating.uuid, "site": rating.site, "service_id": rating.service_id,
            "day": rating.day.isoformat(), "face": rating.face, "reason": rating.reason, "channel": rating.channel,
            "ticket_uuid": rating.ticket_uuid}


def ticket_fields(ticket: Ticket) -> dict:
    """Return a ticket as it stands, for central's copy."""
    fields = {name: getattr(ticket, name) for name in TICKET_FIELDS}
    fields["day"] = ticket.day.isoformat()
    for name in ("queued_at", "taken_at", "called_at", "started_at", "finished_at"):
        fields[name] = _moment(fields[name])
    return fields


def _events(session: Session, model, uuids: list[str], column=None) -> dict:
    if not uuids:
        return {}
    column = column if column is not None else model.uuid
    return {getattr(event, column.key): event for event in session.scalars(select(model).where(column.in_(uuids)))}


def _tickets(session: Session, uuids: set[str]) -> dict[str, Ticket]:
    if not uuids:
        return {}
    return {ticket.uuid: ticket for ticket in session.scalars(select(Ticket).where(Ticket.uuid.in_(uuids)))}


def _highest(session: Session) -> int:
    """Return the highest sequence the desk ever numbered: central cannot hold more than that."""
    return session.scalar(select(func.max(Outbox.seq))) or 0


def _read(answer: dict) -> tuple[int, list | None]:
    acked, gap = answer.get("acked"), answer.get("gap")
    if not isinstance(acked, int) or isinstance(acked, bool) or acked < 0:
        raise LinkDown(f"central's answer to a push has no acknowledgement: {str(answer)[:200]}")
    return acked, gap if isinstance(gap, list) else None


def _span(gap: list | None) -> str:
    return f"{gap[0]}–{gap[1]}" if gap and len(gap) == 2 else "an earlier event"


def _moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)).isoformat()
