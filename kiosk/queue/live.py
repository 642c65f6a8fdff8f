"""Live queue changes for the waiting-room displays, across processes and hosts.

Each server process has one watcher per database (a daemon thread, started when a display first listens and
stopped when the last one leaves). It notices the changes of the sites being watched by reading the database
itself: every POLL_SECONDS it reads a cheap fingerprint of each watched site's ticket events (the index on
ticket_event(site, id) answers it). On PostgreSQL it also LISTENs on a channel that every commit adding ticket
events NOTIFYs in the same transaction, so it wakes at once and polls only as a safety net. A commit in this very
process asks the watcher to read at once, without taking a connection of its own: a request never holds two.
Nothing that must be shared lives only in one process's memory: the database is the message bus.

A stream asks for a site's *generation*, renders, then waits for the generation to change.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.queue.models import TicketEvent

log = logging.getLogger(__name__)

CHANNEL = "kiosk_queue"  # PostgreSQL NOTIFY channel; the payload is the site's slug
POLL_SECONDS = 0.05  # how often the database is read for changes (one indexed read per watched site)
LISTEN_POLL_SECONDS = 1.0  # with LISTEN/NOTIFY, polling only catches what a notification might miss
_LISTEN_STEP = 0.5  # how often a listening watcher looks up from its wait to see whether anyone still watches
RETRY_SECONDS = (0.5, 1, 2, 5)  # waits after the database could not be read, then 5 s each time
_WINDOW = 100  # the latest ids counted in a fingerprint: an id committed late (PostgreSQL) still shows
_PENDING = "kiosk_live_pending"  # session.info key: sites with new ticket events in the open transaction

Fingerprint = tuple[int, int]


def fingerprint(connection: Connection, site: str) -> Fingerprint:
    """Return (latest event id, events among the latest ids) of a site: it changes with every new event."""
    table = TicketEvent.__table__
    top = select(func.coalesce(func.max(table.c.id), 0)).where(table.c.site == site).scalar_subquery()
    row = connection.execute(
        select(func.coalesce(func.max(table.c.id), 0), func.count())
        .where(table.c.site == site, table.c.id > top - _WINDOW)
    ).one()
    return int(row[0]), int(row[1])


class Hub:
    """The watcher of one database in this process, and the streams waiting on its sites."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._cond = threading.Condition()
        self._listeners: Counter[str] = Counter()  # site -> streams watching it
        self._generation: dict[str, int] = {}
        self._prints: dict[str, Fingerprint] = {}
        self._thread: threading.Thread | None = None
        self._wake = False  # a commit of this process asked the watcher to read now
        self.listen = engine.dialect.name == "postgresql"

    @contextmanager
    def watching(self, site: str) -> Iterator[None]:
        """Watch a site while the block runs; the watcher thread runs while anyone watches."""
        known = None
        with self._cond:
            known = self._prints.get(site)
        if known is None:
            # A baseline before the caller reads the generation and renders: no change can slip in between.
            with self.engine.connect() as connection:
                known = fingerprint(connection, site)
                connection.rollback()
        with self._cond:
            self._listeners[site] += 1
            self._prints.setdefault(site, known)
            self._generation.setdefault(site, 0)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kiosk-live", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._cond:
                self._listeners[site] -= 1
                if self._listeners[site] <= 0:
                    del self._listeners[site]
                    self._prints.pop(site, None)
                    self._generation.pop(site, None)
                self._cond.notify_all()

    def join(self, timeout: float = 10.0) -> bool:
        """Wait for the watcher thread to stop (it stops once nobody watches); say whether it has."""
        with self._cond:
            thread = self._thread
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def watched(self) -> set[str]:
        """Return the sites someone in this process is watching."""
        with self._cond:
            return set(self._listeners)

    def generation(self, site: str) -> int:
        """Return the number of changes seen on a site since it was first watched."""
        with self._cond:
            return self._generation.get(site, 0)

    def wait(self, site: str, seen: int, timeout: float) -> int | None:
        """Wait until a site's generation is not `seen` any more; return it, or None after `timeout` seconds."""
        with self._cond:
            changed = self._cond.wait_for(lambda: self._generation.get(site, 0) != seen, timeout)
            return self._generation.get(site, 0) if changed else None

    def committed(self, sites: set[str]) -> None:
        """Ask the watcher to read the sites a commit of this process changed, now rather than at its next poll.

        Called right after a commit, while the committing session may still hold its connection: it takes no
        connection of its own (a request never needs two at once); the watcher reads with the one it holds.
        """
        with self._cond:
            if sites & set(self._listeners):
                self._wake = True
                self._cond.notify_all()

    def changed(self, sites: set[str]) -> None:
        """Wake the streams of sites that changed."""
        with self._cond:
            touched = [site for site in sites if site in self._listeners]
            for site in touched:
                self._generation[site] += 1
            if touched:
                self._cond.notify_all()

    def _observe(self, prints: dict[str, Fingerprint]) -> None:
        with self._cond:
            moved = {site for site, mark in prints.items()
                     if site in self._prints and self._prints[site] != mark}
            for site in moved:
                self._prints[site] = prints[site]
        self.changed(moved)

    def _run(self) -> None:
        connection: Connection | None = None
        failures = 0
        try:
            while True:
                with self._cond:
                    sites = list(self._listeners)
                    if not sites:
                        self._thread = None
                        return
                try:
                    if connection is None:
                        connection = self._connect()
                    self._observe({site: fingerprint(connection, site) for site in sites})
                    failures = 0
                    self._pause(connection)
                except SQLAlchemyError as error:  # the database went away: keep trying, quietly
                    log.warning("live queue watcher cannot read the database: %s", error.__class__.__name__)
                    connection = self._drop(connection)
                    time.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                    failures += 1
        finally:
            self._drop(connection)

    def _connect(self) -> Connection:
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if self.listen:
            connection.exec_driver_sql(f"LISTEN {CHANNEL}")
        return connection

    def _pause(self, connection: Connection) -> None:
        """Wait for the next poll; on PostgreSQL, a notification for a watched site ends the wait early."""
        if not self.listen:
            with self._cond:
                self._cond.wait_for(lambda: self._wake or not self._listeners, POLL_SECONDS)
                self._wake = False
            return
        raw = connection.connection.dbapi_connection
        deadline = time.monotonic() + LISTEN_POLL_SECONDS
        try:
            while (left := deadline - time.monotonic()) > 0:
                for _note in raw.notifies(timeout=min(left, _LISTEN_STEP), stop_after=1):
                    return
                with self._cond:
                    if not self._listeners or self._wake:  # everyone left, or a commit here: read now
                        self._wake = False
                        return
        except Exception as error:  # psycopg's own errors: the connection is gone
            raise _Lost(error) from error

    @staticmethod
    def _drop(connection: Connection | None) -> None:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                connection.invalidate()
        return None


class _Lost(SQLAlchemyError):
    """The watcher's connection broke while it waited for a notification."""


_hubs: weakref.WeakKeyDictionary[Engine, Hub] = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()


def hub_for(engine: Engine) -> Hub:
    """Return this process's hub for a database, made on first use."""
    with _hubs_lock:
        hub = _hubs.get(engine)
        if hub is None:
            hub = _hubs[engine] = Hub(engine)
        return hub


@event.listens_for(Session, "after_flush")
def _note_new_events(session: Session, _flush_context) -> None:
    """Remember which sites got ticket events; on PostgreSQL, NOTIFY in the same transaction."""
    sites = {obj.site for obj in session.new if isinstance(obj, TicketEvent)}
    if not sites:
        return
    connection = session.connection(bind_arguments={"mapper": TicketEvent.__mapper__})
    session.info.setdefault(_PENDING, {}).setdefault(connection.engine, set()).update(sites)
    if connection.dialect.name == "postgresql":
        for site in sorted(sites):
            connection.execute(text("SELECT pg_notify(:channel, :site)"), {"channel": CHANNEL, "site": site})


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session: Session) -> None:
    """Wake this process's streams at once after a commit that added ticket events."""
    for engine, sites in session.info.pop(_PENDING, {}).items():
        hub = _hubs.get(engine)
        if hub is not None:
            hub.committed(sites)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
