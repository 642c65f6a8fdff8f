"""An admin makes, lists and revokes partners' API keys: each key shown once, kept only as its hash, all audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.api import keys
from kiosk.api.models import ApiKey
from kiosk.audit.models import AuditEntry
from kiosk.extensions import db


def made_key(page: str) -> str:
    return re.search(r'id="new-key" class="input key-secret" value="([^"]+)"', page).group(1)


def test_a_key_is_shown_once_and_kept_hashed(browser, people, client):
    admin = browser("admin")
    response = admin.post("/admin/api-keys", data={"organisation": people["organisation"].id,
                                                   "name": "Gestionale Tempor"})
    assert response.status_code == 200
    key = made_key(response.text)
    assert 'value="Gestionale Tempor"' not in response.text  # the form is empty again, ready for another key
    api_key = db.session.scalar(select(ApiKey))
    assert api_key.secret_hash == keys.digest(key) and api_key.organisation_id == people["organisation"].id
    assert key not in admin.get("/admin/api-keys").text  # never shown again
    assert api_key.prefix in admin.get("/admin/api-keys").text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_key.create"))
    assert entry.actor == "admin" and key not in str(entry.changes)
    # The key writes for its organisation.
    answer = client.delete("/api/v1/offers/1", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 404  # authenticated: there is simply no such offer


def test_a_revoked_key_no_longer_writes(browser, people, client):
    admin = browser("admin")
    key = made_key(admin.post("/admin/api-keys", data={"organisation": people["organisation"].id,
                                                       "name": "Gestionale"}).text)
    api_key = db.session.scalar(select(ApiKey))
    response = admin.post(f"/admin/api-keys/{api_key.id}/revoke")
    assert response.status_code == 303
    assert "is revoked" in admin.get("/admin/api-keys").text
    db.session.expire_all()  # the test's own session read the key before the admin revoked it
    assert client.delete("/api/v1/offers/1", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "api_key.revoke"))
    assert admin.post("/admin/api-keys/999999/revoke").status_code == 404


def test_a_key_needs_a_name_and_an_organisation(browser, people):
    admin = browser("admin")
    response = admin.post("/admin/api-keys", data={"organisation": people["organisation"].id, "name": ""})
    assert response.status_code == 422 and 'id="new-key"' not in response.text
    assert admin.post("/admin/api-keys", data={"organisation": 999, "name": "x"}).status_code == 422
    assert db.session.scalar(select(ApiKey)) is None


def test_only_admins_handle_keys(browser):
    for name in ("elena", "giulia"):
        person = browser(name)
        assert person.get("/admin/api-keys").status_code == 403
        assert person.post("/admin/api-keys", data={"organisation": 1, "name": "x"}).status_code == 403
    assert db.session.scalar(select(ApiKey)) is None
