"""A desk's busiest morning (issue 8, sections 1 and 4): eight terminals browsing and taking tickets, four counters
calling, two displays on their event streams and a hundred phones following tickets, against the desk's gunicorn
configuration, on SQLite and on PostgreSQL; then fifty ticket takes at once, the crowd going on; then the same
crowd while `kiosk sheets` makes every offer's sheet. Locust drives the crowd (`benchmarks/crowd.py`, in a process
of its own).
"""

from __future__ import annotations

import json
import math
import os
import secrets
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import ROOT, Served, bench_env, flask, gunicorn

SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))  # of steady load per database; as long again with the sheets
TARGET_P95_MS = 200.0
TARGET_BURST_MS = 3000.0
BURST = 50
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SITE = "la-spezia"
COUNTERS = 4
RECEPTIONIST_NAME = "bench-reception-{}"  # as benchmarks/crowd.py signs in
TICKET_RATE = "100000 per minute"

# The surfaces in the order of the table (as benchmarks/crowd.py names them in Locust's statistics).
SURFACES = ("terminal pages", "offer list", "ticket take", "counter actions", "counter line", "display first event",
            "phone page", "phone status")
BURST_TAKE = "ticket take, 50 at once"
NOTHING = {"count": 0, "failures": 0, "times": {}}
OFFER_LIST = "offer list"


@dataclass
class Database:
    label: str
    url: str
    folder: Path


def run() -> list[tuple[str, bool]]:
    """Run the morning on SQLite, then on PostgreSQL (when its server answers); print the tables; return targets."""
    print(f"\nA desk's busiest morning: {SECONDS:.0f} s of steady load per database (BENCH_SECONDS), driven by Locust "
          "from one process on this machine.")
    results: list[tuple[str, bool]] = []
    for database in (sqlite_database, postgres_database):
        with database() as found:
            if found is None:
                continue
            results += _morning(found)
    return results


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        yield Database("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", Path(folder))


@contextmanager
def postgres_database() -> Iterator[Database | None]:
    """A throwaway database on the PostgreSQL server of BENCH_POSTGRES_URL, dropped afterwards; None without one."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"kiosk_bench_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        print(f"\nPostgreSQL at {POSTGRES_URL} did not answer ({reason}): the morning ran on SQLite only.")
        yield None
        return
    url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg", database=name)
    try:
        with tempfile.TemporaryDirectory() as folder:
            yield Database("PostgreSQL", url.render_as_string(hide_password=False), Path(folder))
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _morning(database: Database) -> list[tuple[str, bool]]:
    password = secrets.token_urlsafe(16)
    env = bench_env(database.url, KIOSK_SITE=SITE, KIOSK_TICKET_RATE=TICKET_RATE)
    flask(env, "db", "upgrade")
    flask(env, "kiosk", "demo")
    _add_counters_and_staff(database.url, password)
    log = database.folder / "gunicorn.log"
    with gunicorn(env, gunicorn_args(), log=log) as served:
        result = _crowd(env | {"BENCH_RECEPTIONIST_PASSWORD": password}, served)
    numbering = check_numbers(database.url, result["burst"]["tokens"])
    return _report(database.label, result, numbering, _server_log(log))


def gunicorn_args() -> list[str]:
    """The desk's own gunicorn configuration, as a desk and `make run` serve."""
    return ["-c", str(GUNICORN_CONFIG)]


def _add_counters_and_staff(url: str, password: str) -> None:
    """Give the desk a fourth counter serving every service, and a receptionist for each counter."""
    from sqlalchemy import func, select

    from kiosk import create_app
    from kiosk.extensions import db
    from kiosk.network.models import Site
    from kiosk.queue.models import Counter, Service
    from kiosk.staff import services as staff

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "KIOSK_ROLE": "standalone"})
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.slug == SITE))
        have = db.session.scalar(select(func.count()).select_from(Counter).where(Counter.site_id == site.id))
        services = list(db.session.scalars(select(Service).where(Service.site_id == site.id)))
        for number in range(have + 1, COUNTERS + 1):
            db.session.add(Counter(site_id=site.id, number=number, languages=["it", "en", "es"], services=services))
        for number in range(1, COUNTERS + 1):
            staff.create_user(db.session, RECEPTIONIST_NAME.format(number), password, "receptionist",
                              site_id=site.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _crowd(env: dict, served: Served) -> dict:
    """Run the crowd in its own process (Locust patches the standard library for gevent); return its figures."""
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.crowd", "--host", f"http://127.0.0.1:{served.port}",
         "--seconds", str(SECONDS), "--server-pid", str(served.pid)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3 * SECONDS + 300,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the crowd stopped with status {finished.returncode}:\n{finished.stderr[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


@dataclass
class Numbering:
    tickets: int
    duplicates: int
    gaps: int
    burst_found: int
    burst_codes: int

    @property
    def clean(self) -> bool:
        return not self.duplicates and not self.gaps and self.burst_found == self.burst_codes == BURST


def check_numbers(url: str, burst_tokens: list[str]) -> Numbering:
    """Check every ticket's number: per site, day and letter they run 1, 2, 3… without a repeat or a hole."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT site_id, day, prefix, number, token FROM ticket")).all()
    engine.dispose()
    numbers: dict[tuple, list[int]] = defaultdict(list)
    codes = {}
    for site_id, day, prefix, number, token in rows:
        numbers[(site_id, day, prefix)].append(number)
        codes[token] = (site_id, day, prefix, number)
    duplicates = sum(len(found) - len(set(found)) for found in numbers.values())
    gaps = sum(max(found) - len(set(found)) for found in numbers.values())
    burst = [codes[token] for token in burst_tokens if token in codes]
    return Numbering(len(rows), duplicates, gaps, len(burst), len(set(burst)))


def _server_log(log: Path) -> dict[str, int]:
    """Count what went wrong in gunicorn's log: tracebacks (errors even when no client saw them), pool timeouts,
    worker timeouts."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return {"tracebacks": text.count("Traceback (most recent call last)"),
            "pool timeouts": text.count("QueuePool limit"), "worker timeouts": text.count("WORKER TIMEOUT")}


def percentile(times: dict[str, int], pct: float) -> float:
    """The percentile of a histogram of response times (Locust's: milliseconds, rounded above 100 ms)."""
    ordered = sorted((float(ms), count) for ms, count in times.items())
    total = sum(count for _ms, count in ordered)
    if not total:
        return math.inf  # nothing answered
    rank, seen = math.ceil(pct / 100 * total), 0
    for ms, count in ordered:
        seen += count
        if seen >= rank:
            return ms
    return ordered[-1][0]


def _ms(figure: float) -> str:
    return f"{figure:7.0f}" if math.isfinite(figure) else f"{'none':>7}"


def _verdict(figure: float, target: float) -> str:
    return f"{figure / target:5.2f}x {'met' if figure < target else 'MISSED'}"


def _report(label: str, result: dict, numbering: Numbering, server_log: dict[str, int]) -> list[tuple[str, bool]]:
    steady, sheets = result["steady"], result["sheets"]
    cores = os.cpu_count() or 1
    served = " ".join(gunicorn_args()).replace(str(ROOT) + "/", "")
    print(f"\nBusiest morning on {label}: gunicorn {served}; round trips as the crowd saw them, in ms; "
          f"{steady['seconds']:.0f} s of steady load.")
    print(f"  {'surface':26}{'requests':>9}{'errors':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>7}   target")
    p95s = {}
    for name in (*SURFACES, BURST_TAKE):
        figures = result["burst" if name == BURST_TAKE else "steady"]["surfaces"].get(name, NOTHING)
        times = figures["times"]
        p50, p95, p99 = (percentile(times, pct) for pct in (50, 95, 99))
        slowest = max((float(ms) for ms in times), default=math.inf)
        if name == BURST_TAKE:
            target = f"all under {TARGET_BURST_MS:.0f}: {_verdict(slowest, TARGET_BURST_MS)}"
        else:
            target = f"p95 under {TARGET_P95_MS:.0f}: {_verdict(p95, TARGET_P95_MS)}"
            p95s[name] = p95
        print(f"  {name:26}{figures['count']:9}{figures['failures']:7}{_ms(p50)}{_ms(p95)}{_ms(p99)}{_ms(slowest)}"
              f"   {target}")
    phases = (steady, result["burst"], sheets)
    errors = sum(figures["failures"] for phase in phases for figures in phase["surfaces"].values())
    errors += sum(count for count, _message in result["exceptions"])
    tracebacks = server_log["tracebacks"]
    for name, error, count in (error for phase in phases for error in phase["errors"]):
        print(f"  error: {count} × {name}: {error}")
    for count, message in result["exceptions"]:
        print(f"  exception in the crowd: {count} × {message}")
    if any(server_log.values()):
        print("  server log: " + ", ".join(f"{count} {what}" for what, count in server_log.items()))
    print(f"  errors over the whole run: {errors} seen by the crowd and {tracebacks} tracebacks in the server's log "
          f"(target 0: {'met' if not errors + tracebacks else 'MISSED'}); the displays' board events in the steady "
          f"stretch: {steady['display_events']}.")
    print(f"  CPU: the server's processes {_share(steady['server_cpu'], steady['seconds'], cores)} of the {cores} "
          f"cores; the crowd itself {_share(steady['crowd_cpu'], steady['seconds'], cores)}.")
    burst_ms = result["burst"]["ms"]
    slowest_take = max(burst_ms) if burst_ms else math.inf
    print(f"  {BURST} takes at once after the steady stretch, the crowd going on (each kiosk its own session and "
          f"form): slowest answered in {slowest_take:.0f} ms; numbers: {numbering.burst_codes} distinct codes for "
          f"{numbering.burst_found} tickets found, {numbering.duplicates} duplicate and {numbering.gaps} skipped over "
          f"all the {numbering.tickets} tickets of the database (per desk, day and letter).")
    _report_burst(result["burst"])
    _report_sheets(steady, sheets, cores)
    if result["cpu_warning"]:
        print("  Locust warned that the crowd's process used over 90% of a core: its own times may be late.")
    print(f"  Ticket limit per screen (KIOSK_TICKET_RATE) raised to {TICKET_RATE}: the whole crowd comes from one "
          "address here, while at a desk each terminal has its own limit.")
    print("  Opening hours: KIOSK_ALWAYS_OPEN=1, so the kiosk gives numbers whatever the hour of the run.")
    print(f"  The crowd shares the {cores} cores with the server (and with whatever else runs): figures are noisy.")
    worst_name, worst_p95 = max(p95s.items(), key=lambda pair: pair[1])
    return [
        (f"{label}: every surface's p95 under {TARGET_P95_MS:.0f} ms on a busy morning (slowest: {worst_name}, "
         f"{worst_p95:.0f} ms)", worst_p95 < TARGET_P95_MS),
        (f"{label}: {errors} errors and {tracebacks} server tracebacks on a busy morning (target 0)",
         errors + tracebacks == 0),
        (f"{label}: {BURST} simultaneous takes all answered within {TARGET_BURST_MS / 1000:.0f} s (slowest "
         f"{slowest_take:.0f} ms), numbered without gap or duplicate",
         len(burst_ms) == BURST and slowest_take < TARGET_BURST_MS and numbering.clean),
    ]


def _report_burst(burst: dict) -> None:
    """How the rest of the desk fared while the fifty takes were answered."""
    others = {name: burst["surfaces"][name] for name in SURFACES if burst["surfaces"].get(name, NOTHING)["count"]}
    if not others:
        return
    name, figures = max(others.items(), key=lambda pair: percentile(pair[1]["times"], 95))
    errors = sum(figures["failures"] for figures in others.values())
    print(f"  Meanwhile ({burst['seconds']:.1f} s) the slowest surface was the {name}: p95 "
          f"{_ms(percentile(figures['times'], 95)).strip()} ms over {figures['count']} requests; {errors} errors "
          "on the other surfaces.")


def _report_sheets(steady: dict, sheets: dict, cores: int) -> None:
    """The offer list's p99 while `kiosk sheets` runs, beside its p99 without."""
    without = steady["surfaces"].get(OFFER_LIST, {}).get("times", {})
    during = sheets["surfaces"].get(OFFER_LIST, {"count": 0, "times": {}})
    p99_without, p99_during = percentile(without, 99), percentile(during["times"], 99)
    ended = "until it ended" if sheets["sheets_finished"] else "still making them at the end"
    errors = sum(figures["failures"] for figures in sheets["surfaces"].values())
    print(f"  While `flask kiosk sheets` made the offer sheets ({sheets['seconds']:.0f} s, {ended}): the offer list's "
          f"p99 {_ms(p99_during).strip()} ms ({during['count']} requests) against {_ms(p99_without).strip()} ms "
          f"without ({_ratio(p99_during, p99_without)}); {errors} errors; the server's processes "
          f"{_share(sheets['server_cpu'], sheets['seconds'], cores)} of the {cores} cores.")


def _ratio(figure: float, other: float) -> str:
    return f"{figure / other:.1f}x" if math.isfinite(figure) and math.isfinite(other) and other else "no ratio"


def _share(cpu_seconds: float, seconds: float, cores: int) -> str:
    return f"{cpu_seconds / seconds / cores:.0%}" if seconds else "n/a"
