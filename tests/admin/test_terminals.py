"""The back office's terminals: registered, changed, given a one-time link, revoked; admins only, all audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.terminal import registry
from kiosk.terminal.models import Terminal
from tests.terminal.enrolling import Kiosk

FORM = {"name": "Sarzana, entrance", "print_backend": "cups", "printer": "sarzana-receipts", "idle_seconds": "90",
        "ticket_limit": "4", "print_limit": "3"}


def entries(action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action.like("terminal.%")).order_by(AuditEntry.id)
    return [entry for entry in db.session.scalars(query) if action in (None, entry.action)]


def terminals() -> list[Terminal]:
    db.session.expire_all()
    return db.session.scalars(select(Terminal).order_by(Terminal.id)).all()


@pytest.fixture
def admin(browser):
    return browser("admin")


@pytest.fixture
def registered(admin, people):
    """Register Sarzana's entrance through the form; return the terminal."""
    response = admin.post("/admin/terminals/new", data=FORM | {"site_id": people["other"].id})
    assert response.status_code == 303, response.text
    return terminals()[0]


def link_on(page: str) -> str:
    return re.search(r"<code>http://localhost(/terminal/enrol/[a-z0-9]+)</code>", page).group(1)


@pytest.mark.parametrize("username, status", [("elena", 403), ("giulia", 403), ("sara", 403)])
def test_only_an_admin_keeps_the_terminals(browser, client, username, status):
    for url in ("/admin/terminals", "/admin/terminals/new"):
        assert browser(username).get(url).status_code == status
        assert client.get(url).location.startswith("/staff/login")
    assert browser("elena").post("/admin/terminals/new", data=FORM).status_code == 403
    assert terminals() == []


def test_a_new_terminal_starts_from_the_servers_settings(admin, app):
    page = admin.get("/admin/terminals/new").text
    assert 'name="idle_seconds" required type="number" value="60"' in page
    assert re.search(r'name="ticket_limit"[^>]*value="5"', page)
    assert re.search(r'name="print_limit"[^>]*value="6"', page)
    assert '<option selected value="browser">' in page


def test_registering_a_terminal(admin, people):
    response = admin.post("/admin/terminals/new", data=FORM | {"site_id": people["other"].id})
    [terminal] = terminals()
    assert response.location == f"/admin/terminals/{terminal.id}"
    assert (terminal.site.slug, terminal.name, terminal.print_backend, terminal.printer, terminal.idle_seconds,
            terminal.ticket_limit, terminal.print_limit) == ("sarzana", "Sarzana, entrance", "cups",
                                                             "sarzana-receipts", 90, 4, 3)
    assert registry.state(terminal) == registry.WAITING
    page = admin.get(response.location).text
    assert "is registered. Now make its enrolment link" in page and "Waiting for enrolment" in page
    [entry] = entries()
    assert (entry.action, entry.actor, entry.target_id) == ("terminal.create", "admin", terminal.id)
    assert entry.changes["name"] == [None, "Sarzana, entrance"] and entry.changes["ticket_limit"] == [None, 4]
    listing = admin.get("/admin/terminals").text
    assert "Sarzana, entrance" in listing and "InfoLavoro Sarzana" in listing and "Never" in listing


@pytest.mark.parametrize("field, value, message", [
    ("name", "  ", "Please give the terminal a name."),
    ("name", "x" * 65, "At most 64 characters."),
    ("idle_seconds", "5", "Please enter a number from 15 to 900."),
    ("idle_seconds", "abc", "Please enter a whole number."),
    ("ticket_limit", "0", "Please enter a number from 1 to 60."),
    ("print_limit", "500", "Please enter a number from 1 to 60."),
    ("ticket_limit", "", "Please enter a whole number."),
    ("printer", "my printer", "A printer name has no spaces, / or #."),
    ("print_backend", "fax", "Not a valid choice."),
    ("site_id", "99999", "Not a valid choice."),
])
def test_a_wrong_field_is_said_and_nothing_is_saved(admin, people, field, value, message):
    response = admin.post("/admin/terminals/new", data=FORM | {"site_id": people["other"].id, field: value})
    assert response.status_code == 400 and message in response.text
    assert "Nothing was saved" in response.text and 'aria-invalid="true"' in response.text
    assert terminals() == [] and entries() == []


def test_two_terminals_cannot_share_a_name(admin, people, registered):
    response = admin.post("/admin/terminals/new", data=FORM | {"site_id": people["site"].id})
    assert response.status_code == 400 and "Another terminal has this name." in response.text
    other = admin.post("/admin/terminals/new", data=FORM | {"site_id": people["site"].id, "name": "La Spezia 1"})
    assert other.status_code == 303
    renamed = admin.post(other.location, data=FORM | {"site_id": people["site"].id})
    assert renamed.status_code == 400 and len(terminals()) == 2


def test_changing_a_terminal_is_audited_field_by_field(admin, people, registered):
    url = f"/admin/terminals/{registered.id}"
    response = admin.post(url, data=FORM | {"site_id": people["site"].id, "idle_seconds": "120"})
    assert response.status_code == 303 and "Saved." in admin.get(url).text
    [change] = entries("terminal.update")
    assert change.changes == {"site_id": [people["other"].id, people["site"].id], "idle_seconds": [90, 120]}
    admin.post(url, data=FORM | {"site_id": people["site"].id, "idle_seconds": "120"})  # nothing changes
    assert len(entries("terminal.update")) == 1


def test_an_unknown_terminal_is_not_found(admin):
    assert admin.get("/admin/terminals/99999").status_code == 404
    assert admin.post("/admin/terminals/99999/link").status_code == 404
    assert admin.post("/admin/terminals/99999999999/revoke").status_code == 404
    assert admin.get("/admin/terminals/99999/revoke").status_code == 404


def test_the_enrolment_link_is_shown_once_with_its_qr_code_and_stored_hashed(admin, app, registered):
    page = admin.post(f"/admin/terminals/{registered.id}/link")
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    path = link_on(page.text)
    token = path.rsplit("/", 1)[1]
    assert '<svg role="img" aria-label="QR code of the enrolment link"' in page.text
    [terminal] = terminals()
    assert terminal.enrolment_token_hash == registry.digest(token) and token not in str(vars(terminal))
    assert token not in admin.get(f"/admin/terminals/{terminal.id}").text  # shown only once
    assert "An enrolment link works until" in admin.get(f"/admin/terminals/{terminal.id}").text
    [entry] = entries("terminal.enrolment_link")
    assert token not in str(entry.changes)
    # A second link replaces the first.
    newer = link_on(admin.post(f"/admin/terminals/{terminal.id}/link").text)
    assert Kiosk(app).post(path).status_code == 404
    assert Kiosk(app).enrol(newer).status_code == 303
    assert "Enrolled" in admin.get("/admin/terminals").text


def test_revoking_a_terminal(admin, app, registered):
    kiosk = Kiosk(app)
    kiosk.enrol(link_on(admin.post(f"/admin/terminals/{registered.id}/link").text))
    assert "InfoLavoro Sarzana" in kiosk.get("/terminal/?lang=en").text
    asked = admin.get(f"/admin/terminals/{registered.id}/revoke")  # asking first changes nothing
    assert asked.status_code == 200 and "Revoke Sarzana, entrance?" in asked.text and not entries("terminal.revoke")
    assert "InfoLavoro Sarzana" in kiosk.get("/terminal/?lang=en").text
    response = admin.post(f"/admin/terminals/{registered.id}/revoke")
    assert response.status_code == 303
    page = admin.get(response.location).text
    assert "is revoked: its screen is now a guest terminal" in page and "Revoke this terminal" not in page
    assert "a guest terminal of \u2066InfoLavoro La Spezia\u2069" in kiosk.get("/terminal/?lang=en").text
    assert "Revoked" in admin.get("/admin/terminals").text
    [entry] = entries("terminal.revoke")
    assert entry.changes == {"active": [True, False]} and entry.target_label == "Sarzana, entrance"
    # A new link brings it back, waiting for its enrolment; the old cookie stays refused.
    admin.post(f"/admin/terminals/{registered.id}/link")
    assert registry.state(terminals()[0]) == registry.WAITING
    assert "guest terminal" in kiosk.get("/terminal/?lang=en").text


def test_the_terminal_pages_refuse_a_change_without_csrf(admin, app, registered):
    app.config["WTF_CSRF_ENABLED"] = True
    for url in (f"/admin/terminals/{registered.id}/revoke", f"/admin/terminals/{registered.id}/link",
                f"/admin/terminals/{registered.id}", "/admin/terminals/new"):
        assert admin.post(url, data=FORM).status_code == 400, url
    assert registry.state(terminals()[0]) == registry.WAITING and len(terminals()) == 1
    assert [entry.action for entry in entries()] == ["terminal.create"]


def test_at_central_the_link_is_a_path_to_open_at_the_desks_own_server(admin, app, registered):
    app.config["KIOSK_ROLE"] = "central"
    page = admin.post(f"/admin/terminals/{registered.id}/link")
    assert re.search(r"<code>/terminal/enrol/[a-z0-9]+</code>", page.text)
    assert "http://192.168.1.10:8000/terminal/enrol/" in page.text
    assert "QR code of the enrolment link" not in page.text  # a code for central's address would mislead
