# ruff: noqa: F811 - the admin tests' fixtures are imported, then named as parameters
"""The partners' write API: a bearer key per organisation, its own offers only, JobPosting or the native JSON,
every error a problem with the fields named, every change audited with the key as the actor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk import clock, create_app
from kiosk.api import keys
from kiosk.api.models import ApiKey
from kiosk.audit.models import AuditEntry
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.offers.models import Offer
from tests.admin.conftest import browser, other_organisation, people  # noqa: F401 - fixtures
from tests.conftest import base_config

PROBLEM = "application/problem+json"
ADMIN = Actor("admin", user_id=1)


@pytest.fixture
def make_key(app):
    def make(organisation: Organisation, name: str = "Gestionale") -> str:
        _, key = keys.make_key(db.session, organisation.id, name, ADMIN, clock.now())
        db.session.commit()
        return key

    return make


@pytest.fixture
def key(make_key, organisation) -> str:
    return make_key(organisation)


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def native(today, **values) -> dict:
    body = {"reference": "TEMP-1", "kind": "job", "town": "Sarzana", "sector": "I", "contract": "seasonal",
            "hours": "part_time", "expires_on": (today + timedelta(days=30)).isoformat(),
            "apply": {"email": "lavoro@tempor.example"},
            "texts": {"it": {"title": "Cameriere di sala", "description": "<p>Servizio ai tavoli</p>"},
                      "uk": {"title": "Офіціант"}}}
    return body | values


def posting(today, **values) -> dict:
    body = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Magazziniere",
            "description": "<p>Carico e scarico</p><script>alert(1)</script>", "datePosted": today.isoformat(),
            "validThrough": f"{today + timedelta(days=20)}T23:59:59+01:00", "employmentType": ["FULL_TIME"],
            "industry": "H", "hiringOrganization": {"@type": "Organization", "name": "Porto Logistica"},
            "jobLocation": {"@type": "Place", "address": {"addressLocality": "La Spezia"}},
            "identifier": {"@type": "PropertyValue", "value": "PL-77"},
            "applicationContact": {"@type": "ContactPoint", "email": "hr@porto.example"}}
    return body | values


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"].strip() and body["detail"].strip()
    return body


@pytest.mark.both_databases
def test_a_key_creates_an_offer_of_its_organisation(client, key, organisation, today):
    response = client.post("/api/v1/offers?lang=en", json=native(today), headers=bearer(key))
    assert response.status_code == 201, response.text
    offer = db.session.scalar(select(Offer).where(Offer.reference == "TEMP-1"))
    assert offer.organisation_id == organisation.id and offer.status == "published"
    assert response.headers["Location"].endswith(f"/api/v1/offers/{offer.id}")
    assert response.get_json()["title"] == "Cameriere di sala"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offer.create"))
    assert entry.actor == f"api key {key[:keys.PREFIX_LENGTH]} (tempor)" and entry.actor_id is None
    assert client.get(f"/api/v1/offers/{offer.id}").get_json()["status"] == "open"


def test_a_job_posting_is_accepted_by_type_or_content_type(client, key, today):
    response = client.post("/api/v1/offers", json=posting(today), headers=bearer(key))
    assert response.status_code == 201, response.text
    offer = db.session.scalar(select(Offer).where(Offer.reference == "PL-77"))
    assert (offer.town, offer.employer, offer.sector, offer.hours, offer.contract) == (
        "La Spezia", "Porto Logistica", "H", "full_time", "permanent")
    assert offer.expires_on == today + timedelta(days=20) and offer.apply_email == "hr@porto.example"
    assert "script" not in offer.text("it").description
    body = posting(today, identifier="PL-78", inLanguage="it")
    del body["@type"]
    response = client.post("/api/v1/offers", json=body, headers=bearer(key) | {"Content-Type": "application/ld+json"})
    assert response.status_code == 422  # a JobPosting without its @type is not one
    response = client.post("/api/v1/offers", data=__import__("json").dumps(posting(today, identifier="PL-78")),
                           headers=bearer(key) | {"Content-Type": "application/ld+json"})
    assert response.status_code == 201, response.text


def test_without_a_valid_key_nothing_is_written(client, make_key, organisation, today):
    body = native(today)
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, bearer("ilk_not-a-key"), bearer("x" * 5000)):
        answer = problem(client.post("/api/v1/offers", json=body, headers=headers), 401)
        assert "Bearer" in client.post("/api/v1/offers", json=body, headers=headers).headers["WWW-Authenticate"]
        assert answer["type"] == "about:blank"
    key = make_key(organisation)
    api_key = db.session.scalar(select(ApiKey))
    keys.revoke_key(db.session, api_key, ADMIN, clock.now())
    db.session.commit()
    response = client.post("/api/v1/offers", json=body, headers=bearer(key))
    problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert db.session.scalar(select(Offer)) is None


def test_a_signed_in_browser_cannot_write_without_a_key(app, people, browser, today):
    admin = browser("admin")
    response = admin.post("/api/v1/offers", json=native(today))
    assert response.status_code == 401
    assert db.session.scalar(select(Offer)) is None


def test_keys_are_kept_hashed_and_named_by_their_prefix(app, key):
    api_key = db.session.scalar(select(ApiKey))
    assert key.startswith("ilk_") and len(key) > 40
    assert api_key.secret_hash == keys.digest(key) and key not in (api_key.secret_hash, api_key.prefix)
    assert key.startswith(api_key.prefix)


def test_another_organisations_offer_is_not_found(client, make_key, other_organisation, make_offer, today):
    theirs = make_offer()  # of Tempor
    key = make_key(other_organisation)
    body = native(today, reference=theirs.reference)
    problem(client.put(f"/api/v1/offers/{theirs.id}", json=body, headers=bearer(key)), 404)
    problem(client.delete(f"/api/v1/offers/{theirs.id}", headers=bearer(key)), 404)
    problem(client.put("/api/v1/offers/999999", json=body, headers=bearer(key)), 404)
    db.session.expire_all()
    assert db.session.get(Offer, theirs.id).town == "La Spezia"


@pytest.mark.both_databases
def test_put_changes_and_delete_removes_the_own_offer(client, key, make_offer, today):
    offer = make_offer()
    body = native(today, reference=offer.reference, town="Lerici")
    response = client.put(f"/api/v1/offers/{offer.id}", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    db.session.expire_all()
    changed = db.session.get(Offer, offer.id)
    assert changed.town == "Lerici" and changed.revision == 2
    assert {t.lang for t in changed.translations} == {"it", "uk"}  # the texts are replaced as a whole
    # A JobPosting changes what it says and keeps the rest, other languages included.
    response = client.put(f"/api/v1/offers/{offer.id}", json=posting(today, title="Cameriere esperto"),
                          headers=bearer(key))
    assert response.status_code == 200, response.text
    db.session.expire_all()
    changed = db.session.get(Offer, offer.id)
    assert changed.text("it").title == "Cameriere esperto" and changed.text("uk").title == "Офіціант"
    assert changed.sector == "H" and changed.kind == "job"
    assert client.delete(f"/api/v1/offers/{offer.id}", headers=bearer(key)).status_code == 204
    assert db.session.get(Offer, offer.id) is None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["offer.update", "offer.update", "offer.delete"]


def test_every_field_problem_is_listed(client, key, today):
    body = native(today, expires_on=(today - timedelta(days=1)).isoformat(), apply={}, kind="pirate")
    del body["town"]
    answer = problem(client.post("/api/v1/offers?lang=en", json=body, headers=bearer(key)), 422)
    assert answer["type"].endswith("/api/v1/openapi.json#/components/responses/InvalidOffer")
    fields = {error["field"] for error in answer["errors"]}
    assert {"town", "kind"} <= fields and all(error["message"].strip() for error in answer["errors"])
    body = native(today, expires_on=(today - timedelta(days=1)).isoformat(), apply={})
    answer = problem(client.post("/api/v1/offers?lang=it", json=body, headers=bearer(key)), 422)
    assert {error["field"] for error in answer["errors"]} == {"expires_on", "apply"}
    assert "già passata" in str(answer["errors"])


@pytest.mark.parametrize(("data", "content_type", "status"), [
    ("{not json", "application/json", 400),
    ("<offer/>", "application/xml", 415),
    ("[1, 2]", "application/json", 422),
    ('"text"', "application/json", 422),
    ("[" * 100_000 + "]" * 100_000, "application/json", 400),
])
def test_malformed_bodies_are_problems(client, key, data, content_type, status):
    problem(client.post("/api/v1/offers", data=data, headers=bearer(key) | {"Content-Type": content_type}), status)


def test_a_reference_of_another_organisation_cannot_be_taken(client, make_key, other_organisation, make_offer, today):
    theirs = make_offer()
    answer = problem(client.post("/api/v1/offers", json=native(today, reference=theirs.reference),
                                 headers=bearer(make_key(other_organisation))), 422)
    assert [error["field"] for error in answer["errors"]] == ["reference"]


def test_writes_are_rate_limited_per_key(app, make_key, organisation, other_organisation, today):
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_API_WRITE_RATE": "2 per minute"})
    client = limited.test_client()
    first, second = make_key(organisation), make_key(other_organisation, "Altro")
    for number in range(2):
        response = client.post("/api/v1/offers", json=native(today, reference=f"R-{number}"), headers=bearer(first))
        assert response.status_code == 201
    problem(client.post("/api/v1/offers", json=native(today, reference="R-9"), headers=bearer(first)), 429)
    response = client.post("/api/v1/offers", json=native(today, reference="R-8"), headers=bearer(second))
    assert response.status_code == 201


def test_every_write_error_matches_the_problem_schema(client, key, validate, today):
    answers = [
        client.post("/api/v1/offers", json=native(today)),  # no key
        client.post("/api/v1/offers", data="<x/>", headers=bearer(key) | {"Content-Type": "text/xml"}),
        client.post("/api/v1/offers", json=native(today, kind="pirate"), headers=bearer(key)),
        client.put("/api/v1/offers/424242", json=native(today), headers=bearer(key)),
        client.post("/api/v1/offers", data="{", headers=bearer(key) | {"Content-Type": "application/json"}),
    ]
    assert [answer.status_code for answer in answers] == [401, 415, 422, 404, 400]
    for answer in answers:
        assert answer.mimetype == PROBLEM
        validate("Problem", answer.get_json(force=True))


def test_the_document_describes_the_writes_and_their_key(openapi_document):
    from kiosk.offers import vocab

    scheme = openapi_document["components"]["securitySchemes"]["partnerKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    operations = [openapi_document["paths"]["/offers"]["post"], openapi_document["paths"]["/offers/{offer_id}"]["put"],
                  openapi_document["paths"]["/offers/{offer_id}"]["delete"]]
    assert all(operation["security"] == [{"partnerKey": []}] and "401" in operation["responses"]
               for operation in operations)
    assert "security" not in openapi_document["paths"]["/offers"]["get"]  # reading needs no key
    body = operations[0]["requestBody"]["content"]
    assert set(body) == {"application/json", "application/ld+json"}
    schema = openapi_document["components"]["schemas"]["OfferInput"]["properties"]
    assert schema["kind"]["enum"] == list(vocab.KINDS) and schema["sector"]["enum"] == list(vocab.SECTORS)
