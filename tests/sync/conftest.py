"""A desk token for La Spezia, a helper to read the change log through the API, and a desk beside central.

The `desk` fixture is a second app on its own SQLite file; `sync_round` runs its loop once against the test's app as
central, in process, through httpx's WSGI transport (the fault tests use real processes and a real network)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import httpx
import pytest

from kiosk import clock, create_app
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.sync import loop, tokens
from kiosk.sync.client import CentralClient
from tests.conftest import PRODUCTION_SETTINGS, base_config


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


CENTRAL_URL = "http://central.test"


@pytest.fixture
def central(app):
    """The test's app as central: the back office's writer, answering the sync API."""
    app.config["KIOSK_ROLE"] = "central"
    return app


@pytest.fixture
def desk(central, desk_token, sqlite_template, tmp_path):
    """La Spezia's desk: its own SQLite file, a desk role, central's address and its token."""
    path = tmp_path / "desk.sqlite3"
    shutil.copy(sqlite_template, path)
    desk_app = create_app(base_config(f"sqlite:///{path}") | PRODUCTION_SETTINGS | {
        "KIOSK_ROLE": "desk", "KIOSK_SITE": "la-spezia", "KIOSK_CENTRAL_URL": CENTRAL_URL,
        "KIOSK_SYNC_TOKEN": desk_token})
    yield desk_app
    with desk_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def central_client(central, desk_token):
    """Return a function making a client that reaches the in-process central through WSGI, with a token."""
    made = []

    def make(token: str | None = None) -> CentralClient:
        client = CentralClient(CENTRAL_URL, token or desk_token, transport=httpx.WSGITransport(app=central))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def sync_round(desk, central_client):
    """Return a function that runs one round of the desk's loop against central and returns its outcome."""

    def run(token: str | None = None) -> loop.Round:
        with desk.app_context():
            outcome = loop.sync_once(db.session, central_client(token))
            db.session.remove()
        return outcome

    return run


@contextmanager
def at_desk(desk_app):
    """Work in the desk's database for a while (the test's own context is central's)."""
    with desk_app.app_context():
        yield db.session
        db.session.remove()
