"""Free-text search through the database's own full-text index, in every script."""

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.offers import search
from kiosk.offers.models import Offer


def test_fold_removes_accents_marks_and_case():
    assert search.fold("Città PORTUALE") == "citta portuale"
    assert search.fold("مُسَاعِد") == "مساعد"  # Arabic vowel marks do not have to be typed
    assert search.terms("厨师 cuoco") == ["厨", "师", "cuoco"]


def found(query):
    condition = search.matches(db.session, query)
    statement = select(Offer.reference)
    return set(db.session.scalars(statement if condition is None else statement.where(condition)))


@pytest.mark.both_databases
def test_search_finds_words_in_every_script(make_offer):
    make_offer(reference="COOK", texts={
        "it": {"title": "Cuoco di linea", "description": "Ristorante a Portovenere"},
        "ar": {"title": "طباخ في مطعم"},
        "zh_Hans": {"title": "餐厅厨师"},
        "uk": {"title": "Кухар у ресторані"},
    })
    make_offer(reference="CRANE", texts={"it": {"title": "Gruista portuale"}, "en": {"title": "Port crane operator"}})

    assert found("cuoco") == {"COOK"}
    assert found("طباخ") == {"COOK"}
    assert found("厨师") == {"COOK"}
    assert found("кухар") == {"COOK"}
    assert found("port crane") == {"CRANE"}
    assert found("portuale") == {"CRANE"}


@pytest.mark.both_databases
def test_search_matches_a_word_still_being_typed_and_ignores_accents(make_offer):
    make_offer(reference="REC", texts={"it": {"title": "Receptionist d'albergo", "summary": "Città di Lerici"}})
    assert found("recep") == {"REC"}
    assert found("r") == set()  # a single letter is a word, not the start of every word
    assert found("citta") == {"REC"}
    assert found("albergo lerici") == {"REC"}
    assert found("albergo sarzana") == set()


@pytest.mark.both_databases
def test_search_syntax_from_the_visitor_is_plain_text(make_offer):
    make_offer(reference="A", texts={"it": {"title": "Magazziniere"}})
    for query in ['"', "a AND", "NEAR(", "*", "magazz*", "-x", "'; drop table offer; --"]:
        found(query)  # never an error
    assert found("magazz*") == {"A"}


def test_reindexing_replaces_the_old_text(make_offer):
    offer = make_offer(reference="R", texts={"it": {"title": "Saldatore"}})
    offer.translations[0].title = "Verniciatore"
    search.index_offers(db.session, [offer])
    db.session.commit()
    assert found("saldatore") == set()
    assert found("verniciatore") == {"R"}
