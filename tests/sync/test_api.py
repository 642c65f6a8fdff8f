"""GET /api/v1/sync/changes: a desk's own token or 401, bounded parameters or 400, as RFC 9457 problems."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.sync import tokens
from kiosk.sync.models import DeskToken

URL = "/api/v1/sync/changes"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


@pytest.mark.parametrize("authorization", [None, "", "Basic YWRtaW46YWRtaW4=", "Bearer "])
def test_no_token_is_refused(client, desk_token, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get(URL, headers=headers)
    answer = problem(response, 401)
    assert answer["status"] == 401 and "Bearer" in answer["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_unknown_token_is_refused(client, desk_token):
    token = db.session.scalar(select(DeskToken))
    tokens.revoke_token(db.session, token, Actor("admin"), clock.now())
    db.session.commit()
    for secret in (desk_token, "ild_" + "A" * 43, "ilk_" + "A" * 43):
        response = client.get(URL, headers={"Authorization": f"Bearer {secret}"})
        assert problem(response, 401)["detail"]
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_the_refusal_is_in_the_asked_language(client, desk_token):
    answer = problem(client.get(URL + "?lang=it"), 401)
    assert answer["title"] == "Serve il token dello sportello"


def test_a_live_token_notes_its_use(pull, desk_token):
    assert db.session.scalar(select(DeskToken)).last_used_at is None
    pull()
    db.session.expire_all()
    assert db.session.scalar(select(DeskToken)).last_used_at is not None


@pytest.mark.parametrize("query, wrong", [
    ("since=-1", {"since"}), ("since=abc", {"since"}), ("since=99999999999999999999", {"since"}),
    ("limit=0", {"limit"}), ("limit=1001", {"limit"}), ("limit=ten&since=x", {"since", "limit"}),
])
def test_parameters_out_of_bounds_are_named(client, desk_token, query, wrong):
    response = client.get(f"{URL}?{query}", headers={"Authorization": f"Bearer {desk_token}"})
    assert {error["parameter"] for error in problem(response, 400)["errors"]} == wrong


def test_the_largest_page_is_allowed(pull):
    answer = pull(limit=1000)
    assert answer["changes"] == [] or answer["changes"][0]["revision"] >= 1


def test_the_openapi_document_describes_the_pull(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/sync/changes"]["get"]
    assert operation["security"] == [{"deskToken": []}]
    assert document["components"]["securitySchemes"]["deskToken"]["scheme"] == "bearer"
    assert {"200", "400", "401"} <= set(operation["responses"])
