"""How much of what it should find the search finds, per language (issue: inclusion, item 1).

The queries and the demo offers each should find are in relevance.json. Recall is, per language, the share of
those offers found, averaged over its queries; it is shown for the whole search and for whole words as typed
alone, to show what stems and typos add.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.harness import bench_env, flask
from kiosk.offers import search
from kiosk.offers.models import Offer

CASES = Path(__file__).with_name("relevance.json")
LANGUAGES = ("it", "en", "fr", "es", "ar", "uk", "ro", "sq", "zh_Hans")
FLOOR = 0.9  # the recall of every language, and overall, with stems and typos


def cases() -> list[dict]:
    """Return the relevance set's queries."""
    return json.loads(CASES.read_text(encoding="utf-8"))["queries"]


def recall(session: Session, level: int = search.TYPO) -> dict[str, float]:
    """Return the mean recall of the relevance set per language, and overall under "all"."""
    per_language: dict[str, list[float]] = {}
    for case in cases():
        condition = search.matches(session, case["query"], level)
        found = set(session.scalars(select(Offer.reference).where(condition))) if condition is not None else set()
        wanted = set(case["finds"])
        per_language.setdefault(case["lang"], []).append(len(found & wanted) / len(wanted))
    result = {lang: sum(values) / len(values) for lang, values in per_language.items()}
    result["all"] = sum(sum(v) for v in per_language.values()) / sum(len(v) for v in per_language.values())
    return result


def missed(session: Session) -> list[str]:
    """Name the queries that miss an offer they should find, with the offers missed."""
    lines = []
    for case in cases():
        condition = search.matches(session, case["query"])
        found = set(session.scalars(select(Offer.reference).where(condition))) if condition is not None else set()
        if lost := sorted(set(case["finds"]) - found):
            lines.append(f"{case['lang']} {case['query']!r}: {', '.join(lost)}")
    return lines


def run() -> list[tuple[str, bool]]:
    """Load the demo into a new SQLite file, print the recall per language; return the targets met."""
    from kiosk import create_app
    from kiosk.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "relevance.sqlite3"
        env = bench_env(database)
        flask(env, "db", "upgrade")
        flask(env, "kiosk", "demo")
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "KIOSK_ROLE": "standalone"})
        with app.app_context():
            full, exact, misses = recall(db.session), recall(db.session, search.EXACT), missed(db.session)
            db.session.remove()
            db.engine.dispose()
    print(f"\nSearch recall on the relevance set ({len(cases())} queries, benchmarks/relevance.json):")
    print(f"{'':10}{'words as typed':>16}{'stems and typos':>18}")
    for lang in (*LANGUAGES, "all"):
        print(f"{lang:10}{exact[lang]:16.2f}{full[lang]:18.2f}")
    if misses:
        print("Missed: " + "; ".join(misses))
    low = [lang for lang in (*LANGUAGES, "all") if full[lang] < FLOOR]
    return [(f"search recall at least {FLOOR:.2f} in every language (lowest: {min(full.values()):.2f})", not low)]
