"""Terminals for the tests: registered as an admin would, and a kiosk's browser that enrols with the link."""

from __future__ import annotations

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.terminal import registry
from kiosk.terminal.enrolment import COOKIE

ADMIN = Actor("admin", user_id=1)


def register(site, name: str = "Sarzana, entrance", **values):
    """Register a terminal at a site (the server's default settings unless given) and commit."""
    settings = dict(print_backend="browser", printer="", idle_seconds=90, ticket_limit=5, print_limit=6) | values
    terminal = registry.register(db.session, registry.Settings(site_id=site.id, name=name, **settings), ADMIN,
                                 clock.now())
    db.session.commit()
    return terminal


def enrolment_link(terminal) -> str:
    """Make a one-time enrolment link for a terminal, commit, and return its path."""
    token = registry.new_enrolment_link(db.session, terminal, ADMIN, clock.now())
    db.session.commit()
    return f"/terminal/enrol/{token}"


class Kiosk:
    """A kiosk's browser. Each request runs in an app context of its own, as on a real server (the tests' shared
    one would keep the terminal of one request for the next, and serve rows from one identity map)."""

    def __init__(self, app, address: str = "127.0.0.1"):
        self.app = app
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address

    def get(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.post(*args, **kwargs)

    def enrol(self, path: str):
        """Open an enrolment link and confirm it, as the person setting up the kiosk does; return the answer."""
        assert self.get(path).status_code == 200
        return self.post(path)

    @property
    def cookie(self) -> str | None:
        found = self.client.get_cookie(COOKIE)
        return found.value if found else None


def enrolled(app, site, name: str = "Sarzana, entrance", address: str = "127.0.0.1", **values) -> Kiosk:
    """Return a kiosk's browser enrolled as a new terminal of a site."""
    kiosk = Kiosk(app, address)
    response = kiosk.enrol(enrolment_link(register(site, name, **values)))
    assert response.status_code == 303, response.text
    return kiosk
