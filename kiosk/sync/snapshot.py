"""A desk's full copy of central's catalogue: on its first pull, and when central answers `resync`.

Page after page from revision 0, each page upserted in its own transaction, so the kiosk keeps serving the catalogue
it has (old and new records side by side for a moment, never an empty one). Every record central lists is noted in
`sync_snapshot_seen`; a last transaction deletes the desk's records central no longer has and sets the cursor. The
copy's progress is in the database, so a copy cut halfway goes on from its last page in the next round.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.sync.apply import Applied, apply_changes, delete_records
from kiosk.sync.changelog import MODELS, SEEDED
from kiosk.sync.client import CentralClient, LinkDown
from kiosk.sync.desk_models import Snapshot, SnapshotSeen
from kiosk.sync.loop import state

log = logging.getLogger(__name__)


def in_progress(work: Session) -> Snapshot | None:
    """Return the copy in progress, if a round left one halfway."""
    return work.get(Snapshot, 1)


def take(work: Session, client: CentralClient, limit: int, restart: bool = False) -> Applied:
    """Copy central's whole catalogue (going on with a copy in progress unless `restart`), then swap it in."""
    from kiosk.sync.pull import fetch

    copy = _begin(work, restart)
    total, restarted = Applied(), restart
    while True:
        answer = fetch(client, copy.since, limit)
        if answer["resync"]:  # the copy was cut for longer than central keeps its deletions: from the start again
            if restarted:
                raise LinkDown("central asks for a full copy again in the middle of one from revision 0")
            copy, restarted = _begin(work, True), True
            continue
        applied = apply_changes(work, answer["changes"])
        _note_seen(work, applied)
        copy.since = answer["next"]
        state(work).schema = answer["schema"] or ""
        work.commit()
        total |= applied
        if not answer["more"]:
            return total | finish(work, copy)


def _begin(work: Session, restart: bool) -> Snapshot:
    copy = in_progress(work)
    if copy is not None and not restart:
        log.info("sync: going on with the full copy of the catalogue from revision %s", copy.since)
        return copy
    work.execute(delete(SnapshotSeen))
    if copy is None:
        copy = Snapshot(id=1, since=0, started_at=clock.now())
        work.add(copy)
    copy.since, copy.started_at = 0, clock.now()
    work.commit()
    log.info("sync: taking a full copy of central's catalogue")
    return copy


def _note_seen(work: Session, applied: Applied) -> None:
    if applied.upserted:
        rows = [{"kind": kind, "record_id": record_id} for kind, record_id in sorted(applied.upserted)]
        work.execute(sqlite_insert(SnapshotSeen).on_conflict_do_nothing(), rows)
    for kind, record_id in applied.deleted:
        work.execute(delete(SnapshotSeen).where(SnapshotSeen.kind == kind, SnapshotSeen.record_id == record_id))


def finish(work: Session, copy: Snapshot) -> Applied:
    """Delete the desk's catalogue records central did not list, set the cursor, and forget the copy: one commit."""
    gone = Applied()
    for kind, model in MODELS.items():
        if kind in SEEDED:  # the migration's records are not in central's change log, and none is ever deleted
            continue
        seen = select(SnapshotSeen.record_id).where(SnapshotSeen.kind == kind)
        ids = list(work.scalars(select(model.id).where(model.id.not_in(seen))))
        delete_records(work, kind, ids)
        gone.deleted.update((kind, record_id) for record_id in ids)
    row = state(work)
    row.revision = copy.since
    work.execute(delete(SnapshotSeen))
    work.delete(copy)
    work.commit()
    log.info("sync: the full copy is in, at revision %s (%s records central no longer has deleted)",
             row.revision, len(gone.deleted))
    return gone
