"""Settings come from the environment; desk and central refuse unsafe defaults."""

from datetime import UTC, timedelta

import pytest

from kiosk.config import DEFAULT_SECRET_KEY, ConfigError, from_environment
from tests.conftest import PRODUCTION_SETTINGS

SECRET = PRODUCTION_SETTINGS["SECRET_KEY"]
ONE_WORKER = {"SECRET_KEY": SECRET, "KIOSK_WORKERS": "1"}


def test_standalone_has_safe_defaults():
    config = from_environment({})
    assert config["KIOSK_ROLE"] == "standalone"
    assert config["KIOSK_SITE"] == "la-spezia"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["KIOSK_IDLE_SECONDS"] == 60 and config["KIOSK_IDLE_COUNTDOWN_SECONDS"] == 20


@pytest.mark.parametrize("env, says", [
    ({"KIOSK_ROLE": "central"}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": DEFAULT_SECRET_KEY}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": "short-but-random-K9x"}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": "x" * 64}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": "0123456789" * 4}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "desk", "KIOSK_CENTRAL_URL": "https://c"} | ONE_WORKER, "KIOSK_SYNC_TOKEN"),
    ({"KIOSK_ROLE": "desk", "KIOSK_SYNC_TOKEN": "t"} | ONE_WORKER, "KIOSK_CENTRAL_URL"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": SECRET}, "KIOSK_RATELIMIT_STORAGE_URL=redis://"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": SECRET, "KIOSK_WORKERS": "3",
      "KIOSK_RATELIMIT_STORAGE_URL": "memory://"}, "KIOSK_RATELIMIT_STORAGE_URL=redis://"),
    ({"KIOSK_THREADS": "many"}, "KIOSK_THREADS"),
    ({"KIOSK_ROLE": "tower"}, "KIOSK_ROLE"),
    ({"KIOSK_IDLE_SECONDS": "soon"}, "KIOSK_IDLE_SECONDS"),
    ({"KIOSK_IDLE_COUNTDOWN_SECONDS": "5"}, "at least 20"),
])
def test_unsafe_or_bad_settings_are_refused_with_a_one_line_reason(env, says):
    with pytest.raises(ConfigError) as error:
        from_environment(env)
    assert says in str(error.value) and "\n" not in str(error.value)


def test_central_and_desk_start_when_configured():
    central = from_environment({"KIOSK_ROLE": "central", "SECRET_KEY": SECRET, "KIOSK_WORKERS": "4",
                                "KIOSK_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0",
                                "KIOSK_DATABASE_URL": "postgresql+psycopg://central@db/kiosk"})
    assert central["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    desk = from_environment({"KIOSK_ROLE": "desk", "KIOSK_SYNC_TOKEN": "t", "KIOSK_SITE": "sarzana",
                             "KIOSK_CENTRAL_URL": "https://central.example"} | ONE_WORKER)
    assert desk["KIOSK_SITE"] == "sarzana"
    # The demo runs two processes with limits in memory: allowed for the standalone role only.
    assert from_environment({"KIOSK_WORKERS": "2"})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_settings_that_flask_defines_itself_are_set(tmp_path):
    """Staff sessions end after a working day, not Flask's 31 days; a request body is bounded."""
    from kiosk import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite3'}", "TESTING": True})
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=9)
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    shorter = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite3'}", "TESTING": True,
                          **from_environment({"KIOSK_STAFF_SESSION_HOURS": "4", "KIOSK_MAX_REQUEST_KB": "256"})})
    assert shorter.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=4)
    assert shorter.config["MAX_CONTENT_LENGTH"] == 256 * 1024


def test_a_request_body_past_the_limit_is_refused_unread(client):
    answer = client.post("/staff/login", data=b"x" * (2 * 1024 * 1024),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413


def test_a_staff_session_cookie_lasts_a_working_day(client, make_site):
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    from kiosk.extensions import db
    from kiosk.staff import services

    services.create_user(db.session, "giulia", "a long secret 1", "receptionist", site_id=make_site().id)
    db.session.commit()
    answer = client.post("/staff/login", data={"username": "giulia", "password": "a long secret 1"})
    assert answer.status_code in (302, 303)
    cookie = next(value for value in answer.headers.getlist("Set-Cookie") if value.startswith("session="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert timedelta(hours=8) < expires - datetime.now(UTC) <= timedelta(hours=9)
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_the_database_pool_follows_the_server_threads(tmp_path):
    from kiosk import EXTRA_CONNECTIONS, create_app
    from kiosk.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite3'}", "TESTING": True,
                      **from_environment({"KIOSK_THREADS": "24"})})
    with app.app_context():
        assert db.engine.pool.size() == 24
        assert db.engine.pool._max_overflow == EXTRA_CONNECTIONS
        db.engine.dispose()


def test_a_desk_database_syncs_every_commit_to_disk(app):
    """With synchronous=NORMAL a power cut could take back the last tickets and their numbers."""
    import sqlalchemy as sa

    from kiosk.extensions import db

    assert db.session.execute(sa.text("PRAGMA synchronous")).scalar() == 2  # FULL
    assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_create_app_refuses_a_central_role_without_a_secret(monkeypatch):
    from kiosk import create_app

    monkeypatch.setenv("KIOSK_ROLE", "central")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_behind_a_proxy_each_terminal_is_known_by_its_own_address(tmp_path):
    from flask import request

    from kiosk import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite3'}", "KIOSK_PROXIES": 1,
                      "TESTING": True})

    @app.get("/whoami")
    def whoami():
        return request.remote_addr

    answer = app.test_client().get("/whoami", headers={"X-Forwarded-For": "192.168.1.23"})
    assert answer.text == "192.168.1.23"


def test_the_central_server_takes_no_tickets_and_shows_no_queue(tmp_path):
    from kiosk import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite3'}", "TESTING": True,
                      "KIOSK_ROLE": "central", "WTF_CSRF_ENABLED": False} | PRODUCTION_SETTINGS)
    client = app.test_client()
    for method, path in [("get", "/ticket"), ("post", "/ticket/cv-help"), ("get", "/counter"),
                         ("get", "/display/la-spezia"), ("get", "/display/la-spezia/events")]:
        assert getattr(client, method)(path).status_code == 404, path
