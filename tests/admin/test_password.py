"""Anyone's own password: the current one, the new one twice; the other sessions end, this one stays."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.staff import services
from kiosk.staff.models import User
from tests.admin.conftest import PASSWORD
from tests.counter.conftest import Browser

NEW = "a brand new secret"


def signed_in(browser: Browser) -> bool:
    return browser.get("/admin/password").status_code == 200


@pytest.mark.parametrize("name", ["admin", "elena", "giulia"])
def test_each_role_changes_its_own_password_and_only_this_session_stays(app, browser, people, client, name):
    here, elsewhere = browser(name), Browser(app, name)
    page = here.get("/admin/password")
    assert page.status_code == 200 and "Current password" in page.text
    response = here.post("/admin/password", data={"current": PASSWORD, "new": NEW, "repeated": NEW})
    assert response.status_code == 200 and "Your password was changed" in response.text
    assert signed_in(here) and not signed_in(elsewhere)
    assert client.post("/staff/login", data={"username": name, "password": PASSWORD}).status_code == 400
    assert client.post("/staff/login", data={"username": name, "password": NEW}).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "password.change"))
    assert (entry.actor, entry.changes) == (name, {"password": ["(changed)", "(changed)"]})


@pytest.mark.parametrize("form, field, says", [
    ({"current": "not my password", "new": NEW, "repeated": NEW}, "current", "That is not your current password."),
    ({"current": PASSWORD, "new": NEW, "repeated": NEW + "!"}, "repeated", "The two new passwords are not the same."),
    ({"current": PASSWORD, "new": "short", "repeated": "short"}, "new", "at least 10 characters"),
    ({"current": PASSWORD, "new": PASSWORD, "repeated": PASSWORD}, "new", "must differ from the current one"),
    ({"current": PASSWORD, "new": "x" * 201, "repeated": "x" * 201}, "new", "at most 200 characters"),
    ({}, "current", "That is not your current password."),
])
def test_a_bad_change_is_refused_and_nothing_changes(app, browser, people, form, field, says):
    here, elsewhere = browser("elena"), Browser(app, "elena")
    response = here.post("/admin/password", data=form)
    assert response.status_code == 400 and says in response.text and f'id="{field}-error"' in response.text
    elena = db.session.scalar(select(User).where(User.username == "elena"))
    db.session.refresh(elena)
    assert services.check_password(elena, PASSWORD) and signed_in(elsewhere)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "password.change")) is None


def test_a_receptionist_finds_it_from_the_counter_screen_and_sees_only_it(browser, people):
    giulia = browser("giulia")
    counter_page = giulia.get("/counter").text
    assert 'href="/admin/password"' in counter_page
    page = giulia.get("/admin/password").text
    assert 'href="/counter"' in page and 'href="/admin/"' not in page
    assert giulia.get("/admin/").status_code == 403


def test_the_menu_offers_it_to_every_role(browser, people):
    for name in ("admin", "elena", "giulia"):
        assert 'href="/admin/password"' in browser(name).get("/admin/password").text


def test_a_desk_offers_no_password_page_since_central_keeps_the_accounts(app, tmp_path, sqlite_template):
    """A desk's accounts come from central's next pull: a password changed there would not last."""
    import shutil

    from kiosk import create_app
    from tests.conftest import PRODUCTION_SETTINGS, base_config

    path = tmp_path / "desk.sqlite3"
    shutil.copy(sqlite_template, path)
    desk = create_app(base_config(f"sqlite:///{path}") | PRODUCTION_SETTINGS | {
        "KIOSK_ROLE": "desk", "KIOSK_CENTRAL_URL": "http://127.0.0.1:9", "KIOSK_SYNC_TOKEN": "t" * 40})
    with desk.app_context():
        from kiosk.network.models import Site

        db.session.add(Site(slug="la-spezia", name="InfoLavoro La Spezia", town="La Spezia", address="Piazza Europa 1",
                            postcode="19124"))
        db.session.flush()
        services.create_user(db.session, "giulia", PASSWORD, "receptionist", site_id=db.session.scalar(select(Site.id)))
        db.session.commit()
        giulia = Browser(desk, "giulia")
        assert giulia.get("/counter").status_code == 200
        assert "/admin/password" not in giulia.get("/counter").text
        assert giulia.get("/admin/password").status_code == 404
        db.session.remove()
        db.engine.dispose()
