"""A desk token for La Spezia, and a helper to read the change log through the API."""

from __future__ import annotations

import pytest

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.sync import tokens


@pytest.fixture
def site(make_site):
    """La Spezia's desk."""
    return make_site()


@pytest.fixture
def desk_token(site) -> str:
    """Return a live token of La Spezia's desk."""
    _, secret = tokens.make_token(db.session, site, Actor("test"), clock.now())
    db.session.commit()
    return secret


@pytest.fixture
def pull(client, desk_token):
    """Return a function that asks for the changes and returns the JSON answer (asserting 200)."""

    def ask(since: int = 0, limit: int = 1000) -> dict:
        response = client.get(f"/api/v1/sync/changes?since={since}&limit={limit}",
                              headers={"Authorization": f"Bearer {desk_token}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    return ask


def latest(answer: dict) -> dict[tuple[str, int], dict]:
    """Return the changes of an answer by (kind, id)."""
    return {(change["kind"], change["id"]): change for change in answer["changes"]}
