"""The reports (issue: the back office, item 7): each report over a year of four desks' generated history
(about 200,000 tickets, their events and the offers' usage events) answers in under a second, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

TARGET_SECONDS = 1.0
TICKETS_PER_DESK_DAY = 190  # × 4 desks × ~260 weekdays ≈ 200,000 tickets a year
ROUNDS = 3
POSTGRES_URL = os.environ.get("KIOSK_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def run() -> list[tuple[str, bool]]:
    """Load a year's history on each database, time every report for every desk and for one, print the figures."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        results += _measure("SQLite", f"sqlite:///{Path(folder) / 'reports.sqlite3'}")
    with _postgres_database() as url:
        if url:
            results += _measure("PostgreSQL", url)
        else:
            print(f"\nReports on PostgreSQL: skipped, {POSTGRES_URL} does not answer.")
            results.append((f"reports on PostgreSQL: not measured ({POSTGRES_URL} does not answer)", False))
    return results


def _measure(name: str, url: str) -> list[tuple[str, bool]]:
    from flask_migrate import upgrade

    from kiosk import create_app
    from kiosk.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "KIOSK_SHEETS_IN_BACKGROUND": False})
    with app.app_context():
        upgrade()
        today = date.today()
        loaded, counts, seconds, folded = _load(db.session, today)
        timings = _time_reports(db.session, today)
        db.session.remove()
        db.engine.dispose()
    _print(name, counts, seconds, folded, timings)
    return [(f"{name}: {label} {best * 1000:.0f} ms < {TARGET_SECONDS * 1000:.0f} ms", best < TARGET_SECONDS)
            for label, best in timings]


def _load(session, today: date) -> tuple[int, dict[str, int], float, float]:
    from kiosk.demo import history, loader
    from kiosk.demo.queue_loader import load_queue
    from kiosk.reports.fold import fold

    loader.load_demo(session)
    load_queue(session)
    session.commit()
    began = time.perf_counter()
    tickets = history.load_history(session, today - timedelta(days=365), today - timedelta(days=1),
                                   TICKETS_PER_DESK_DAY)
    session.commit()
    seconds = time.perf_counter() - began
    began = time.perf_counter()
    fold(session)
    session.commit()
    folded = time.perf_counter() - began
    session.execute(sa.text("ANALYZE"))
    session.commit()
    counts = {table: session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
              for table in ("ticket", "ticket_event", "usage_event")}
    return tickets, counts, seconds, folded


def _time_reports(session, today: date) -> list[tuple[str, float]]:
    from kiosk.reports import catalogue
    from kiosk.reports.period import Period, Scope, preset

    cases = [("every desk, the last 12 months", Scope(), Period(today - timedelta(days=365), today)),
             ("Sarzana, last month", Scope(("sarzana",)), preset("last_month", today)),
             ("La Spezia, orientation, this year", Scope(("la-spezia",), "orientation"),
              Period(today - timedelta(days=365), today))]
    timings = []
    for label, scope, period in cases:
        for report in catalogue.REPORTS.values():
            rounds = []
            for _ in range(ROUNDS):
                began = time.perf_counter()
                report.figures(session, scope, period)
                rounds.append(time.perf_counter() - began)
            timings.append((f"{report.name} ({label})", min(rounds)))
    return timings


class _postgres_database:
    """A PostgreSQL database of the benchmark's own, dropped afterwards; None when PostgreSQL does not answer."""

    def __enter__(self) -> str | None:
        self.admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        self.name = f"kiosk_bench_reports_{uuid.uuid4().hex[:8]}"
        try:
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{self.name}" TEMPLATE template0 ENCODING \'UTF8\''))
        except sa.exc.OperationalError:
            self.admin.dispose()
            self.name = None
            return None
        return sa.engine.make_url(POSTGRES_URL).set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *_exc) -> None:
        if self.name:
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


def _print(name: str, counts: dict[str, int], seconds: float, folded: float, timings) -> None:
    print(f"\nReports on {name}: a year of four desks, {counts['ticket']:,} tickets, {counts['ticket_event']:,} "
          f"ticket events, {counts['usage_event']:,} usage events (generated and inserted in {seconds:.1f} s; "
          f"the event log folded into each ticket's figures in {folded:.1f} s, once, as it would be as it grows).")
    print(f"Each report timed {ROUNDS} times in the app's process, the best kept; target under "
          f"{TARGET_SECONDS:.0f} s.")
    print(f"{'report':62}{'ms':>8}{'of target':>11}")
    for label, best in timings:
        print(f"{label:62}{best * 1000:8.0f}{best / TARGET_SECONDS:10.0%}")
    print(f"Median {statistics.median(best for _l, best in timings) * 1000:.0f} ms.")
