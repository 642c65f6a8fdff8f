"""Every sign-in, refused sign-in and sign-out is in the audit log, with the address it came from."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.staff import services
from tests.counter.conftest import quick_hashes  # noqa: F401 - light hashes for these tests

PASSWORD = "a long secret 1"
ADDRESS = {"REMOTE_ADDR": "192.0.2.44"}


def log() -> list[tuple]:
    return [(entry.action, entry.actor, entry.actor_id, entry.target_id, entry.target_label, entry.address)
            for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_signing_in_failing_and_signing_out_are_logged(app, client, make_site):
    giulia = services.create_user(db.session, "giulia", PASSWORD, "receptionist", site_id=make_site().id)
    db.session.commit()
    client.post("/staff/login", data={"username": "giulia", "password": "wrong guess"}, environ_base=ADDRESS)
    client.post("/staff/login", data={"username": "  nobody ", "password": "wrong guess"}, environ_base=ADDRESS)
    assert client.post("/staff/login", data={"username": "giulia", "password": ""}).status_code == 400  # no attempt
    client.post("/staff/login", data={"username": "giulia", "password": PASSWORD}, environ_base=ADDRESS)
    client.post("/counter/sign-out", environ_base=ADDRESS)
    client.post("/staff/login", data={"username": "giulia", "password": PASSWORD}, environ_base=ADDRESS)
    client.post("/staff/logout", environ_base=ADDRESS)
    assert log() == [
        ("sign_in_failed", "giulia", None, giulia.id, "giulia", "192.0.2.44"),
        ("sign_in_failed", "nobody", None, None, "nobody", "192.0.2.44"),
        ("sign_in", "giulia", giulia.id, giulia.id, "giulia", "192.0.2.44"),
        ("sign_out", "giulia", giulia.id, giulia.id, "giulia", "192.0.2.44"),
        ("sign_in", "giulia", giulia.id, giulia.id, "giulia", "192.0.2.44"),
        ("sign_out", "giulia", giulia.id, giulia.id, "giulia", "192.0.2.44"),
    ]


def test_a_deactivated_account_signing_in_is_a_refused_sign_in(app, client, make_site):
    giulia = services.create_user(db.session, "giulia", PASSWORD, "receptionist", site_id=make_site().id)
    giulia.active = False
    db.session.commit()
    assert client.post("/staff/login", data={"username": "giulia", "password": PASSWORD}).status_code == 400
    assert [entry[0] for entry in log()] == ["sign_in_failed"]
