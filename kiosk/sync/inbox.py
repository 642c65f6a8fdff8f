"""Central's side of the push: a desk's events stored once each, released in the desk's own order.

A batch's events first go to a staging inbox keyed by (site, sequence), which ignores a sequence it holds already.
Then the run of staged events that follows the desk's acknowledged sequence with nothing missing is released into
central's event logs (each by its UUID, once) and its tickets' copies, and the acknowledgement moves to its end.
Events after a hole wait in the inbox until the hole is filled; the hole is the gap central reports. So a batch sent
twice, or after the one that followed it, ends exactly as if every batch had come once and in order: the reports'
fold reads each ticket's events in the order the desk logged them, and a ticket's copy ends as its newest state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.feedback import central as ratings
from kiosk.network.models import Site
from kiosk.queue.models import Counter, Service, Ticket, TicketEvent
from kiosk.sync import links
from kiosk.sync.models import DeskLink, Inbox
from kiosk.sync.outbox import TICKET_EVENT, USAGE_EVENT, VISIT_RATING, VISIT_REASON
from kiosk.usage.models import UsageEvent

log = logging.getLogger(__name__)

RELEASE_BATCH = 1000
MOMENTS = ("queued_at", "taken_at", "called_at", "started_at", "finished_at")


@dataclass(frozen=True)
class Received:
    """Central's answer to a batch: the desk's highest sequence held with nothing missing before it, and the hole
    after it, while later events wait."""

    acked: int
    gap: tuple[int, int] | None

    def as_json(self) -> dict:
        return {"acked": self.acked, "gap": list(self.gap) if self.gap else None}


def receive(session: Session, site: Site, events: list[dict], now: datetime) -> Received:
    """Stage a desk's checked events, release what follows its acknowledgement in order; flushed, not committed."""
    link = links.hold(session, site.id)
    fresh = [event for event in events if event["seq"] > link.acked_through]
    if fresh:
        statement = _insert(session)(Inbox).on_conflict_do_nothing(index_elements=[Inbox.site_id, Inbox.seq])
        session.execute(statement, [{"site_id": site.id, "seq": event["seq"], "kind": event["type"],
                                     "data": event["data"], "ticket": event.get("ticket"), "received_at": now}
                                    for event in fresh])
    while _release(session, site, link):
        pass
    return _gap(session, site, link)


def _insert(session: Session):
    """Return the dialect's INSERT, which can say what to do on a conflict."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _release(session: Session, site: Site, link: DeskLink) -> bool:
    """Release the next contiguous staged events; say whether a whole batch went (more may follow)."""
    staged = list(session.scalars(select(Inbox).where(Inbox.site_id == site.id, Inbox.seq > link.acked_through)
                                  .order_by(Inbox.seq).limit(RELEASE_BATCH)))
    run = []
    for row in staged:
        if row.seq != link.acked_through + len(run) + 1:
            break
        run.append(row)
    if not run:
        return False
    _store(session, site, run)
    link.acked_through = run[-1].seq
    session.execute(delete(Inbox).where(Inbox.site_id == site.id, Inbox.seq <= link.acked_through))
    session.flush()
    return len(run) == RELEASE_BATCH


def _gap(session: Session, site: Site, link: DeskLink) -> Received:
    waiting = session.scalar(select(Inbox.seq).where(Inbox.site_id == site.id, Inbox.seq > link.acked_through)
                             .order_by(Inbox.seq).limit(1))
    gap = (link.acked_through + 1, waiting - 1) if waiting is not None else None
    if gap and gap != (link.gap_from, link.gap_to):
        log.warning("sync: the desk of %s skipped events %s to %s: the later ones wait", site.slug, *gap)
    link.gap_from, link.gap_to = gap or (None, None)
    session.flush()
    return Received(link.acked_through, gap)


def _store(session: Session, site: Site, run: list[Inbox]) -> None:
    """Put a released run into the event logs, each event once by UUID, and bring its tickets' copies up to date."""
    insert = _insert(session)
    ticket_events = [_ticket_event(row.data) for row in run if row.kind == TICKET_EVENT]
    usage_events = [_usage_event(row.data) for row in run if row.kind == USAGE_EVENT]
    if ticket_events:  # in sequence order, so central's ids keep each ticket's events in the desk's order
        session.execute(insert(TicketEvent).on_conflict_do_nothing(index_elements=[TicketEvent.uuid]), ticket_events)
    if usage_events:
        session.execute(insert(UsageEvent).on_conflict_do_nothing(index_elements=[UsageEvent.uuid]), usage_events)
    for row in run:  # few, and each depends on the ones before (once per ticket, a reason after its rating)
        if row.kind == VISIT_RATING:
            ratings.store_pushed(session, row.data)
        elif row.kind == VISIT_REASON:
            ratings.store_pushed_reason(session, row.data)
    newest = {row.ticket["uuid"]: row.ticket for row in run if row.ticket}  # the later sequence wins
    if newest:
        _copy_tickets(session, site, list(newest.values()))


def _ticket_event(data: dict) -> dict:
    # created_at is left to central's database clock: the fold trusts it to tell a settled hole in the ids.
    return {"uuid": data["uuid"], "ticket_uuid": data["ticket_uuid"], "site": data["site"], "kind": data["kind"],
            "at": datetime.fromisoformat(data["at"]), "data": data["data"]}


def _usage_event(data: dict) -> dict:
    return {"uuid": data["uuid"], "kind": data["kind"], "offer_id": data["offer_id"], "site": data["site"],
            "terminal": data["terminal"], "lang": data["lang"],
            "created_at": datetime.fromisoformat(data["created_at"])}


def _copy_tickets(session: Session, site: Site, tickets: list[dict]) -> None:
    """Upsert central's copies of a desk's tickets by UUID; skip one central cannot hold beside its own records."""
    services = set(session.scalars(select(Service.id).where(Service.site_id == site.id,
                                                             Service.id.in_({t["service_id"] for t in tickets}))))
    counters = set(session.scalars(select(Counter.id).where(
        Counter.site_id == site.id, Counter.id.in_({t["counter_id"] for t in tickets if t["counter_id"]}))))
    taken = _codes_and_tokens(session, site, tickets)
    rows = []
    for ticket in tickets:
        row = dict(ticket, day=date.fromisoformat(ticket["day"]),
                   counter_id=ticket["counter_id"] if ticket["counter_id"] in counters else None,
                   **{name: datetime.fromisoformat(ticket[name]) if ticket[name] else None for name in MOMENTS})
        clash = {taken.get(key) for key in _keys(ticket)} - {None, ticket["uuid"]}
        if ticket["service_id"] not in services or clash:
            log.warning("sync: no copy of ticket %s of %s: %s", ticket["uuid"], site.slug,
                        "its code or token is another ticket's" if clash else "central lacks its service")
            continue
        rows.append(row)
    if rows:
        statement = _insert(session)(Ticket)
        columns = [name for name in rows[0] if name != "uuid"]
        session.execute(statement.on_conflict_do_update(
            index_elements=[Ticket.uuid], set_={name: statement.excluded[name] for name in columns}), rows)


def _keys(ticket: dict) -> list[tuple]:
    """Return what must be one ticket's only: its code on its day, its phone token, its request's token."""
    keys = [("code", ticket["day"], ticket["prefix"], ticket["number"]), ("token", ticket["token"])]
    return keys + ([("request", ticket["request_token"])] if ticket["request_token"] else [])


def _codes_and_tokens(session: Session, site: Site, tickets: list[dict]) -> dict[tuple, str]:
    """Return which ticket at central holds each code, token and request token the copies would take."""
    days = {date.fromisoformat(t["day"]) for t in tickets}
    numbers = {t["number"] for t in tickets}
    tokens = {t["token"] for t in tickets} | {t["request_token"] for t in tickets if t["request_token"]}
    found = session.execute(select(Ticket.uuid, Ticket.day, Ticket.prefix, Ticket.number, Ticket.token,
                                   Ticket.request_token)
                            .where(((Ticket.site_id == site.id) & Ticket.day.in_(days) & Ticket.number.in_(numbers))
                                   | Ticket.token.in_(tokens) | Ticket.request_token.in_(tokens)))
    holders = {}
    for row in found:
        holders[("code", row.day.isoformat(), row.prefix, row.number)] = row.uuid
        holders[("token", row.token)] = row.uuid
        if row.request_token:
            holders[("request", row.request_token)] = row.uuid
    return holders
