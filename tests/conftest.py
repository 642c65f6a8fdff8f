"""Fixtures: an app on a real SQLite file or a real PostgreSQL database, and factories of sites, offers, services,
counters and tickets (each a fixture that returns a function: `make_service(site, prefix="B", slug="cv-help")`)."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as dt_time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.seed import write_seed
from kiosk.network.models import Organisation, Site
from kiosk.offers import vocab
from kiosk.offers.models import Offer, OfferTranslation
from kiosk.offers.search import index_offers
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Counter, Service, Ticket

IN_CI = bool(os.environ.get("CI"))
POSTGRES_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# What a desk or central needs beyond the standalone defaults, for tests that start one: a real-looking secret
# and one process (more need the rate limits in Redis).
PRODUCTION_SETTINGS = {"SECRET_KEY": "kV7d-Qm2xZ9pL4tR8wYb1nH6cJ3fG5sA0eU_oIiK", "KIOSK_WORKERS": 1}


def unavailable(reason: str):
    """Skip on a developer's machine, fail in CI: CI must run everything."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def base_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "KIOSK_ROLE": "standalone",
        "KIOSK_SITE": "la-spezia",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "KIOSK_ALWAYS_OPEN": True,  # tickets at any hour; the opening-hours tests turn the hours on and set the clock
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Migrate one SQLite file per test session; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "kiosk.sqlite3"
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database():
    """Create a PostgreSQL database for this test session, migrate it, drop it afterwards."""
    admin_engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin_engine.connect() as conn:
            name = f"kiosk_test_{uuid.uuid4().hex[:10]}"
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    except sa.exc.OperationalError as error:
        admin_engine.dispose()
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error.orig.__class__.__name__}")
    url = sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    app = create_app(base_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


def _empty_postgres(app) -> None:
    with app.app_context():
        names = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
        db.session.execute(sa.text(f"TRUNCATE {names}, offer_search, offer_search_term RESTART IDENTITY CASCADE"))
        write_seed(db.session.connection(), GlossaryTerm.__table__)  # what the migration ships, as on SQLite
        db.session.commit()


@pytest.fixture
def backend(request):
    """The database a test runs on: SQLite, unless `both_databases` parametrises it."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def app(request, backend, tmp_path):
    """The application on a fresh database of the test's backend (SQLite unless parametrised)."""
    if backend == "sqlite":
        path = tmp_path / "kiosk.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        app = create_app(base_config(f"sqlite:///{path}"))
    else:
        app = create_app(base_config(request.getfixturevalue("postgres_database")))
        _empty_postgres(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def pytest_generate_tests(metafunc):
    """`@pytest.mark.both_databases` runs a test on SQLite and on PostgreSQL."""
    if metafunc.definition.get_closest_marker("both_databases") and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                             indirect=True)


@pytest.fixture
def fresh_translations():
    """Flask-Babel caches catalogues per process, not per app: start and end with an empty cache."""
    from kiosk.extensions import babel

    def clear():
        domain = babel.__dict__.get("domain_instance")  # a cached property: absent until first used
        if domain is not None:
            domain.cache.clear()

    clear()
    yield
    clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def today() -> date:
    return clock.today()


@pytest.fixture
def set_clock(monkeypatch):
    """Return a function that sets the app's clock (`kiosk.clock.now`) to a moment, given in any zone; from there
    it runs on with real time, so two actions a test makes one after the other still come in order."""

    def set_to(moment: datetime) -> datetime:
        local, started = moment.astimezone(clock.LOCAL_ZONE), time.monotonic()
        monkeypatch.setattr(clock, "now", lambda: local + timedelta(seconds=time.monotonic() - started))
        return local

    return set_to


@pytest.fixture
def mid_morning(set_clock) -> datetime:
    """Set the clock to half past ten today: tickets taken "minutes ago" stay on today, whatever the hour."""
    return set_clock(datetime.combine(clock.today(), dt_time(10, 30), clock.LOCAL_ZONE))


def saved(instance):
    """Add a new row to the test's session, commit, and return it."""
    db.session.add(instance)
    db.session.commit()
    return instance


@pytest.fixture
def make_site(app):
    def make(**values) -> Site:
        defaults = dict(slug="la-spezia", name="InfoLavoro La Spezia", town="La Spezia", address="Piazza Europa 1",
                        postcode="19124", phone="+39 0187 000000", email="infolavoro@example.it",
                        opening_hours=[{"days": [0, 2, 4], "opens": "09:00", "closes": "12:30"}])
        return saved(Site(**(defaults | values)))

    return make


@pytest.fixture
def organisation(app) -> Organisation:
    return saved(Organisation(slug="tempor", name="Tempor spa", kind="agency", town="La Spezia"))


@pytest.fixture
def make_offer(app, organisation, today):
    """Return a function that saves an offer (indexed for search) and returns it."""
    counter = iter(range(1, 100_000))

    def make(texts: dict | None = None, **values) -> Offer:
        number = next(counter)
        texts = texts or {"it": {"title": f"Offerta {number}"}, "en": {"title": f"Offer {number}"}}
        level = values.get("italian_level", "none")
        defaults = dict(
            reference=f"T-{number:04d}", kind="job", organisation=organisation, employer="Cantiere del Golfo",
            town="La Spezia", sector="C", contract="permanent", hours="full_time", italian_level=level,
            italian_rank=vocab.ITALIAN_LEVELS.index(level), published_on=today - timedelta(days=10),
            expires_on=today + timedelta(days=30), apply_email="lavoro@example.it",
        )
        offer = Offer(**(defaults | values))
        offer.translations = [OfferTranslation(lang=lang, **fields) for lang, fields in texts.items()]
        db.session.add(offer)
        index_offers(db.session, [offer])
        db.session.commit()
        return offer

    return make


@pytest.fixture
def make_service(app):
    """Return a function that saves a service of a site: named `name` in Italian, or in every language of `texts`."""

    def make(site: Site, prefix: str = "A", slug: str = "orientation", name: str | None = None, **values) -> Service:
        texts = values.pop("texts", None) or {"it": {"name": name or slug}}
        return saved(Service(site_id=site.id, prefix=prefix, slug=slug, texts=texts, **values))

    return make


@pytest.fixture
def make_counter(app):
    """Return a function that saves a counter of a site, the services it serves and the languages its staff speak."""

    def make(site: Site, number: int = 1, services: list[Service] | tuple = (), languages: list[str] | tuple = ("it",),
             **values) -> Counter:
        return saved(Counter(site_id=site.id, number=number, services=list(services), languages=list(languages),
                             **values))

    return make


@pytest.fixture
def make_ticket(app):
    """Return a function that takes a ticket for a service as the kiosk does, `at` a moment or `minutes_ago` and
    `days_ago` before the app's clock (with `mid_morning`, "minutes ago" stays today), and commits."""

    def make(service: Service, lang: str = "it", *, at: datetime | None = None, minutes_ago: float = 0,
             days_ago: int = 0, **values) -> Ticket:
        at = at or clock.now() - timedelta(minutes=minutes_ago, days=days_ago)
        site = db.session.get(Site, service.site_id)
        ticket = take_ticket(db.session, ServiceRef(service.id, site.id, site.slug, service.prefix), lang, at,
                             **values)
        db.session.commit()
        return ticket

    return make
