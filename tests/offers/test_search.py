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
    assert found("\"magazziniere") == found("magazziniere)") == {"A"}  # also where a typo's terms are looked up


def test_reindexing_replaces_the_old_text(make_offer):
    offer = make_offer(reference="R", texts={"it": {"title": "Saldatore"}})
    offer.translations[0].title = "Verniciatore"
    search.index_offers(db.session, [offer])
    db.session.commit()
    assert found("saldatore") == set()
    assert found("verniciatore") == {"R"}


def ranked(query):
    """Return the references the kiosk's list shows for a query, in its order."""
    from kiosk.offers import services

    page = services.list_offers(db.session, services.OfferFilters(q=query), 1, 50, clock_today())
    return [offer.reference for offer in page.items]


def clock_today():
    from kiosk import clock

    return clock.today()


@pytest.fixture
def cook(make_offer):
    """The demo's cook apprenticeship in Arabic and Ukrainian (its words as in kiosk/demo/data), and others."""
    make_offer(reference="COOK", texts={
        "it": {"title": "Apprendista cuoco", "summary": "Apprendistato nella cucina di un ristorante di pesce"},
        "ar": {"title": "متدرّب طاهٍ", "summary": "عقد تلمذة مهنية في مطبخ مطعم للمأكولات البحرية",
               "description": "تتعلم تنظيف السمك وطهيه. المطعم مفتوح طوال السنة."},
        "uk": {"title": "Учень кухаря", "summary": "Учнівство на кухні рибного ресторану"},
        "sq": {"title": "Nxënës kuzhinier", "summary": "Kontratë nxënësie në kuzhinën e një restoranti"},
    })
    make_offer(reference="CRANE", texts={"it": {"title": "Gruista portuale"}, "ar": {"title": "مشغّل رافعة في الميناء"},
                                         "uk": {"title": "Кранівник у порту"}})


@pytest.mark.both_databases
def test_the_issues_examples_find_the_cooks_offer(cook):
    assert found("طباخ") == {"COOK"}  # the list's own placeholder: طباخ (cook) and مطبخ (kitchen) share طبخ
    assert found("مطعم") == found("المطعم") == {"COOK"}  # the article off
    assert found("مطاعم") == found("المطاعم") == {"COOK"}  # a broken plural: مفاعل, the root طعم as مطعم's
    assert found("طهي") == {"COOK"}  # وطهيه: "and cooking it"
    assert found("кухар") == {"COOK"}  # кухаря
    assert found("кухарі") == {"COOK"}
    assert found("kuzhinieri") == {"COOK"}
    assert found("cuochi") == {"COOK"}
    assert found("طباخ ميناء") == set()  # every word must still match


@pytest.mark.both_databases
def test_accents_and_letter_variants_are_folded(make_offer):
    make_offer(reference="V", texts={
        "ar": {"title": "مدرسة إيطالية", "summary": "مستشفى"},  # ة, إ, ى as written
        "uk": {"title": "Ґанок"},
        "sq": {"title": "Punë në kuzhinë"},
        "ro": {"title": "Bucătar în Spezia"},
    })
    assert found("مدرسه ايطاليه") == {"V"}  # ه for ة, ا for إ, as many type them
    assert found("مُسْتَشْفِي") == {"V"}  # vowel marks and ي for ى
    assert found("ганок") == {"V"}
    assert found("pune kuzhine") == {"V"}
    assert found("BUCATAR") == {"V"}


@pytest.mark.both_databases
def test_one_typo_is_forgiven_in_a_long_word_only(make_offer):
    make_offer(reference="W", texts={"it": {"title": "Saldatore navale", "summary": "Turni in porto"},
                                     "uk": {"title": "Зварник на верфі"}})
    assert found("saldatre") == {"W"}  # a letter missing
    assert found("sladatore") == {"W"}  # two letters swapped
    assert found("saldatorr") == {"W"}  # a letter wrong
    assert found("зварнек") == {"W"}
    assert found("purto") == {"W"}  # five letters, one wrong
    assert found("pqrtu") == set()  # two wrong
    assert found("prto") == set()  # a four-letter word is taken as typed
    assert found("tunri") == {"W"}


@pytest.mark.both_databases
def test_exact_matches_come_first_then_stems_then_typos(make_offer, today):
    from datetime import timedelta

    # The newest offer would come first without a search; the exact match must come before it.
    make_offer(reference="TYPO", published_on=today, texts={"it": {"title": "Magazzinieri"}})
    make_offer(reference="STEM", published_on=today - timedelta(days=1), texts={"it": {"title": "Magazzinieri"}})
    make_offer(reference="EXACT", published_on=today - timedelta(days=2), texts={"it": {"title": "Magazziniere"}})
    db.session.commit()
    assert ranked("magazziniere")[0] == "EXACT"
    assert set(ranked("magazziniere")) == {"EXACT", "STEM", "TYPO"}
    assert ranked("")[0] == "TYPO"  # no search: newest first


@pytest.mark.both_databases
def test_a_whole_word_before_its_stem_or_its_start(make_offer, today):
    from datetime import timedelta

    make_offer(reference="STEM", published_on=today, texts={"it": {"title": "Cucine"}})
    make_offer(reference="START", published_on=today - timedelta(days=1), texts={"it": {"title": "Cucinando"}})
    make_offer(reference="EXACT", published_on=today - timedelta(days=2), texts={"it": {"title": "Cucina"}})
    make_offer(reference="NEAR", published_on=today, texts={"it": {"title": "Cucita"}})
    db.session.commit()
    listed = ranked("cucina")  # newest first within a level
    assert listed[0] == "EXACT"
    assert listed[1:] == ["STEM", "START"]  # a word the index has is not taken for a typo of "cucita"


@pytest.mark.both_databases
def test_a_stem_before_a_typo(make_offer, today):
    from datetime import timedelta

    make_offer(reference="TYPO", published_on=today, texts={"it": {"title": "Soldatrici"}})
    make_offer(reference="STEM", published_on=today - timedelta(days=1), texts={"it": {"title": "Saldatrice"}})
    db.session.commit()
    assert ranked("saldatrici") == ["STEM", "TYPO"]


@pytest.mark.both_databases
def test_a_word_the_offers_have_is_not_taken_for_a_typo(make_offer):
    make_offer(reference="PORT", texts={"it": {"title": "Gruista al porto"}})
    make_offer(reference="PLACE", texts={"it": {"title": "Un posto di lavoro"}})
    assert found("porto") == {"PORT"}
    assert found("posto") == {"PLACE"}
    assert found("pozto") == {"PORT", "PLACE"}  # neither: both are one letter away


@pytest.mark.both_databases
def test_reindexing_everything_writes_stems_and_vocabulary_again(make_offer, runner):
    from sqlalchemy import text

    make_offer(reference="K", texts={"uk": {"title": "Учень кухаря"}})
    db.session.execute(text("DELETE FROM offer_search"))
    db.session.execute(text("DELETE FROM offer_search_term"))
    db.session.commit()
    assert found("кухар") == set()
    result = runner.invoke(args=["kiosk", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 offers" in result.output
    db.session.expire_all()
    assert found("кухар") == {"K"}
    assert found("кухаар") == {"K"}  # the vocabulary is back: a typo finds again
