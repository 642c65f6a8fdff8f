"""Filtering, paging and the texts of an offer, without a request."""

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from kiosk.extensions import db
from kiosk.offers import services


def parse(**args):
    return services.parse_filters(MultiDict(args))


def test_parse_filters_keeps_good_values_and_reports_bad_ones():
    filters, errors = parse(kind="job", town="Sarzana", italian="B1", protected="1", recent="0", q="  cuoco   pizza ")
    assert filters == services.OfferFilters(kind="job", town="Sarzana", italian="B1", protected=True, q="cuoco pizza")
    assert errors == []
    filters, errors = parse(kind="pirate", sector="Z", protected="maybe", q="x" * 101)
    assert filters == services.OfferFilters()
    assert [e.parameter for e in errors] == ["kind", "sector", "protected", "q"]


def test_parse_page():
    assert services.parse_page(None) == (1, None)
    assert services.parse_page("3") == (3, None)
    number, error = services.parse_page("abc")
    assert number == 1 and error.parameter == "page"
    assert services.parse_page("0")[1] is not None
    assert services.parse_page("²")[1] is not None  # a digit to str.isdigit, not to int()


def test_control_characters_part_words_and_format_characters_go():
    filters, errors = parse(town="La\x00Spezia", q="cuo\u00adco\x14pizza\u200b")
    assert filters == services.OfferFilters(town="La Spezia", q="cuoco pizza") and errors == []


def test_filter_params_round_trip():
    filters, _ = parse(kind="course", recent="1", q="forklift")
    assert filters.params() == {"kind": "course", "recent": "1", "q": "forklift"}
    assert parse(**filters.params())[0] == filters


def refs(filters, today, page=1, per_page=50):
    result = services.list_offers(db.session, filters, page, per_page, today)
    return [o.reference for o in result.items], result


@pytest.mark.both_databases
def test_current_offers_leave_out_expired_withdrawn_and_future(make_offer, today):
    make_offer(reference="OPEN")
    make_offer(reference="LAST-DAY", expires_on=today)
    make_offer(reference="EXPIRED", expires_on=today - timedelta(days=1))
    make_offer(reference="WITHDRAWN", status="withdrawn")
    make_offer(reference="FUTURE", published_on=today + timedelta(days=1))
    found, result = refs(services.OfferFilters(), today)
    assert sorted(found) == ["LAST-DAY", "OPEN"]
    assert result.total == 2


@pytest.mark.both_databases
def test_each_filter_narrows(make_offer, today):
    make_offer(reference="JOB-SP", kind="job", town="La Spezia", sector="H", contract="permanent",
               hours="full_time", italian_level="B2", published_on=today - timedelta(days=20))
    make_offer(reference="COURSE-SZ", kind="course", town="Sarzana", sector="Q", contract="none",
               hours="part_time", italian_level="A2", protected_category="art1", published_on=today - timedelta(days=2))
    make_offer(reference="JOB-LERICI", kind="job", town="Lerici", sector="I", contract="seasonal",
               hours="shifts", italian_level="none", protected_category="art18", published_on=today)

    def only(**args):
        return sorted(refs(parse(**args)[0], today)[0])

    assert only(kind="job") == ["JOB-LERICI", "JOB-SP"]
    assert only(town="Sarzana") == ["COURSE-SZ"]
    assert only(sector="I") == ["JOB-LERICI"]
    assert only(contract="permanent") == ["JOB-SP"]
    assert only(hours="part_time") == ["COURSE-SZ"]
    assert only(italian="A2") == ["COURSE-SZ", "JOB-LERICI"]  # needing at most A2
    assert only(italian="none") == ["JOB-LERICI"]
    assert only(italian="C2") == ["COURSE-SZ", "JOB-LERICI", "JOB-SP"]
    assert only(protected="1") == ["COURSE-SZ", "JOB-LERICI"]
    assert only(recent="1") == ["COURSE-SZ", "JOB-LERICI"]
    assert only(kind="job", protected="1") == ["JOB-LERICI"]


@pytest.mark.both_databases
def test_paging_newest_first_and_clamped(make_offer, today):
    for day in range(5):
        make_offer(reference=f"D{day}", published_on=today - timedelta(days=day))
    found, result = refs(services.OfferFilters(), today, page=1, per_page=2)
    assert found == ["D0", "D1"] and result.pages == 3 and result.total == 5
    found, result = refs(services.OfferFilters(), today, page=3, per_page=2)
    assert found == ["D4"]
    found, result = refs(services.OfferFilters(), today, page=99, per_page=2)
    assert found == ["D4"] and result.page == 3


def test_towns_are_those_with_current_offers(make_offer, today):
    make_offer(town="Sarzana")
    make_offer(town="Lerici")
    make_offer(town="Levanto", expires_on=today - timedelta(days=3))
    assert services.towns(db.session, today) == ["Lerici", "Sarzana"]


def test_texts_fall_back_to_italian_and_say_so(make_offer):
    offer = make_offer(texts={
        "it": {"title": "Cameriere", "summary": "Sala e bar", "how_to_apply": "Scrivere a ..."},
        "en": {"title": "Waiter", "summary": "Dining room and bar"},
    })
    english = services.texts(offer, "en")
    assert (english.title, english.summary, english.how_to_apply) == ("Waiter", "Dining room and bar", "Scrivere a ...")
    assert english.langs["how_to_apply"] == "it" and english.fallback

    arabic = services.texts(offer, "ar")
    assert arabic.title == "Cameriere" and arabic.lang == "it" and arabic.fallback

    italian = services.texts(offer, "it")
    assert italian.title == "Cameriere" and not italian.fallback


def test_complete_translation_is_not_a_fallback(make_offer):
    offer = make_offer(texts={"it": {"title": "Cuoco", "summary": "Cucina"},
                              "fr": {"title": "Cuisinier", "summary": "Cuisine"}})
    assert not services.texts(offer, "fr").fallback


def test_loading_the_demo_again_changes_a_revision_only_when_an_offer_changed(app, today):
    from kiosk.demo import loader
    from kiosk.offers.models import Offer

    loader.load_demo(db.session, today)
    db.session.commit()
    first = db.session.scalars(db.select(Offer).order_by(Offer.id)).first()
    assert first.revision == 1
    loader.load_demo(db.session, today)
    db.session.commit()
    assert first.revision == 1
    loader.load_demo(db.session, today + timedelta(days=1))  # dates move with the day it is loaded
    db.session.commit()
    assert first.revision == 2
