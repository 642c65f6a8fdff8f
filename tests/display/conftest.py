"""A desk with two services and two counters, and helpers that take and call tickets as the counters do."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime

import pytest

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue import actions, live, taking
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Ticket
from tests.conftest import _empty_postgres, base_config
from tests.pseudo import write_catalogue


@dataclass
class Desk:
    site: Site
    orientation: ServiceRef
    cv: ServiceRef
    counters: dict[int, Counter]

    def take(self, service: ServiceRef | None = None, lang: str = "it", at: datetime | None = None, **kw) -> Ticket:
        """Take a ticket and commit, as the terminal does."""
        ticket = take_ticket(db.session, service or self.orientation, lang, at or clock.now(), **kw)
        db.session.commit()
        return ticket

    def call(self, ticket: Ticket, counter: int = 1, at: datetime | None = None) -> Ticket:
        """Call a ticket to a counter and commit, as the counter screen does."""
        actions.call(db.session, ticket, self.counters[counter], self.site.slug, at or clock.now())
        db.session.commit()
        return ticket

    def take_and_call(self, service: ServiceRef | None = None, lang: str = "it", counter: int = 1,
                      at: datetime | None = None, **kw) -> Ticket:
        return self.call(self.take(service, lang, at, **kw), counter, at)


@pytest.fixture
def desk(make_site, make_service, make_counter, mid_morning) -> Desk:
    site = make_site()
    orientation = make_service(site, "A", position=1, texts={"it": {"name": "Orientamento al lavoro"},
                                                             "en": {"name": "Job orientation"}})
    cv = make_service(site, "B", "cv-help", "Aiuto CV", position=2)
    counters = {n: make_counter(site, n, [orientation, cv]) for n in (1, 2)}
    return Desk(site, taking.service_ref(orientation, site), taking.service_ref(cv, site), counters)


# The display's words are checked with pseudo catalogues, not the real ones (those are filled later): Italian
# and Arabic messages are marked, so a test sees which language each text went through.
def pseudo_italian(text: str) -> str:
    return f"[it] {text}"


def pseudo_arabic(text: str) -> str:
    return f"ترجمة {text}"


@pytest.fixture(scope="session")
def pseudo_translations(tmp_path_factory):
    folder = tmp_path_factory.mktemp("display-translations")
    write_catalogue(folder, "it", pseudo_italian)
    write_catalogue(folder, "ar", pseudo_arabic)
    return folder


@pytest.fixture
def app(request, backend, tmp_path, pseudo_translations, fresh_translations):
    """The application on a fresh database, with pseudo catalogues and an instance folder of its own."""
    if backend == "sqlite":
        path = tmp_path / "kiosk.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_database")
    app = create_app(base_config(url) | {"BABEL_TRANSLATION_DIRECTORIES": str(pseudo_translations)})
    app.instance_path = str(tmp_path / "instance")
    if backend != "sqlite":
        _empty_postgres(app)
    with app.app_context():
        yield app
        db.session.remove()
        assert live.hub_for(db.engine).join(), "a display stream still listens after its test"
        db.engine.dispose()
