"""Fixtures for the API: the served OpenAPI document and a validator against its schemas."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:infolavoro:api:v1:openapi"


def pytest_configure(config):
    # tests/offers uses this marker too; it belongs in pyproject.toml's markers (see the report).
    config.addinivalue_line("markers", "both_databases: run on SQLite and on PostgreSQL")


@pytest.fixture
def openapi_document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def validate(openapi_document):
    """Return a function that checks a JSON value against one of the document's component schemas."""
    resource = Resource.from_contents(openapi_document, default_specification=DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)

    def check(schema_name: str, instance) -> None:
        schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema_name}"}
        checker = Draft202012Validator.FORMAT_CHECKER
        Draft202012Validator(schema, registry=registry, format_checker=checker).validate(instance)

    return check
