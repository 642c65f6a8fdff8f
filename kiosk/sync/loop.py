"""The desk's sync loop: pull the catalogue, push the events, take central's remote requests; again and again.

One loop runs per desk, beside the server and not inside it (`flask --app wsgi kiosk sync`, the systemd unit
`deploy/infolavoro-sync.service`): however many workers serve the kiosk, a lock file next to the database lets only
one loop run. Each round is a few short transactions, so it never holds the database against the kiosk for long.
While the link is up a round starts every `KIOSK_SYNC_INTERVAL` seconds; while it is down the wait doubles, up to
`KIOSK_SYNC_MAX_BACKOFF`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.extensions import db
from kiosk.sync import schema
from kiosk.sync.client import CentralClient, LinkDown, Refused, SyncError
from kiosk.sync.models import DeskSync

log = logging.getLogger(__name__)

# A step is one part of an exchange with central: it commits its own work and raises SyncError when the link fails.
Step = Callable[[Session, CentralClient], None]


class SchemaTooNew(SyncError):
    """Central speaks a schema this desk does not know: nothing is applied until the desk is upgraded."""


@dataclass
class Round:
    """How a round went: the link's state afterwards, and the error that stopped it."""

    link: str
    error: str = ""


def steps() -> list[Step]:
    """Return the steps of a round, in order: pull first, so pushed events name records the desk has."""
    from kiosk.sync import pull, push, remote_desk

    return [pull.step, push.step, remote_desk.step]


def state(session: Session) -> DeskSync:
    """Return the desk's sync row, made on first use."""
    row = session.get(DeskSync, 1)
    if row is None:
        row = DeskSync(id=1, revision=0, schema="", pushed_through=0, link="never", last_error="")
        session.add(row)
        session.flush()
    return row


def sync_once(session: Session, client: CentralClient) -> Round:
    """Run one round and record its outcome in the desk's sync row; never raise for a failed link."""
    outcome = Round("up")
    client.tell(state(session).last_error, schema.head())
    session.commit()
    try:
        for step in steps():
            step(session, client)
    except SchemaTooNew as error:
        outcome = Round("schema", str(error))
    except Refused as error:
        outcome = Round("refused", str(error))
    except LinkDown as error:
        outcome = Round("down", str(error))
    except SQLAlchemyError as error:  # the desk's own database refused a batch: said where people look, then again
        log.exception("sync: the desk's database refused the round")
        outcome = Round("error", f"{type(error).__name__}: {error}".splitlines()[0])
    session.rollback()  # whatever a failed step left half done
    row = state(session)
    row.last_attempt_at = clock.now()
    row.link, row.last_error = outcome.link, outcome.error[:300]
    if outcome.link == "up":
        row.last_ok_at = row.last_attempt_at
    session.commit()
    if outcome.error:
        log.warning("sync: %s: %s", outcome.link, outcome.error)
    return outcome


def client_for(app: Flask, **kwargs) -> CentralClient:
    """Return a client for this desk's central, with its token."""
    return CentralClient(app.config["KIOSK_CENTRAL_URL"], app.config["KIOSK_SYNC_TOKEN"], **kwargs)


def run(app: Flask, *, once: bool = False, stop: Callable[[], bool] = lambda: False) -> None:
    """Run rounds until stopped: every interval while the link is up, backing off while it is down."""
    interval = app.config["KIOSK_SYNC_INTERVAL"]
    longest = max(interval, app.config["KIOSK_SYNC_MAX_BACKOFF"])
    client = client_for(app)
    wait = interval
    try:
        with single_loop(lock_path(app)):
            while True:
                outcome = sync_once(db.session, client)
                db.session.remove()
                if once or stop():
                    return
                wait = interval if outcome.link == "up" else min(longest, max(wait * 2, 1.0))
                time.sleep(wait)
    finally:
        client.close()


def lock_path(app: Flask) -> Path:
    """Return the loop's lock file: beside the desk's SQLite database, or in the instance folder."""
    database = db.engine.url.database if db.engine.url.get_backend_name() == "sqlite" else None
    if database and database != ":memory:":
        return Path(database).with_suffix(".sync-lock")
    return Path(app.instance_path) / "sync.lock"


class AlreadyRunning(RuntimeError):
    """Another sync loop holds this desk's lock."""


@contextmanager
def single_loop(path: Path):
    """Hold an exclusive lock on `path` while the loop runs; the kernel frees it when the process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole loop
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(f"another sync loop holds {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
