"""The back office's lists of offers: filters, search, order, pages, the missing translations, and their cost."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from kiosk.extensions import db
from kiosk.offers import staff_list
from kiosk.offers.models import Offer
from tests.admin.conftest import HTMX


def references(page: str) -> list[str]:
    """Return the references the list shows, in its order."""
    return re.findall(r'<small dir="ltr">([^<]+)</small>', page)


@contextmanager
def counted_queries():
    """Count the SQL statements run inside the block."""
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def shelf(people, make_offer, today):
    """Offers of both organisations: published, draft, withdrawn, archived; closing soon, later, already closed."""
    tempor, formare = people["organisation"], people["other_organisation"]
    make_offer(reference="T-JOB", texts={"it": {"title": "Saldatore navale"}})
    make_offer(reference="T-SOON", expires_on=today + timedelta(days=3), texts={"it": {"title": "Cuoco"}})
    make_offer(reference="T-DRAFT", status="draft", kind="course", texts={"it": {"title": "Corso di saldatura"}})
    make_offer(reference="T-CLOSED", published_on=today - timedelta(days=60), expires_on=today - timedelta(days=1),
               texts={"it": {"title": "Magazziniere"}})
    make_offer(reference="F-COURSE", organisation=formare, kind="course", status="withdrawn",
               texts={"it": {"title": "Corso di cucina"}, "en": {"title": "Cooking course"}})
    make_offer(reference="F-OLD", organisation=formare, status="archived", texts={"it": {"title": "Vecchio corso"}})
    return {"tempor": tempor, "formare": formare}


@pytest.mark.parametrize("query, expected", [
    ("", {"T-JOB", "T-SOON", "T-DRAFT", "T-CLOSED", "F-COURSE", "F-OLD"}),
    ("status=draft", {"T-DRAFT"}),
    ("kind=course", {"T-DRAFT", "F-COURSE"}),
    ("expiry=soon", {"T-SOON"}),
    ("expiry=expired", {"T-CLOSED"}),
    ("q=saldat", {"T-JOB", "T-DRAFT"}),
    ("q=cooking", {"F-COURSE"}),
    ("status=archived&kind=job", {"F-OLD"}),
])
def test_an_admin_filters_and_searches_every_organisations_offers(browser, shelf, query, expected):
    page = browser("admin").get(f"/admin/offers?{query}").text
    assert set(references(page)) == expected


def test_an_admin_narrows_to_one_organisation(browser, shelf):
    page = browser("admin").get(f"/admin/offers?organisation={shelf['formare'].id}").text
    assert set(references(page)) == {"F-COURSE", "F-OLD"}


@pytest.mark.parametrize("query", ["", f"organisation={2}", "q=corso"])
def test_an_editor_sees_only_their_own_organisations_offers(browser, shelf, query):
    page = browser("elena").get(f"/admin/offers?{query}").text
    assert set(references(page)) <= {"T-JOB", "T-SOON", "T-DRAFT", "T-CLOSED"}
    assert 'id="filter-organisation"' not in page  # no organisation to choose


def test_the_list_is_ordered_by_last_change_or_by_closing_date(browser, shelf, today):
    admin = browser("admin")
    by_expiry = references(admin.get("/admin/offers?sort=expiry").text)
    assert by_expiry[:2] == ["T-CLOSED", "T-SOON"]
    offer_id = db.session.scalar(select(Offer.id).where(Offer.reference == "T-JOB"))
    admin.post(f"/admin/offers/{offer_id}/status", data={"status": "withdrawn"})
    assert references(admin.get("/admin/offers").text)[0] == "T-JOB"


def test_a_bad_filter_is_said_and_ignored(browser, shelf):
    page = browser("admin").get("/admin/offers?status=lost&page=abc").text
    assert "This choice is not available." in page and len(references(page)) == 6


def test_pages_of_25_and_htmx_gets_the_list_alone(browser, people, make_offer):
    for number in range(30):
        make_offer(reference=f"P-{number:02d}")
    admin = browser("admin")
    first, second = admin.get("/admin/offers?sort=expiry").text, admin.get("/admin/offers?sort=expiry&page=2").text
    assert len(references(first)) == 25 and len(references(second)) == 5
    assert set(references(first)).isdisjoint(references(second))
    assert "Page 1 of 2" in first and "page=2" in first
    fragment = admin.get("/admin/offers?page=2&sort=expiry", headers=HTMX)
    assert "<html" not in fragment.text and references(fragment.text) == references(second)
    assert len(references(admin.get("/admin/offers?page=99").text)) == 5  # past the end: the last page


def test_a_page_costs_the_same_few_queries_whatever_the_number_of_offers(app, browser, people, make_offer):
    admin = browser("admin")
    costs = []
    for _round in range(2):
        for _ in range(30):
            make_offer()
        admin.get("/admin/offers")  # sign-in and session settled
        with counted_queries() as statements:
            assert admin.get("/admin/offers?q=offerta").status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1] <= 10, costs


def test_missing_translations_lists_incomplete_offers_with_marks_and_counts(browser, people, make_offer, today):
    full = {lang: {"title": f"Titolo {lang}", "summary": f"Sintesi {lang}"}
            for lang in ("it", "en", "fr", "es", "ar", "uk", "ro", "sq", "zh_Hans")}
    make_offer(reference="ALL-NINE", texts=full)
    make_offer(reference="NO-UK", texts={k: v for k, v in full.items() if k != "uk"})
    make_offer(reference="UK-PART", texts=full | {"uk": {"title": "Назва"}})
    make_offer(reference="OTHER-ORG", organisation=people["other_organisation"], texts={"it": {"title": "Corso"}})
    admin = browser("admin")
    page = admin.get("/admin/offers/missing-translations").text
    assert set(references(page)) == {"NO-UK", "UK-PART", "OTHER-ORG"}
    assert set(references(admin.get("/admin/offers/missing-translations?translation=uk").text)) == {
        "NO-UK", "UK-PART", "OTHER-ORG"}
    assert set(references(admin.get("/admin/offers/missing-translations?translation=fr").text)) == {"OTHER-ORG"}
    assert "lang-mark-partial" in page and "lang-mark-missing" in page and "lang-mark-complete" in page
    counts = staff_list.incomplete_counts(db.session, None, today)
    assert counts["uk"] == 3 and counts["fr"] == 1 and "it" not in counts
    editor_page = browser("elena").get("/admin/offers/missing-translations").text
    assert set(references(editor_page)) == {"NO-UK", "UK-PART"}


@pytest.mark.both_databases
def test_completeness_is_the_same_in_the_database_and_in_python(app, people, make_offer, today):
    offer = make_offer(texts={"it": {"title": "Cuoco", "description": "Turni"}, "uk": {"title": "Кухар"},
                              "en": {"title": "Cook", "description": "Shifts"}})
    states = staff_list.completeness(offer)
    assert states["it"] == "complete" and states["en"] == "complete" and states["uk"] == "partial"
    assert states["fr"] == "missing"
    for lang, state in states.items():
        found = db.session.scalar(select(func.count(Offer.id)).where(staff_list.complete_in(lang)))
        assert (found == 1) == (state == "complete"), lang
