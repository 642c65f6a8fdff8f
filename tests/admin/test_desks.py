"""Central's admin sees each desk's link and makes and revokes the desks' tokens (CSRF on, audited); only central."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk import clock
from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.sync import tokens
from kiosk.sync.models import DeskLink, DeskToken, Inbox


@pytest.fixture
def central(app):
    app.config["KIOSK_ROLE"] = "central"
    return app


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page).group(1)


def test_the_page_shows_each_desks_link(central, browser, people):
    now = clock.now()
    db.session.add_all([
        DeskLink(site_id=people["site"].id, last_seen_at=now - timedelta(seconds=20), pulled_revision=0,
                 acked_through=40, gap_from=41, gap_to=44, last_error="ReadTimeout: central slow", schema="0019"),
        DeskLink(site_id=people["other"].id, last_seen_at=now - timedelta(hours=3), pulled_revision=0,
                 acked_through=7, last_error="", schema="0018"),
        Inbox(site_id=people["site"].id, seq=45, kind="usage_event", data={}, ticket=None, received_at=now),
    ])
    db.session.commit()
    page = browser("admin").get("/admin/desks").text
    before, sarzana = page.split("InfoLavoro Sarzana</th>")  # the rows by name: La Spezia, then Sarzana
    assert "Offline" in sarzana and "Online" not in sarzana and "0018" in sarzana
    la_spezia = before.split("InfoLavoro La Spezia</th>")[1]
    assert "Online" in la_spezia and "ReadTimeout: central slow" in la_spezia and "0019" in la_spezia
    assert re.search(r"41\s*<small>acknowledged through no. 40</small>", la_spezia)
    assert "Missing: nos. 41 to 44. Events waiting for them: 1." in la_spezia
    assert ">Desks<" in browser("admin").get("/admin/password").text  # in the menu


def test_a_token_is_made_and_revoked_with_csrf_and_audited(central, browser, people, client):
    admin = browser("admin")
    central.config["WTF_CSRF_ENABLED"] = True
    page = admin.get("/admin/desks").text
    assert admin.post("/admin/desks", data={"site": people["site"].id}).status_code == 400  # no token: refused
    answer = admin.post("/admin/desks", data={"site": people["site"].id, "csrf_token": csrf(page)})
    assert answer.status_code == 200
    secret = re.search(r'id="new-token" class="input key-secret" value="([^"]+)"', answer.text).group(1)
    token = db.session.scalar(select(DeskToken))
    assert token.site_id == people["site"].id and token.secret_hash == tokens.bearer.digest(secret)
    assert secret not in admin.get("/admin/desks").text  # never shown again
    pull = client.get("/api/v1/sync/changes", headers={"Authorization": f"Bearer {secret}"})
    assert pull.status_code == 200
    page = admin.get("/admin/desks").text
    assert admin.post(f"/admin/desks/tokens/{token.id}/revoke").status_code == 400
    assert admin.post(f"/admin/desks/tokens/{token.id}/revoke", data={"csrf_token": csrf(page)}).status_code == 303
    assert "is revoked" in admin.get("/admin/desks").text
    db.session.expire_all()
    assert client.get("/api/v1/sync/changes", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"desk_token.create", "desk_token.revoke"} <= actions
    assert admin.post("/admin/desks/tokens/999999/revoke", data={"csrf_token": csrf(page)}).status_code == 404


def test_a_token_needs_a_desk(central, browser):
    answer = browser("admin").post("/admin/desks", data={"site": 999})
    assert answer.status_code == 422 and 'id="new-token"' not in answer.text
    assert db.session.scalar(select(DeskToken)) is None


def test_only_admins_and_only_at_central(app, browser, people):
    for name in ("elena", "giulia"):
        assert browser(name).get("/admin/desks").status_code == 403
    app.config["KIOSK_ROLE"] = "standalone"  # a standalone server has no desks
    admin = browser("admin")
    assert admin.get("/admin/desks").status_code == 404
    assert admin.post("/admin/desks", data={"site": people["site"].id}).status_code == 404
    assert ">Desks<" not in admin.get("/admin/password").text
    app.config["KIOSK_ROLE"] = "central"
    assert admin.get("/admin/desks").status_code == 200
