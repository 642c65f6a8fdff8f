"""Desks' tokens: kept hashed, shown once, refused once revoked; made, listed and revoked from the command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk import bearer, clock
from kiosk.audit.models import AuditEntry
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.sync import tokens
from kiosk.sync.models import DeskToken


def test_a_token_is_kept_only_as_its_hash(site):
    token, secret = tokens.make_token(db.session, site, Actor("admin"), clock.now())
    db.session.commit()
    assert secret.startswith("ild_") and len(secret) > 40
    assert token.secret_hash == bearer.digest(secret) and secret not in (token.secret_hash, token.prefix)
    assert secret.startswith(token.prefix) and token.site_id == site.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "desk_token.create"))
    assert entry.target_id == token.id and secret not in str(entry.changes) and entry.actor == "admin"


def test_a_revoked_token_is_refused(site):
    token, secret = tokens.make_token(db.session, site, Actor("admin"), clock.now())
    assert tokens.find_token(db.session, secret, clock.now()) is token
    assert tokens.revoke_token(db.session, token, Actor("admin"), clock.now())
    assert not tokens.revoke_token(db.session, token, Actor("admin"), clock.now())
    db.session.commit()
    assert tokens.find_token(db.session, secret, clock.now()) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "desk_token.revoke")).target_id == token.id


@pytest.mark.parametrize("secret", ["", "ild_nothing", "ilk_" + "x" * 43, "ild_" + "x" * 200])
def test_an_unknown_token_is_refused(site, secret):
    tokens.make_token(db.session, site, Actor("admin"), clock.now())
    assert tokens.find_token(db.session, secret, clock.now()) is None


def test_the_command_line_shows_a_token_once_lists_and_revokes_it(runner, site):
    made = runner.invoke(args=["kiosk", "desk-token", "make", "la-spezia"])
    assert made.exit_code == 0, made.output
    secret = made.output.split()[-1]
    token = db.session.scalar(select(DeskToken))
    assert token.secret_hash == bearer.digest(secret)
    listed = runner.invoke(args=["kiosk", "desk-token", "list"])
    assert token.prefix in listed.output and "la-spezia" in listed.output and secret not in listed.output
    assert "live" in listed.output
    revoked = runner.invoke(args=["kiosk", "desk-token", "revoke", token.prefix])
    assert revoked.exit_code == 0, revoked.output
    db.session.expire_all()
    assert db.session.get(DeskToken, token.id).revoked_at is not None
    again = runner.invoke(args=["kiosk", "desk-token", "revoke", token.prefix])
    assert again.exit_code != 0 and "revoked already" in again.output
    assert "revoked" in runner.invoke(args=["kiosk", "desk-token", "list"]).output


def test_the_command_line_refuses_an_unknown_site_or_prefix(runner, site):
    assert "no site" in runner.invoke(args=["kiosk", "desk-token", "make", "atlantide"]).output
    assert "no token" in runner.invoke(args=["kiosk", "desk-token", "revoke", "ild_nothing"]).output
    assert db.session.scalar(select(DeskToken)) is None
