"""The desk's pull: central's catalogue changes since the desk's cursor, applied batch by batch with the cursor.

Each batch and the cursor it moves to are one transaction: a crash or a cut link in the middle repeats the batch,
and applying a batch again changes nothing. A cursor of 0 (a desk that never pulled), central's `resync` answer
(the cursor is older than the deletions central remembers) or a full copy cut halfway take a full copy instead
(`kiosk.sync.snapshot`). Pulled offers get their sheets from a low-priority process (`kiosk.sync.sheet_child`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context
from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.sync import schema, sheet_child, snapshot
from kiosk.sync.apply import Applied, apply_changes
from kiosk.sync.client import CentralClient, LinkDown
from kiosk.sync.loop import SchemaTooNew, state

log = logging.getLogger(__name__)
LIMIT = 500
# The catalogue's tables checked after every pull that changed something; after a deletion, every table is.
CATALOGUE_TABLES = ("organisation", "site", "site_closure", "offer", "offer_translation", "service", "counter",
                    "counter_service", "terminal", "staff_user")


def step(session: Session, client: CentralClient, limit: int = LIMIT) -> None:
    """Bring the desk's catalogue up to central's latest revision, then start the sheets of the offers it changed."""
    with applying(session) as work:
        if snapshot.in_progress(work) or state(work).revision == 0:
            applied = snapshot.take(work, client, limit)
        else:
            applied = catch_up(work, client, limit)
        if applied:
            check_foreign_keys(work, every_table=bool(applied.deleted))
    session.expire_all()  # the loop's own session reads the cursor again
    if (applied.offers or sheet_child.wanted()) and has_app_context():
        sheet_child.start(current_app._get_current_object())


def catch_up(work: Session, client: CentralClient, limit: int) -> Applied:
    """Apply central's changes after the cursor, one committed batch at a time, until central has no more."""
    total = Applied()
    while True:
        row = state(work)
        answer = fetch(client, row.revision, limit)
        if answer["resync"]:
            log.info("sync: central no longer remembers every deletion after revision %s: taking a full copy",
                     row.revision)
            return total | snapshot.take(work, client, limit, restart=True)
        applied = apply_changes(work, answer["changes"])
        row.revision, row.schema = answer["next"], answer["schema"] or ""
        work.commit()
        total |= applied
        if not answer["more"]:
            return total


def fetch(client: CentralClient, since: int, limit: int) -> dict:
    """Ask central for the changes after `since`; refuse a schema this desk does not know before anything else."""
    answer = client.get("changes", since=since, limit=limit)
    central_schema = answer.get("schema") if isinstance(answer, dict) else None
    if schema.is_newer(central_schema):
        raise SchemaTooNew(f"central's schema {central_schema} is newer than this desk's {schema.head()}: "
                           "nothing was applied; upgrade the desk")
    changes, after = answer.get("changes"), answer.get("next")
    if not isinstance(changes, list) or not isinstance(after, int) or after < since:
        raise LinkDown(f"central's answer to changes since {since} is not a list of changes and a next revision")
    more = bool(answer.get("more"))
    if more and after == since:
        raise LinkDown(f"central says there is more after {since} but gave nothing")
    return {"changes": changes, "next": after, "more": more, "resync": bool(answer.get("resync")),
            "schema": central_schema if isinstance(central_schema, str) else ""}


@contextmanager
def applying(session: Session) -> Iterator[Session]:
    """Give a session on a connection of its own whose foreign keys are off until the pull is done.

    Central's log keeps only each record's newest revision, so a counter may come before its site, even a batch
    earlier; `check_foreign_keys` reports what is still dangling once the desk has caught up. The connection has
    them on again before it goes back to the pool, so nothing else ever writes without them.
    """
    connection = session.get_bind().connect()
    sqlite = connection.dialect.name == "sqlite"
    try:
        if sqlite:  # outside any transaction: SQLite ignores this pragma inside one
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with Session(bind=connection) as work:
            yield work
    finally:
        connection.rollback()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
        connection.close()


def check_foreign_keys(work: Session, every_table: bool = False) -> list[tuple]:
    """Log (and return) the rows that point at a record the desk does not have, now that it has caught up."""
    if work.get_bind().dialect.name != "sqlite":
        return []
    tables = [None] if every_table else CATALOGUE_TABLES
    found = []
    for table in tables:
        pragma = "PRAGMA foreign_key_check" + (f"({table})" if table else "")
        found += [tuple(row) for row in work.execute(text(pragma))]
    work.rollback()
    dangling: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _key in found:
        dangling[table, parent] = dangling.get((table, parent), 0) + 1
    for (table, parent), count in sorted(dangling.items()):
        log.warning("sync: %s row(s) of %s point at a %s the desk does not have", count, table, parent)
    return found
