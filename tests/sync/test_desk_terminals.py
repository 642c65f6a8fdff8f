"""A kiosk of a desk enrols at the desk's server with a link made at central, and stays enrolled across pulls."""

from __future__ import annotations

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.terminal import registry
from kiosk.terminal.models import Terminal
from tests.sync.conftest import at_desk

ADMIN = Actor("admin")


def test_a_link_made_at_central_enrols_the_kiosk_at_its_desk_which_keeps_it_until_central_revokes(
        central, desk, site, sync_round):
    settings = registry.Settings(site_id=site.id, name="ingresso", print_backend="browser", printer="",
                                 idle_seconds=90, ticket_limit=5, print_limit=6)
    terminal = registry.register(db.session, settings, ADMIN, clock.now())
    token = registry.new_enrolment_link(db.session, terminal, ADMIN, clock.now())
    db.session.commit()
    assert sync_round().link == "up"

    kiosk = desk.test_client()
    assert "ingresso" in kiosk.get(f"/terminal/enrol/{token}").text
    assert kiosk.post(f"/terminal/enrol/{token}").status_code == 303
    with at_desk(desk) as session:
        enrolled = session.get(Terminal, terminal.id)
        assert enrolled.key_hash and enrolled.enrolled_at is not None
        key = enrolled.key_hash
    db.session.expire_all()  # (the desk's request ran in this process: read central's row afresh)
    assert db.session.get(Terminal, terminal.id).key_hash is None  # the key stays where the kiosk is

    # An edit at central travels, and the desk keeps its kiosk's key.
    db.session.get(Terminal, terminal.id).idle_seconds = 120
    db.session.commit()
    assert sync_round().link == "up"
    with at_desk(desk) as session:
        assert (session.get(Terminal, terminal.id).idle_seconds, session.get(Terminal, terminal.id).key_hash) == (
            120, key)

    # Revoked at central: the desk forgets the key on its next pull, so the kiosk's cookie stops working there.
    registry.revoke(db.session, db.session.get(Terminal, terminal.id), ADMIN, clock.now())
    db.session.commit()
    assert sync_round().link == "up"
    with at_desk(desk) as session:
        revoked = session.get(Terminal, terminal.id)
        assert revoked.active is False and revoked.key_hash is None

