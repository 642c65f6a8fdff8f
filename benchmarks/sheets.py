"""Offer sheets (issue: offer sheets and the phone hand-off, item 2): rendering them, and serving stored ones."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, Timing, bench_env, flask, measure, percentile, server

RENDERS = 12  # per language, after one render that loads the fonts
REQUESTS = 300
TARGET_RENDER_P50_MS = 500.0
TARGET_SERVE_P95_MS = 10.0
DEMO_REFERENCE = "SP-2026-0101"  # a job with its texts in all nine languages


def run() -> list[tuple[str, bool]]:
    """Make the demo's sheets, time fresh renders per language and stored sheets through gunicorn."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        env = bench_env(database)
        flask(env, "db", "upgrade")
        demo_seconds, made = _load_demo(env)
        renders, offer_id = _render_times(database)
        with server(env) as port:
            paths = [f"/offers/{offer_id}/sheet.pdf?lang={lang}" for lang in renders]
            static = measure(port, "GET /static/kiosk.css", ["/static/kiosk.css"], REQUESTS)
            stored = measure(port, "stored sheet, GET …/sheet.pdf", paths, REQUESTS)
    _print(renders, static, stored, demo_seconds, made)
    slowest = max(renders, key=lambda lang: statistics.median(renders[lang]))
    slowest_p50 = statistics.median(renders[slowest])
    stored_p95 = percentile(stored.server_ms, 95)
    return [
        (f"uncached render p50 {slowest_p50:.0f} ms (slowest language: {slowest}) < {TARGET_RENDER_P50_MS:.0f} ms",
         slowest_p50 < TARGET_RENDER_P50_MS),
        (f"stored sheet p95 {stored_p95:.2f} ms < {TARGET_SERVE_P95_MS:.0f} ms", stored_p95 < TARGET_SERVE_P95_MS),
    ]


def _load_demo(env: dict) -> tuple[float, int]:
    """Load the demo and make its sheets; return how long the sheets took and how many were made."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "kiosk"]
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run([*flask, "sheets"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("Offer sheets:"))
    made = int(line.split()[2])
    seconds = float(line.rsplit(" in ", 1)[1].split()[0])
    return seconds, made


def _render_times(database: Path) -> tuple[dict[str, list[float]], int]:
    """Render the demo job's sheet in each language, RENDERS times after a first one; return times in ms."""
    from sqlalchemy import select

    from kiosk import create_app
    from kiosk.extensions import db
    from kiosk.i18n import LANGUAGES
    from kiosk.offers import pdf
    from kiosk.offers.models import Offer

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "KIOSK_ROLE": "standalone"})
    times: dict[str, list[float]] = {}
    with app.app_context():
        offer = db.session.scalar(select(Offer).where(Offer.reference == DEMO_REFERENCE))
        for language in LANGUAGES:
            pdf.render_sheet(db.session, offer, language.code)  # the process's first: fonts, glyph caches
            times[language.code] = []
            for _ in range(RENDERS):
                started = time.perf_counter()
                pdf.render_sheet(db.session, offer, language.code)
                times[language.code].append((time.perf_counter() - started) * 1000)
        db.session.remove()
        db.engine.dispose()
    return times, offer.id


def _print(renders: dict[str, list[float]], static: Timing, stored: Timing, demo_seconds: float, made: int) -> None:
    print(f"\nOffer sheets: A4 PDFs of the demo job {DEMO_REFERENCE}, WeasyPrint, in ms.")
    print(f"Uncached render, in one process with the fonts loaded ({RENDERS} renders per language):")
    print(f"  {'language':12}{'p50':>9}{'p95':>9}{'max':>9}   p50 against a static file's in-app p50")
    for lang, values in renders.items():
        p50 = statistics.median(values)
        print(f"  {lang:12}{p50:9.0f}{percentile(values, 95):9.0f}{max(values):9.0f}{p50 / static.median:9.0f}x")
    print(f"\nServed through gunicorn (2 workers) on loopback, {REQUESTS} requests each, the nine languages in turn:")
    print(f"  {'':34}{'in the app':>22}{'round trip':>22}")
    print(f"  {'':34}" + f"{'p50':>8}{'p95':>8}{'ratio':>6}" * 2)
    for timing in (static, stored):
        app_p95, wall_p95 = percentile(timing.server_ms, 95), percentile(timing.wall_ms, 95)
        print(f"  {timing.name:34}{timing.median:8.2f}{app_p95:8.2f}"
              f"{app_p95 / percentile(static.server_ms, 95):5.1f}x"
              f"{timing.wall_median:8.2f}{wall_p95:8.2f}{wall_p95 / percentile(static.wall_ms, 95):5.1f}x")
    print(f"\n`kiosk sheets` made the demo's {made} sheets (each offer in the languages it has)"
          f" in {demo_seconds:.1f} s, on every core (`make run` does it in the background while it starts).")
