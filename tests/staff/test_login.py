"""Staff accounts: strong hashes, sign-in that does not say which part was wrong, limits, the demo's accounts."""

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from kiosk import create_app
from kiosk.clock import now
from kiosk.config import ConfigError
from kiosk.extensions import db
from kiosk.staff import services
from kiosk.staff.checks import refuse_demo_accounts
from kiosk.staff.models import User
from tests.conftest import PRODUCTION_SETTINGS, base_config
from tests.counter.conftest import Browser
from tests.test_urls import OFFSITE


@pytest.fixture
def receptionist(app, make_site):
    site = make_site()
    user = services.create_user(db.session, "giulia", "a long secret 1", "receptionist", site_id=site.id)
    db.session.commit()
    return user


def test_passwords_are_stored_as_argon2id_and_checked(receptionist):
    assert receptionist.password_hash.startswith("$argon2id$")
    assert services.authenticate(db.session, "giulia", "a long secret 1", now()) is receptionist
    assert services.authenticate(db.session, "giulia", "wrong password", now()) is None
    assert services.authenticate(db.session, "nobody", "a long secret 1", now()) is None
    receptionist.active = False
    assert services.authenticate(db.session, "giulia", "a long secret 1", now()) is None


@pytest.mark.parametrize("kwargs, says", [
    ({"role": "boss"}, "role"),
    ({"password": "short"}, "at least"),
    ({"role": "editor"}, "organisation"),
    ({"role": "receptionist", "site_id": None}, "site"),
    ({"username": "giulia"}, "taken"),
])
def test_bad_accounts_are_refused(receptionist, kwargs, says):
    values = {"username": "marco", "password": "another long one", "role": "receptionist", "site_id": 1} | kwargs
    with force_locale("en"), pytest.raises(services.AccountError, match=says):
        services.create_user(db.session, values.pop("username"), values.pop("password"), values.pop("role"),
                             **values)


def test_sign_in_and_out(client, receptionist):
    page = client.get("/staff/login?lang=en")
    assert page.status_code == 200 and "Staff sign-in" in page.text
    wrong = client.post("/staff/login?lang=en", data={"username": "giulia", "password": "nope"})
    assert wrong.status_code == 400 and "Wrong user name or password." in wrong.text
    right = client.post("/staff/login?next=/about", data={"username": "giulia", "password": "a long secret 1"})
    assert right.status_code == 302 and right.location == "/about"
    assert db.session.scalar(select(User)).last_login_at is not None
    assert client.post("/staff/logout").status_code == 302
    assert client.post("/staff/logout").status_code == 302  # signed out: sent to the sign-in page
    offsite = client.post("/staff/login?next=https://evil.example/", data={"username": "giulia",
                                                                          "password": "a long secret 1"})
    assert offsite.location == "/counter"


def test_the_sign_in_form_needs_its_csrf_token(app, receptionist):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/staff/login", data={"username": "giulia", "password": "a long secret 1"})
    assert response.status_code == 400


def test_guessing_is_slowed_down(app, receptionist):
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {"RATELIMIT_ENABLED": True})
    client = limited.test_client()
    answers = [client.post("/staff/login?lang=en", data={"username": "giulia", "password": f"guess {n}"})
               for n in range(11)]
    assert "Too many attempts" in answers[-1].text
    assert all("Too many attempts" not in answer.text for answer in answers[:10])


def test_the_demo_accounts_and_the_production_roles(app, runner, today):
    from kiosk.demo import loader
    from kiosk.demo.queue_loader import load_queue
    from kiosk.staff.cli import DEMO_ACCOUNTS, create_demo_accounts

    loader.load_demo(db.session, today)
    load_queue(db.session)
    assert create_demo_accounts() == 3 and create_demo_accounts() == 0
    db.session.commit()
    for username, password, *_ in DEMO_ACCOUNTS:
        assert services.authenticate(db.session, username, password, now()).demo
    refuse_demo_accounts(app)  # standalone: the demo is allowed
    central = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "KIOSK_ROLE": "central"} | PRODUCTION_SETTINGS)
    with pytest.raises(ConfigError, match=re.escape("demo accounts exist (admin, editor, reception)")):
        refuse_demo_accounts(central)
    # `make run-network`: the network demo on this machine alone may serve them; any other address may not.
    for public_url, allowed in (("http://127.0.0.1:5000/", True), ("https://lavoro.example.it/", False), ("", False)):
        demo = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | PRODUCTION_SETTINGS | {
            "KIOSK_ROLE": "central", "KIOSK_DEMO_NETWORK": True, "KIOSK_PUBLIC_URL": public_url})
        if allowed:
            refuse_demo_accounts(demo)
        else:
            with pytest.raises(ConfigError, match="demo accounts exist"):
                refuse_demo_accounts(demo)
    for username, *_ in DEMO_ACCOUNTS:
        assert runner.invoke(args=["kiosk", "user", "delete", username]).exit_code == 0
    refuse_demo_accounts(central)


def test_user_create_from_the_command_line(runner, make_site):
    make_site()
    result = runner.invoke(args=["kiosk", "user", "create", "anna", "--role", "receptionist", "--site", "la-spezia"],
                           input="a strong password\na strong password\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "anna")).role == "receptionist"
    bad = runner.invoke(args=["kiosk", "user", "create", "bob", "--role", "editor", "--password", "long enough!"])
    assert bad.exit_code != 0 and "organisation" in bad.output


@pytest.mark.parametrize("target", [target for target in OFFSITE if target])
def test_signing_in_never_sends_staff_to_another_site(client, receptionist, target):
    response = client.post("/staff/login", query_string={"next": target},
                           data={"username": "giulia", "password": "a long secret 1"})
    assert response.status_code == 302 and response.location == "/counter"


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app, runner, receptionist):
    giulia = Browser(app, "giulia")
    copied = giulia.client.get_cookie("session").value
    result = runner.invoke(args=["kiosk", "user", "password", "giulia"], input="a new long secret\n" * 2)
    assert result.exit_code == 0, result.output
    thief = app.test_client()
    thief.set_cookie("session", copied)
    with app.app_context():
        assert thief.get("/counter").status_code == 302
    assert services.authenticate(db.session, "giulia", "a new long secret", now()) is not None


def test_the_sign_in_page_is_kept_out_of_caches(client):
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"
