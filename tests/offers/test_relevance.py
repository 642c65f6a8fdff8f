"""The relevance set (benchmarks/relevance.json) on the demo offers: recall must not fall below the floor."""

import pytest

from benchmarks import relevance
from kiosk.demo import loader
from kiosk.extensions import db
from kiosk.offers import search


@pytest.mark.both_databases
def test_recall_stays_above_the_floor_in_every_language(app, today):
    loader.load_demo(db.session, today)
    db.session.commit()

    full = relevance.recall(db.session)
    assert set(full) == {*relevance.LANGUAGES, "all"}
    low = {lang: round(value, 2) for lang, value in full.items() if value < relevance.FLOOR}
    assert not low, f"recall under {relevance.FLOOR}: {low}; missed: {relevance.missed(db.session)}"
    # The floor means something: exact words alone, the search before stems and typos, stay far below it.
    exact = relevance.recall(db.session, search.EXACT)
    assert exact["all"] < relevance.FLOOR - 0.3
    assert all(exact[lang] < relevance.FLOOR for lang in relevance.LANGUAGES if lang != "zh_Hans")


def test_the_set_covers_every_language_with_the_issues_examples():
    queries = {(case["lang"], case["query"]) for case in relevance.cases()}
    assert {case["lang"] for case in relevance.cases()} == set(relevance.LANGUAGES)
    assert {("ar", "طباخ"), ("ar", "المطعم"), ("ar", "طهي"), ("uk", "кухар")} <= queries
