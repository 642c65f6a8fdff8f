"""Real processes for the fault tests: central's gunicorn on a fresh PostgreSQL database with a small catalogue,
desks as SQLite files migrated by their own command, and the fault proxy between them.

Central's catalogue (the demo's network, offers, services and counters, and one receptionist) is loaded once into a
template database; each test gets a copy (`CREATE DATABASE … TEMPLATE`), so it starts in a second. Without
PostgreSQL these tests skip on a developer's machine and fail in CI (`tests.conftest.unavailable`).
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from kiosk.demo import loader
from kiosk.demo.queue_loader import load_queue
from kiosk.network.models import Site
from kiosk.staff import services as staff
from tests.conftest import base_config
from tests.serving import environment
from tests.sync.faults.processes import (
    SECRET,
    Central,
    Desk,
    app_session,
    create_database,
    drop_database,
    launcher,
    run,
)
from tests.sync.faults.proxy import FaultProxy


def copy_sqlite(source, target) -> None:
    """Copy a SQLite database with its write-ahead log: SQLite's own backup, not a copy of the main file alone."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


RECEPTIONIST = ("giulia", "giulia-at-la-spezia-2026")  # not a demo account: central serves with it


@pytest.fixture(scope="session")
def central_template():
    """A PostgreSQL database migrated by `flask db upgrade` and holding a small catalogue: the tests' template."""
    url = create_database()
    done = run(launcher("flask", "--app", "wsgi", "db", "upgrade"), environment(url))
    assert done.returncode == 0, done.output
    with app_session(base_config(url)) as session:
        loader.load_demo(session)
        load_queue(session)
        site = session.scalar(sa.select(Site).where(Site.slug == "la-spezia"))
        staff.create_user(session, *RECEPTIONIST, "receptionist", site_id=site.id)
        session.commit()
    yield sa.engine.make_url(url).database
    drop_database(url)


@pytest.fixture
def central(central_template, tmp_path):
    """Central: gunicorn as deployed, on its own copy of the template database."""
    url = create_database(template=central_template)
    server = Central(url, tmp_path)
    server.start()
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture
def proxy(central):
    """The fault proxy in front of central; desks made by `make_desk` talk through it."""
    with FaultProxy(("127.0.0.1", central.port)) as faults:
        yield faults


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory):
    """An empty desk database migrated by `flask db upgrade` with the desk role."""
    path = tmp_path_factory.mktemp("desk-template") / "desk.sqlite3"
    env = environment(f"sqlite:///{path}", KIOSK_ROLE="desk", KIOSK_SITE="la-spezia", SECRET_KEY=SECRET,
                      KIOSK_WORKERS="1", KIOSK_CENTRAL_URL="http://127.0.0.1:9", KIOSK_SYNC_TOKEN="ild_unused")
    done = run(launcher("flask", "--app", "wsgi", "db", "upgrade"), env)
    assert done.returncode == 0, done.output
    return path


@pytest.fixture
def make_desk(central, proxy, desk_template, tmp_path):
    """Return a function making a desk of a site, with a fresh token from central, that reaches central through
    the proxy (or directly, `direct=True`)."""

    def make(site: str = "la-spezia", token: str | None = None, direct: bool = False) -> Desk:
        path = tmp_path / f"{site}-{len(list(tmp_path.glob('*.sqlite3')))}.sqlite3"
        copy_sqlite(desk_template, path)
        return Desk(site, path, token or central.make_token(site), central.url if direct else proxy.url, tmp_path)

    return make
