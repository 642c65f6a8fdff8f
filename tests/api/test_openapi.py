"""The OpenAPI document: valid OpenAPI 3.1, its enums from the vocabularies, the answers matching it."""

from datetime import timedelta

import pytest
from jsonschema import ValidationError
from openapi_spec_validator import validate as validate_spec

from kiosk import i18n
from kiosk.api.openapi import DOCUMENT
from kiosk.offers import services, vocab


def test_document_is_valid_openapi_3_1(openapi_document):
    assert openapi_document["openapi"] == "3.1.0"
    validate_spec(openapi_document)
    assert openapi_document == DOCUMENT


def test_enums_come_from_the_vocabularies():
    schemas = DOCUMENT["components"]["schemas"]
    offer = schemas["Offer"]["properties"]
    assert offer["kind"]["enum"] == list(vocab.KINDS)
    assert offer["sector"]["enum"] == list(vocab.SECTORS)
    assert offer["contract"]["enum"] == list(vocab.CONTRACTS)
    assert offer["hours"]["enum"] == list(vocab.HOURS)
    assert offer["education"]["enum"] == list(vocab.EDUCATION)
    assert offer["italian_level"]["enum"] == list(vocab.ITALIAN_LEVELS)
    assert offer["protected_category"]["enum"] == list(vocab.PROTECTED)
    assert offer["lang"]["enum"] == [language.code for language in i18n.LANGUAGES]
    assert schemas["OfferSummary"]["properties"]["kind"]["enum"] == list(vocab.KINDS)


def test_every_query_parameter_is_described():
    listed = {p["name"]: p for p in DOCUMENT["paths"]["/offers"]["get"]["parameters"]}
    assert set(listed) == {*services.FILTER_NAMES, "lang", "page", "per_page"}
    assert all(p["in"] == "query" and p["description"] and p["schema"] for p in listed.values())
    detail = {p["name"] for p in DOCUMENT["paths"]["/offers/{offer_id}"]["get"]["parameters"]}
    assert detail == {"offer_id", "lang"}


def test_validator_rejects_what_the_schema_forbids(validate):
    with pytest.raises(ValidationError):
        validate("Problem", {"type": "about:blank", "title": "x", "status": 200, "detail": "x"})
    with pytest.raises(ValidationError):
        validate("OfferList", {"items": [{"id": 1}], "total": 1, "page": 1, "per_page": 20, "pages": 1})


@pytest.mark.both_databases
def test_real_answers_match_the_schemas(client, make_offer, validate, today):
    offer = make_offer(employer=None, other_languages=[{"lang": "en", "level": "B1"}], driving_licence="B",
                       starts_on=today + timedelta(days=3), duration_hours=120, ateco_code="52.24.10")
    make_offer(texts={"it": {"title": "Solo italiano", "summary": "Riassunto"}})

    schemas = DOCUMENT["components"]["schemas"]
    listing = client.get("/api/v1/offers?lang=en").get_json()
    validate("OfferList", listing)
    assert len(listing["items"]) == 2
    assert set(listing["items"][0]) == set(schemas["OfferSummary"]["properties"])  # nothing undocumented

    detail = client.get(f"/api/v1/offers/{offer.id}?lang=ar").get_json()
    validate("Offer", detail)
    assert set(detail) == set(schemas["Offer"]["properties"])

    for url, status in [("/api/v1/offers?kind=pirate", 400), ("/api/v1/offers/999999", 404),
                        ("/api/v1/nowhere", 404)]:
        response = client.get(url)
        assert response.status_code == status
        validate("Problem", response.get_json())


def test_every_query_parameter_may_be_empty():
    # The server reads `name=` as if the parameter were absent; the document says so for each of them.
    queries = [parameter for path in ("/offers", "/offers/{offer_id}")
               for parameter in DOCUMENT["paths"][path]["get"]["parameters"] if parameter["in"] == "query"]
    assert len(queries) == 13 and all(parameter["allowEmptyValue"] is True for parameter in queries)
