"""Settings come from the environment; desk and central refuse unsafe defaults."""

import pytest

from kiosk.config import DEFAULT_SECRET_KEY, ConfigError, from_environment


def test_standalone_has_safe_defaults():
    config = from_environment({})
    assert config["KIOSK_ROLE"] == "standalone"
    assert config["KIOSK_SITE"] == "la-spezia"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["KIOSK_IDLE_SECONDS"] == 60 and config["KIOSK_IDLE_COUNTDOWN_SECONDS"] == 20


@pytest.mark.parametrize("env, says", [
    ({"KIOSK_ROLE": "central"}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "central", "SECRET_KEY": DEFAULT_SECRET_KEY}, "SECRET_KEY"),
    ({"KIOSK_ROLE": "desk", "SECRET_KEY": "s" * 40, "KIOSK_CENTRAL_URL": "https://c"}, "KIOSK_SYNC_TOKEN"),
    ({"KIOSK_ROLE": "desk", "SECRET_KEY": "s" * 40, "KIOSK_SYNC_TOKEN": "t"}, "KIOSK_CENTRAL_URL"),
    ({"KIOSK_ROLE": "tower"}, "KIOSK_ROLE"),
    ({"KIOSK_IDLE_SECONDS": "soon"}, "KIOSK_IDLE_SECONDS"),
    ({"KIOSK_IDLE_COUNTDOWN_SECONDS": "5"}, "at least 20"),
])
def test_unsafe_or_bad_settings_are_refused_with_a_one_line_reason(env, says):
    with pytest.raises(ConfigError) as error:
        from_environment(env)
    assert says in str(error.value) and "\n" not in str(error.value)


def test_central_and_desk_start_when_configured():
    central = from_environment({"KIOSK_ROLE": "central", "SECRET_KEY": "x" * 40,
                                "KIOSK_DATABASE_URL": "postgresql+psycopg://central@db/kiosk"})
    assert central["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    desk = from_environment({"KIOSK_ROLE": "desk", "SECRET_KEY": "x" * 40, "KIOSK_SYNC_TOKEN": "t",
                             "KIOSK_CENTRAL_URL": "https://central.example", "KIOSK_SITE": "sarzana"})
    assert desk["KIOSK_SITE"] == "sarzana"


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
                      "KIOSK_ROLE": "central", "SECRET_KEY": "x" * 64, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    for method, path in [("get", "/ticket"), ("post", "/ticket/cv-help"), ("get", "/counter"),
                         ("get", "/display/la-spezia"), ("get", "/display/la-spezia/events")]:
        assert getattr(client, method)(path).status_code == 404, path
