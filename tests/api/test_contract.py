"""The API keeps the promise its OpenAPI document makes, checked by Schemathesis with every check it has.

Schemathesis reads /api/v1/openapi.json from the app itself and sends, in process, requests the document allows
(which must be answered as described) and requests it forbids (which must be refused with a 4xx), over the demo
offers on a real SQLite file. A future endpoint is in the document, so it is tested here too. The write operations
are called with a live key of a demo organisation, the desks' pull with a desk's token (and, by the auth checks,
without them).
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from sqlalchemy import select

from kiosk import clock, create_app
from kiosk.api import keys
from kiosk.audit.services import SYSTEM
from kiosk.demo.loader import add_synthetic_offers, load_demo
from kiosk.extensions import db
from kiosk.network.models import Organisation, Site
from kiosk.sync import tokens
from tests.conftest import base_config

# Every phase that runs in pytest (the document's examples, coverage of each parameter's edges, random fuzzing),
# valid and invalid data, every check. A fixed seed and no example database: the same requests on every run.
CONFIG = {
    "seed": 2026,
    "generation": {"mode": "all", "database": "none"},
    "checks": {
        "enabled": True,
        # A well-formed offer may still be refused with 422 for what no JSON Schema can say: a closing date already
        # past, a reference another offer has, no way to apply. Every other default expectation stays.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]},
    },
    "phases": {"fuzzing": {"generation": {"max-examples": 100}}},
}


# The document as the app serves it, read at collection (Schemathesis's fixture-based loader does not run under
# pytest 9.2); each test then calls its own app, on a database with the demo offers. Loaded from the document
# itself, not from its address, so that the address that serves it is tested too.
SERVED = create_app(base_config("sqlite://")).test_client().get("/api/v1/openapi.json").get_json()
schema = schemathesis.openapi.from_dict(SERVED, config=schemathesis.Config.from_dict(CONFIG))


@pytest.fixture(scope="module")
def demo_app(sqlite_template, tmp_path_factory):
    """The app on a real SQLite file with the demo offers and a thousand more like them, so that most offer ids
    drawn at random name an offer, and a key of the first organisation, kept in the app's config for the test.
    One database serves every request of the module, the writes included."""
    path = tmp_path_factory.mktemp("contract") / "kiosk.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        load_demo(db.session)
        add_synthetic_offers(db.session, 1000)
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        _, app.config["TEST_API_KEY"] = keys.make_key(db.session, organisation.id, "contract", SYSTEM, clock.now())
        site = db.session.scalar(select(Site).order_by(Site.id))
        _, app.config["TEST_DESK_TOKEN"] = tokens.make_token(db.session, site, SYSTEM, clock.now())
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@schema.parametrize()
def test_the_api_answers_as_its_document_says(case, demo_app):
    # The desks' pull takes a desk's token where Schemathesis sends credentials (a case without any must be
    # refused); the partners' writes an organisation's key.
    pull = case.path.startswith("/sync/")
    secret = demo_app.config["TEST_DESK_TOKEN" if pull else "TEST_API_KEY"]
    if pull and "Authorization" not in (case.headers or {}):
        secret = ""
    # Schemathesis sends its own probes (the same request without credentials, after a 2xx answer) through the
    # schema's transport: make it this app, in process, like the test's own requests.
    case.operation.app = case.operation.schema.app = demo_app
    case.call_and_validate(app=demo_app, headers={"Authorization": f"Bearer {secret}"} if secret else {})
