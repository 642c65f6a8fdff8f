"""The shipped glossary: every term explained in every language, short, in the database after the migration."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.seed import seed_rows
from kiosk.glossary.services import active_terms, explain, explanation_by_key, matcher_for
from kiosk.i18n import LANGUAGES

# A sentence ends at a full stop before a blank and a word ("art. 1" goes on), or at a Chinese full stop.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\d\s])|(?<=。)")
CODES = [language.code for language in LANGUAGES]
ASKED_FOR = ("tirocinio", "apprendistato", "categorie-protette", "art-1", "art-18", "gol", "did",
             "centro-per-l-impiego", "tempo-determinato", "tempo-indeterminato", "part-time", "ccnl",
             "codice-fiscale", "permesso-di-soggiorno", "spid", "naspi", "isee", "garanzia-giovani",
             "curriculum-vitae", "contratto-a-chiamata", "stagionale", "patente", "haccp")


def test_the_glossary_has_the_words_of_the_field():
    assert set(ASKED_FOR) <= {row["key"] for row in seed_rows()}


@pytest.mark.parametrize("code", CODES)
def test_every_term_is_explained_in_every_language(code):
    missing = [row["key"] for row in seed_rows()
               if not (row["texts"].get(code, {}).get("name", "").strip()
                       and row["texts"].get(code, {}).get("text", "").strip())]
    assert not missing, f"no explanation in {code} for: {', '.join(missing)}"


@pytest.mark.parametrize("code", CODES)
def test_explanations_are_short_plain_sentences(code):
    for row in seed_rows():
        text = row["texts"][code]["text"]
        sentences = [part for part in SENTENCE_END.split(text) if part.strip()]
        assert 2 <= len(sentences) <= 3, (row["key"], code, sentences)
        assert len(text) <= 700 and "<" not in text, (row["key"], code)


def test_no_two_terms_share_a_form():
    matcher = matcher_for([GlossaryTerm(**row) for row in seed_rows()])
    for row in seed_rows():
        for form in (row["term"], *row["forms"]):
            assert matcher.key_of(form) == row["key"], form


@pytest.mark.both_databases
def test_the_migration_puts_the_terms_in_the_database(shipped_terms):
    assert shipped_terms == len(seed_rows())
    stored = {term.key: term for term in db.session.scalars(select(GlossaryTerm))}
    for row in seed_rows():
        assert (stored[row["key"]].id, stored[row["key"]].texts) == (row["id"], row["texts"])
    for code in CODES:
        for term in active_terms(db.session):
            said = explain(term, code)
            assert said.lang == code and said.name and said.text


@pytest.mark.both_databases
def test_a_term_added_later_takes_the_next_id(shipped_terms):
    term = GlossaryTerm(key="busta-paga", term="busta paga", forms=[], texts={})
    db.session.add(term)
    db.session.commit()
    assert term.id == shipped_terms + 1


def test_an_explanation_is_found_by_its_stable_key_for_reading_aloud(shipped_terms):
    said = explanation_by_key(db.session, "naspi", "uk")
    assert said.element_id == "term-naspi" and said.lang == "uk"
    assert said.spoken.startswith("NASpI. Допомога з безробіття. NASpI — це грошова допомога")
    assert explanation_by_key(db.session, "nothing", "uk") is None


def test_a_missing_language_falls_back_to_italian(shipped_terms):
    term = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.key == "ccnl"))
    term.texts = {code: said for code, said in term.texts.items() if code != "sq"}
    assert explain(term, "sq").lang == "it"
