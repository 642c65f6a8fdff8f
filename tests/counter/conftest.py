"""A desk with two services, two counters, staff of every role, and tickets taken a few minutes ago."""

from __future__ import annotations

import pytest

from kiosk.extensions import db
from kiosk.staff import services as staff

PASSWORD = "a long secret 1"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Hash the test accounts' passwords with light Argon2id settings: these tests are about the counter."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(staff, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def desk(make_site, make_service, make_counter, organisation, mid_morning):
    """La Spezia with services A (orientation) and B (CV help), counters 1 (A and B) and 2 (B only),
    a receptionist there and one at Sarzana, an editor and an admin."""
    site = make_site()
    other = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    orientation = make_service(site, "A", position=1, texts={"it": {"name": "Orientamento"},
                                                             "en": {"name": "Job orientation"}})
    cv = make_service(site, "B", "cv-help", position=2, texts={"it": {"name": "Curriculum"}, "en": {"name": "CV help"}})
    elsewhere = make_service(other, "B", "cv-help", "Curriculum")
    for name, role, values in (("giulia", "receptionist", {"site_id": site.id}),
                               ("marco", "receptionist", {"site_id": site.id}),
                               ("sara", "receptionist", {"site_id": other.id}),
                               ("elena", "editor", {"organisation_id": organisation.id}),
                               ("admin", "admin", {})):
        staff.create_user(db.session, name, PASSWORD, role, **values)
    db.session.commit()
    return {"site": site, "other": other, "A": orientation, "B": cv, "elsewhere": elsewhere,
            "one": make_counter(site, 1, [orientation, cv], ["it", "en"]),
            "two": make_counter(site, 2, [cv], ["it", "ar"]),
            "far": make_counter(other, 1, [elsewhere])}


@pytest.fixture
def take(desk, make_ticket):
    """Take a ticket for a service (its letter, or a Service) `minutes_ago` minutes ago (or `days_ago` days ago)."""

    def make(service="A", lang="it", minutes_ago=10, days_ago=0, **values):
        return make_ticket(desk[service] if isinstance(service, str) else service, lang, minutes_ago=minutes_ago,
                           days_ago=days_ago, **values)

    return make


def sign_in(client, username: str) -> None:
    """Sign in through the real sign-in form."""
    response = client.post("/staff/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.text


class Browser:
    """A member of staff's browser. Each request runs in an app context of its own, as on a real server: the
    tests' shared app context would otherwise keep one user signed in for every client (Flask-Login caches the
    user in `g`) and serve every request from one session's identity map."""

    def __init__(self, app, username: str):
        self.app, self.client = app, app.test_client()
        with app.app_context():
            sign_in(self.client, username)
            self.client.get("/staff/login?lang=en")  # the staff screens in English, as the tests read them

    def get(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.post(*args, **kwargs)


@pytest.fixture
def giulia(app, desk):
    """La Spezia's receptionist giulia's browser, sitting at counter 1, with the screen in English."""
    browser = Browser(app, "giulia")
    assert browser.post(f"/counter/{desk['one'].id}/open").status_code == 302
    browser.get("/counter?lang=en")
    return browser
