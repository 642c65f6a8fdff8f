"""The network (issue: the network, item 9): a desk's first sync of 10,000 offers, one changed offer from central's
commit to a desk's kiosk, and a push of 10,000 events, each beside a plain SQL copy of the same rows.

Central runs under gunicorn on a PostgreSQL database of the benchmark's own; the desk is an SQLite file. The first
sync and the push run the desk's own round (`kiosk.sync.loop.sync_once`) in this process over real HTTP; the
latency runs the desk as it is deployed: its gunicorn and its sync loop (`flask kiosk sync`) at the fastest
setting, with a kiosk browser's requests polling the offer's page.
"""

from __future__ import annotations

import http.client
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from benchmarks.harness import ROOT, flask, gunicorn
from benchmarks.reports import POSTGRES_URL, _postgres_database

OFFERS = 10_000
EVENTS = 10_000
LATENCY_ROUNDS = 15
FASTEST = "0.05"  # seconds between the loop's rounds: KIOSK_SYNC_INTERVAL's lowest setting
TARGETS = {"first sync": 20.0, "one change": 0.2, "push": 10.0}  # seconds
SECRET = "bench-Secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def run() -> list[tuple[str, bool]]:
    """Measure the three targets; a missing PostgreSQL is a target not measured."""
    with _postgres_database() as url, tempfile.TemporaryDirectory() as folder:
        if not url:
            print(f"\nSync: not measured, {POSTGRES_URL} does not answer.")
            return [(f"sync: not measured ({POSTGRES_URL} does not answer)", False)]
        return _measure(url, Path(folder))


def _env(**values: str) -> dict:
    # The demo's accounts serve at central and at the desk only because everything is on this machine.
    return dict(os.environ) | {"SECRET_KEY": SECRET, "KIOSK_WORKERS": "1", "KIOSK_ALWAYS_OPEN": "1",
                               "KIOSK_DEMO_NETWORK": "1", "KIOSK_PUBLIC_URL": "http://127.0.0.1/"} | values


def _measure(central_url: str, folder: Path) -> list[tuple[str, bool]]:
    central_env = _env(KIOSK_ROLE="central", KIOSK_DATABASE_URL=central_url)
    began = time.perf_counter()
    flask(central_env, "db", "upgrade")
    flask(central_env, "kiosk", "demo", "--offers", str(OFFERS))
    print(f"\nSync: central on PostgreSQL with the demo and {OFFERS:,} synthetic offers "
          f"(loaded in {time.perf_counter() - began:.0f} s), the desk on SQLite, over loopback HTTP.")
    token = _desk_token(central_env)
    desk_db = folder / "desk.sqlite3"
    desk_env = _env(KIOSK_ROLE="desk", KIOSK_SITE="la-spezia", KIOSK_DATABASE_URL=f"sqlite:///{desk_db}",
                    KIOSK_SYNC_TOKEN=token, KIOSK_SYNC_INTERVAL=FASTEST, KIOSK_SYNC_SHEETS="0",
                    KIOSK_CENTRAL_URL="http://127.0.0.1:9")  # until central serves, below
    flask(desk_env, "db", "upgrade")
    with gunicorn(central_env, ["--workers", "2", "--threads", "4"], folder / "central.log") as central:
        desk_env["KIOSK_CENTRAL_URL"] = f"http://127.0.0.1:{central.port}"
        first, rows = _first_sync(desk_env)
        first_sql = _copy_catalogue(central_url, folder / "plain.sqlite3")
        pushed, push_sql = _push(desk_env, central_url)
        latencies, change_sql = _latency(desk_env, central_env, desk_db, central_url, folder)
    return _report(rows, first, first_sql, latencies, change_sql, pushed, push_sql)


def _desk_token(env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "kiosk", "desk-token", "make", "la-spezia"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def _app(env: dict):
    """The app of a role, in this process, configured from `env` as its server would be."""
    from kiosk import create_app
    from kiosk.config import from_environment
    from kiosk.extensions import db

    app = create_app(from_environment(env) | {"KIOSK_SHEETS_IN_BACKGROUND": False})  # sheets: not the measure
    with app.app_context():
        yield app, db.session
        db.session.remove()
        db.engine.dispose()


def _first_sync(desk_env: dict) -> tuple[float, int]:
    from kiosk.offers.models import Offer, OfferTranslation
    from kiosk.sync import loop

    with _app(desk_env) as (app, session):
        client = loop.client_for(app)
        began = time.perf_counter()
        outcome = loop.sync_once(session, client)
        seconds = time.perf_counter() - began
        client.close()
        if outcome.link != "up":
            raise RuntimeError(f"the first sync failed: {outcome.link} {outcome.error}")
        offers = session.scalar(sa.select(sa.func.count()).select_from(Offer))
        translations = session.scalar(sa.select(sa.func.count()).select_from(OfferTranslation))
    if offers < OFFERS:
        raise RuntimeError(f"the desk has {offers} offers after its first sync, not {OFFERS}+")
    return seconds, offers + translations


def _copy_catalogue(central_url: str, target: Path) -> float:
    """Copy the offers and their translations from central to an empty migrated SQLite with plain SQL."""
    env = _env(KIOSK_ROLE="standalone", KIOSK_DATABASE_URL=f"sqlite:///{target}")
    flask(env, "db", "upgrade")
    source = sa.create_engine(central_url)
    began = time.perf_counter()
    with source.connect() as pg, sqlite3.connect(target) as lite:
        lite.execute("PRAGMA foreign_keys=OFF")
        for table in ("organisation", "offer", "offer_translation"):
            result = pg.execute(sa.text(f"SELECT * FROM {table}"))
            columns = list(result.keys())
            rows = [tuple(_plain(value) for value in row) for row in result]
            lite.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)
        lite.commit()
    seconds = time.perf_counter() - began
    source.dispose()
    return seconds


def _plain(value):
    if isinstance(value, dict | list):
        import json

        return json.dumps(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return value


def _push(desk_env: dict, central_url: str) -> tuple[float, float]:
    """Log EVENTS ticket events at the desk, time the round that pushes them, and a plain SQL copy of them."""
    from kiosk import clock
    from kiosk.network.models import Site
    from kiosk.queue.issuing import ServiceRef, log, take_ticket
    from kiosk.queue.models import EventKind, Service, TicketEvent
    from kiosk.sync import loop
    from kiosk.sync.models import Outbox

    with _app(desk_env) as (app, session):
        site = session.scalar(sa.select(Site).where(Site.slug == "la-spezia"))
        services = session.scalars(sa.select(Service).where(Service.site_id == site.id)).all()
        now = clock.now() - timedelta(days=1)
        for number in range(EVENTS // 4):
            service = services[number % len(services)]
            ref = ServiceRef(service.id, site.id, site.slug, service.prefix)
            ticket = take_ticket(session, ref, "it", now)
            for kind in (EventKind.CALLED, EventKind.STARTED, EventKind.FINISHED):
                log(session, ticket, site.slug, kind, now)
            if number % 500 == 499:
                session.commit()
        session.commit()
        owed = session.scalar(sa.select(sa.func.count()).select_from(Outbox))
        client = loop.client_for(app)
        began = time.perf_counter()
        outcome = loop.sync_once(session, client)
        seconds = time.perf_counter() - began
        client.close()
        if outcome.link != "up" or session.scalar(sa.select(sa.func.count()).select_from(Outbox)):
            raise RuntimeError(f"the push failed: {outcome.link} {outcome.error}")
        columns = ["uuid", "ticket_uuid", "site", "kind", "at", "data", "created_at"]
        rows = [dict(zip(columns, row, strict=True)) for row in session.execute(
            sa.select(*[getattr(TicketEvent, c) for c in columns]).order_by(TicketEvent.id).limit(owed))]
    target = sa.create_engine(central_url)
    with target.begin() as pg:
        pg.execute(sa.text("CREATE TEMPORARY TABLE plain_copy (LIKE ticket_event INCLUDING DEFAULTS)"))
        for row in rows:
            row["uuid"] = str(uuid.uuid4())
        began = time.perf_counter()
        pg.execute(sa.text("INSERT INTO plain_copy (uuid, ticket_uuid, site, kind, at, data, created_at) "
                           "VALUES (:uuid, :ticket_uuid, :site, :kind, :at, CAST(:data AS JSON), :created_at)"),
                   [row | {"data": _plain(row["data"])} for row in rows])
        copied = time.perf_counter() - began
    target.dispose()
    print(f"Push: {owed:,} events owed ({EVENTS // 4:,} tickets taken, called, started and finished).")
    return seconds, copied


def _latency(desk_env, central_env, desk_db: Path, central_url: str, folder: Path) -> tuple[list[float], float]:
    """Change one offer's title at central; time until the desk's kiosk page shows it, with the loop running."""
    from kiosk.offers.models import Offer, OfferTranslation

    loop_log = open(folder / "sync-loop.log", "wb")  # noqa: SIM115 - closed below
    sync = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "kiosk", "sync"], cwd=ROOT,
                            env=desk_env, stdout=loop_log, stderr=loop_log)
    latencies = []
    try:
        with (gunicorn(desk_env, ["--workers", "2", "--threads", "4"], folder / "desk.log") as desk,
              _app(central_env) as (_a, session)):
            offer = session.scalar(sa.select(Offer).order_by(Offer.id.desc()).limit(1))
            time.sleep(1)  # the loop is caught up
            for round_ in range(LATENCY_ROUNDS):
                title = f"Magazziniere, turno {uuid.uuid4().hex[:8]}"
                italian = next(t for t in offer.translations if t.lang == "it")
                italian.title = title
                offer.revision += 1
                session.commit()
                committed = time.perf_counter()
                latencies.append(_wait_for(desk.port, f"/offers/{offer.id}?lang=it", title) - committed)
                time.sleep(0.1 + 0.037 * round_)  # changes at every phase of the loop's interval
        began = time.perf_counter()
        with sa.create_engine(central_url).connect() as pg, sqlite3.connect(desk_db) as lite:
            title = pg.scalar(sa.select(OfferTranslation.title).where(OfferTranslation.offer_id == offer.id,
                                                                      OfferTranslation.lang == "it"))
            lite.execute("UPDATE offer_translation SET title = ? WHERE offer_id = ? AND lang = 'it'", (title, offer.id))
            lite.commit()
        plain = time.perf_counter() - began
    finally:
        sync.terminate()
        sync.wait(timeout=10)
        loop_log.close()
    return latencies, plain


def _wait_for(port: int, path: str, text: str, seconds: float = 10.0) -> float:
    deadline = time.perf_counter() + seconds
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while time.perf_counter() < deadline:
        connection.request("GET", path)
        response = connection.getresponse()
        if text in response.read().decode():
            return time.perf_counter()
        time.sleep(0.01)  # each look is a kiosk's view of the offer, logged and pushed like any other
    raise RuntimeError(f"the desk's kiosk did not show {text!r} within {seconds:.0f} s")


def _report(rows, first, first_sql, latencies, change_sql, pushed, push_sql) -> list[tuple[str, bool]]:
    median, worst = statistics.median(latencies), max(latencies)
    print(f"{'':44}{'seconds':>10}{'plain SQL':>11}{'ratio':>8}{'target':>9}")
    lines = [
        (f"first sync of {rows:,} offers and translations", first, first_sql, TARGETS["first sync"]),
        (f"one change, central to kiosk (median of {len(latencies)})", median, change_sql, TARGETS["one change"]),
        ("one change, central to kiosk (slowest)", worst, change_sql, TARGETS["one change"]),
        (f"push of {EVENTS:,} events", pushed, push_sql, TARGETS["push"]),
    ]
    for label, seconds, plain, target in lines:
        print(f"{label:44}{seconds:10.3f}{plain:11.3f}{seconds / plain:7.1f}x{target:8.1f}s")
    print(f"The loop runs a round every {FASTEST} s; plain SQL reads the same rows from one database and writes "
          "them into the other, with nothing checked and nothing recorded.")
    return [(f"first sync of {OFFERS:,} offers {first:.1f} s < {TARGETS['first sync']:.0f} s",
             first < TARGETS["first sync"]),
            (f"one changed offer on the desk's kiosk in {worst * 1000:.0f} ms (slowest) < 200 ms",
             worst < TARGETS["one change"]),
            (f"push of {EVENTS:,} events {pushed:.1f} s < {TARGETS['push']:.0f} s", pushed < TARGETS["push"])]
