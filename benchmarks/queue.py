"""The queue (issue: the queue, item 11): ticket issues under 20 concurrent terminals, a counter's call reaching the
waiting-room display, and the estimated wait against the waits of a simulated morning."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.client import Client
from benchmarks.harness import bench_env, flask, percentile, server
from benchmarks.queue_calls import time_calls

CLIENTS = 20
ISSUES_PER_CLIENT = 50
ROUNDS = 3
TARGET_ISSUES_PER_SECOND = 200.0
CALLS = 40
TARGET_CALL_P95_MS = 250.0
SERVICE = "cv-help"


def run() -> list[tuple[str, bool]]:
    """Serve the demo under gunicorn, issue tickets from 20 clients, time calls to the display, simulate a morning."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        env = bench_env(database, KIOSK_TICKET_RATE="1000000 per minute")
        flask(env, "db", "upgrade")
        flask(env, "kiosk", "demo")
        with server(env, threads=16) as port:
            rounds = [_issue_tickets(port) for _ in range(ROUNDS)]  # each round its own burst; the median counts
            rate, seconds, issued = sorted(rounds)[len(rounds) // 2]
            duplicates, gaps = _check_numbers(database)
            calls = _time_calls(port, database)
    errors = _estimate_errors()
    _print(rate, seconds, issued, duplicates, gaps, calls, errors, [round(r[0]) for r in rounds])
    p95 = percentile(calls, 95) if calls else float("inf")
    return [
        (f"ticket issues {rate:.0f}/s with {CLIENTS} concurrent clients >= {TARGET_ISSUES_PER_SECOND:.0f}/s, "
         f"{duplicates} duplicate and {gaps} skipped numbers", rate >= TARGET_ISSUES_PER_SECOND and not duplicates
         and not gaps),
        (f"counter call to display update p95 {p95:.0f} ms <= {TARGET_CALL_P95_MS:.0f} ms",
         p95 <= TARGET_CALL_P95_MS),
    ]


def _issue_tickets(port: int) -> tuple[float, float, int]:
    """Each client takes tickets as fast as it can, each for a visit of its own whose form it read beforehand.

    A form's one-time token takes a ticket only in the visit it was given to, so the forms are read (untimed)
    before the burst: the burst times the takes alone.
    """
    clients = [Client(port) for _ in range(CLIENTS)]
    visits = [[_new_visit(client) for _ in range(ISSUES_PER_CLIENT)] for client in clients]
    failures: list[str] = []
    start = threading.Barrier(CLIENTS + 1)

    def issue(client: Client, forms: list[tuple[dict, dict]]) -> None:
        start.wait()
        for cookies, fields in forms:
            client.cookies = cookies
            status, _page = client.request("POST", f"/ticket/{SERVICE}", fields)
            if status != 303:
                failures.append(f"POST answered {status}")

    threads = [threading.Thread(target=issue, args=pair) for pair in zip(clients, visits, strict=True)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"{len(failures)} issues failed, e.g. {failures[0]}")
    issued = CLIENTS * ISSUES_PER_CLIENT
    return issued / seconds, seconds, issued


def _new_visit(client: Client) -> tuple[dict, dict]:
    """Start a visit on a client and read its form: the visit's cookies and the form's fields."""
    client.cookies = {}
    fields = client.form_fields(f"/ticket/{SERVICE}?lang=it")
    return dict(client.cookies), fields


def _check_numbers(database: Path) -> tuple[int, int]:
    """Count duplicate and skipped numbers among today's tickets of the service."""
    with sqlite3.connect(database) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT number FROM ticket JOIN service ON service.id = ticket.service_id "
            "WHERE service.slug = ? AND ticket.day = (SELECT max(day) FROM ticket) ORDER BY number", (SERVICE,))]
    duplicates = len(numbers) - len(set(numbers))
    gaps = (max(numbers) - len(set(numbers))) if numbers else 0
    return duplicates, gaps


def _time_calls(port: int, database: Path) -> list[float]:
    """A receptionist calls tickets at a counter while a display listens: time each call until the display has it."""
    return time_calls(port, CALLS)


def _estimate_errors() -> dict[str, list[tuple[float, float]]]:
    """Run the demo's simulated morning at every desk; return (estimated, actual) minutes per ticket and desk."""
    from kiosk import create_app
    from kiosk.demo import simulation
    from kiosk.extensions import db
    from kiosk.network.models import Site

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "simulation.sqlite3"
        flask(bench_env(database), "db", "upgrade")
        flask(bench_env(database), "kiosk", "demo")  # with yesterday's simulated morning as history
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
        measured_day = date.today() + timedelta(days=7)  # a morning of its own, after the demo's yesterday
        with app.app_context():
            results = {}
            for site in db.session.scalars(db.select(Site).order_by(Site.slug)):
                outcomes = simulation.simulate(db.session, site, simulation.Morning(day=measured_day, seed=2))
                results[site.slug] = [(o.estimated.total_seconds() / 60, o.actual.total_seconds() / 60)
                                      for o in outcomes]
            db.engine.dispose()
    return results


def _print(rate, seconds, issued, duplicates, gaps, calls, errors, rates) -> None:
    print("\nQueue: SQLite, gunicorn (2 workers × 16 threads) on loopback; the clients share the machine's cores.")
    print(f"Ticket issues: {issued} POSTs from {CLIENTS} concurrent clients in {seconds:.2f} s = {rate:.0f}/s "
          f"(the median of {len(rates)} rounds: {', '.join(map(str, rates))}/s); "
          f"{duplicates} duplicate numbers, {gaps} skipped, over all {len(rates) * issued} tickets.")
    if calls:
        print(f"Counter call → display update ({len(calls)} calls, POST at the counter until the display's stream "
              f"has the code): median {statistics.median(calls):.0f} ms, p95 {percentile(calls, 95):.0f} ms, "
              f"max {max(calls):.0f} ms.")
    print("Estimated wait (given when the ticket was taken) against the wait people had, on a simulated morning after "
          "the demo's, in minutes:")
    print(f"{'desk':26}{'tickets':>8}{'mean wait':>11}{'mean error':>12}{'median error':>14}{'within 5 min':>14}")
    for slug, pairs in errors.items():
        gaps_ = [abs(estimated - actual) for estimated, actual in pairs]
        waits = [actual for _estimated, actual in pairs]
        within = sum(gap <= 5 for gap in gaps_) / len(gaps_)
        print(f"{slug:26}{len(pairs):8}{statistics.mean(waits):11.1f}{statistics.mean(gaps_):12.1f}"
              f"{statistics.median(gaps_):14.1f}{within:13.0%}")
