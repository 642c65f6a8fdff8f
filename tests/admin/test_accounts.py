"""Staff accounts in the back office: made, re-scoped, deactivated and reset by an admin, every change audited."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from kiosk.audit.models import AuditEntry
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.staff import accounts
from kiosk.staff.accounts import Scope
from kiosk.staff.models import User
from kiosk.staff.services import AccountError
from tests.admin.conftest import PASSWORD
from tests.counter.conftest import Browser


@pytest.fixture
def english():
    """Say the domain's refusals in English outside a request (they default to Italian, the desks' language)."""
    with force_locale("en"):
        yield


def user(name: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == name))


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def signed_out(browser: Browser) -> bool:
    response = browser.get("/admin/password")
    return response.status_code == 302 and response.location.startswith("/staff/login")


def test_the_list_shows_every_account_with_its_role_scope_state_and_last_sign_in(browser, people):
    giulia = user("giulia")
    giulia.active = False
    db.session.commit()
    page = browser("admin").get("/admin/accounts").text
    for text in ("elena", "Editor", "Tempor spa", "Formare scarl", "Receptionist", "InfoLavoro Sarzana",
                 "Administrator", "Deactivated", "Never", "New account"):
        assert text in page
    row = re.search(r"<tr >\s*<th scope=\"row\"><a [^>]*>admin</a>.*?</tr>", page, re.S).group(0)
    assert "Never" not in row  # the admin just signed in


@pytest.mark.both_databases
def test_an_admin_creates_an_editor_who_can_sign_in(app, browser, people, client):
    response = browser("admin").post("/admin/accounts/new", data={
        "username": "chiara", "role": "editor", "organisation_id": people["other_organisation"].id,
        "site_id": people["site"].id, "password": "chiara's first one"})
    assert response.status_code == 200 and "Account chiara created" in response.text
    assert "chiara's first one" not in response.text  # typed by the admin: not shown back
    chiara = user("chiara")
    assert (chiara.role, chiara.organisation_id, chiara.site_id) == ("editor", people["other_organisation"].id, None)
    entry = entries("account.create")[0]
    assert (entry.actor, entry.target_kind, entry.target_id, entry.target_label) == ("admin", "user", chiara.id,
                                                                                     "chiara")
    assert entry.changes == {"username": [None, "chiara"], "role": [None, "editor"],
                             "organisation": [None, "Formare scarl"], "active": [None, True],
                             "password": ["(changed)", "(changed)"]}
    assert client.post("/staff/login", data={"username": "chiara", "password": "chiara's first one"}).status_code == 302


def test_a_first_password_left_empty_is_made_and_shown_once(browser, people, client):
    response = browser("admin").post("/admin/accounts/new", data={
        "username": "luca", "role": "receptionist", "site_id": people["other"].id})
    password = re.search(r"<code[^>]*>([a-z0-9-]+)</code>", response.text).group(1)
    assert re.fullmatch(r"[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}", password)
    assert response.headers["Cache-Control"].startswith("no-store")
    assert password not in str(entries("account.create")[0].changes)
    assert client.post("/staff/login", data={"username": "luca", "password": password}).location == "/counter"


@pytest.mark.parametrize("form, field, says", [
    ({"role": "editor"}, "organisation_id", "An editor belongs to an organisation"),
    ({"role": "editor", "organisation_id": "999"}, "organisation_id", "An editor belongs to an organisation"),
    ({"role": "receptionist"}, "site_id", "A receptionist belongs to a site"),
    ({"role": "receptionist", "site_id": "99999999999999"}, "site_id", "A receptionist belongs to a site"),
    ({"role": "boss"}, "role", "Choose a role"),
    ({"role": "admin", "username": "elena"}, "username", "The user name elena is taken."),
    ({"role": "admin", "username": "  "}, "username", "The user name must have 1 to 80 characters."),
    ({"role": "admin", "password": "short"}, "password", "at least 10 characters"),
])
def test_a_bad_new_account_is_refused_with_a_reason_and_nothing_is_made(browser, people, form, field, says):
    accounts_before = db.session.scalar(select(func.count()).select_from(User))
    response = browser("admin").post("/admin/accounts/new", data={"username": "nuovo"} | form)
    assert response.status_code == 400
    assert says in response.text and f'id="{field}-error"' in response.text
    assert 'value="' + (form.get("username") or "nuovo").replace("'", "&#39;") in response.text  # kept as typed
    assert db.session.scalar(select(func.count()).select_from(User)) == accounts_before
    assert not entries("account.create")


def test_the_pages_speak_the_admins_language(browser, people):
    admin = browser("admin")
    admin.get("/admin/accounts?lang=it")
    response = admin.post("/admin/accounts/new", data={"username": "nuovo", "role": "editor"})
    assert "Un redattore appartiene a un'organizzazione" in response.text.replace("&#39;", "'")


def test_re_scoping_moves_a_receptionist_and_logs_before_and_after(app, browser, people, make_counter):
    counter = make_counter(people["site"])
    giulia = Browser(app, "giulia")
    assert giulia.post(f"/counter/{counter.id}/open").status_code == 302
    response = browser("admin").post(f"/admin/accounts/{user('giulia').id}", data={
        "role": "receptionist", "site_id": people["other"].id, "organisation_id": people["organisation"].id})
    assert response.status_code == 302 and response.location == "/admin/accounts"
    giulia_now = user("giulia")
    assert (giulia_now.site_id, giulia_now.organisation_id) == (people["other"].id, None)
    assert db.session.get(type(counter), counter.id).staffed_by_id is None  # no longer open in her name
    assert entries("account.update")[0].changes == {"site": ["InfoLavoro La Spezia", "InfoLavoro Sarzana"]}
    assert giulia.get(f"/counter/{counter.id}").status_code == 403  # another desk's counter now


def test_an_editor_becomes_an_admin_and_loses_the_organisation(browser, people):
    browser("admin").post(f"/admin/accounts/{user('elena').id}", data={"role": "admin"})
    elena = user("elena")
    assert (elena.role, elena.organisation_id) == ("admin", None)
    assert entries("account.update")[0].changes == {"role": ["editor", "admin"], "organisation": ["Tempor spa", None]}


def test_an_admin_cannot_demote_or_deactivate_themselves(browser, people):
    admin = browser("admin")
    me = user("admin").id
    demoted = admin.post(f"/admin/accounts/{me}", data={"role": "editor", "organisation_id": people["organisation"].id})
    assert demoted.status_code == 400 and "You cannot take the administrator role from yourself." in demoted.text
    closed = admin.post(f"/admin/accounts/{me}/deactivate")
    assert closed.status_code == 400 and "You cannot deactivate your own account." in closed.text
    assert (user("admin").role, user("admin").active) == ("admin", True)
    assert not entries("account.update") and not entries("account.deactivate")


def test_the_last_active_admin_cannot_be_removed(app, people, english):
    """Only reachable from outside the admin's own session (two admins at once, the command line): still refused."""
    anna = accounts.create_account(db.session, Actor("cli"), _now(), "anna", Scope("admin"), PASSWORD)
    accounts.deactivate(db.session, Actor("cli"), _now(), user("admin"))  # anna is still there
    with pytest.raises(AccountError, match="last active administrator"):
        accounts.deactivate(db.session, Actor("cli"), _now(), anna)
    with pytest.raises(AccountError, match="last active administrator"):
        accounts.rescope(db.session, Actor("cli"), _now(), anna, Scope("receptionist", site_id=people["site"].id))
    assert anna.active and anna.role == "admin"


@pytest.mark.both_databases
def test_deactivating_ends_the_persons_sessions_at_once_and_reactivating_lets_them_in_again(app, browser, people,
                                                                                           client):
    elena = Browser(app, "elena")
    assert elena.get("/admin/").status_code == 200
    response = browser("admin").post(f"/admin/accounts/{user('elena').id}/deactivate")
    assert response.status_code == 302
    assert signed_out(elena)
    assert client.post("/staff/login", data={"username": "elena", "password": PASSWORD}).status_code == 400
    assert entries("account.deactivate")[0].changes == {"active": [True, False]}
    browser("admin").post(f"/admin/accounts/{user('elena').id}/reactivate")
    assert user("elena").active
    assert client.post("/staff/login", data={"username": "elena", "password": PASSWORD}).status_code == 302
    assert entries("account.reactivate")[0].changes == {"active": [False, True]}


def test_resetting_a_password_ends_the_sessions_and_only_the_new_one_works(app, browser, people, client):
    giulia = Browser(app, "giulia")
    admin = browser("admin")
    assert admin.get(f"/admin/accounts/{user('giulia').id}/password").status_code == 200
    short = admin.post(f"/admin/accounts/{user('giulia').id}/password", data={"password": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.text and not signed_out(giulia)
    response = admin.post(f"/admin/accounts/{user('giulia').id}/password", data={"password": "giulia's new one"})
    assert response.status_code == 200 and "sessions of giulia have ended" in response.text
    assert signed_out(giulia)
    assert client.post("/staff/login", data={"username": "giulia", "password": PASSWORD}).status_code == 400
    assert client.post("/staff/login", data={"username": "giulia", "password": "giulia's new one"}).status_code == 302
    assert entries("account.password_reset")[0].changes == {"password": ["(changed)", "(changed)"]}


def test_a_reset_password_can_be_made_by_the_app(browser, people, client):
    response = browser("admin").post(f"/admin/accounts/{user('sara').id}/password",
                                     data={"password": "ignored when generating", "generate": "1"})
    password = re.search(r"<code[^>]*>([a-z0-9-]+)</code>", response.text).group(1)
    assert client.post("/staff/login", data={"username": "sara", "password": password}).status_code == 302


def test_an_admins_own_reset_goes_to_my_password(browser, people):
    response = browser("admin").get(f"/admin/accounts/{user('admin').id}/password")
    assert response.status_code == 302 and response.location == "/admin/password"


def test_an_unknown_account_is_not_found(browser, people):
    admin = browser("admin")
    for path in ("/admin/accounts/9999", "/admin/accounts/9999/password"):
        assert admin.get(path).status_code == 404
    assert admin.post("/admin/accounts/9999/deactivate").status_code == 404


def test_editors_and_receptionists_get_403_on_every_account_page(app, browser, people):
    target = user("sara").id
    with app.test_request_context():
        paths = [(rule, url_for(rule.endpoint, user_id=target, change="deactivate"))
                 for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("admin.account") or rule.endpoint in ("admin.accounts", "admin.audit")]
    assert len(paths) >= 6
    for name in ("elena", "giulia"):
        staff = browser(name)
        for rule, path in paths:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = staff.get(path) if method == "GET" else staff.post(path, data={"role": "admin"})
                assert response.status_code == 403, (name, method, path)
    assert user("sara").active and user("elena").role == "editor"


def test_an_account_change_without_its_csrf_token_is_refused(app, browser, people):
    admin = browser("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    response = admin.post(f"/admin/accounts/{user('sara').id}/deactivate")
    assert response.status_code == 400 and user("sara").active
    form = admin.get(f"/admin/accounts/{user('sara').id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert admin.post(f"/admin/accounts/{user('sara').id}/deactivate", data={"csrf_token": token}).status_code == 302
    assert not user("sara").active


def _now():
    from kiosk import clock

    return clock.now()
