"""The back office's people: an admin, an editor of each of two organisations, receptionists of two sites."""

from __future__ import annotations

import pytest

from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.staff import services as staff
from tests.conftest import saved
from tests.counter.conftest import PASSWORD, Browser, quick_hashes  # noqa: F401 - fixtures and helpers shared

HTMX = {"HX-Request": "true"}


@pytest.fixture
def other_organisation(app) -> Organisation:
    return saved(Organisation(slug="formare", name="Formare scarl", kind="training", town="Sarzana"))


@pytest.fixture
def people(make_site, organisation, other_organisation):
    """Make one account of every role: `admin`, `elena` (editor of Tempor), `paolo` (editor of Formare),
    `giulia` (receptionist at La Spezia) and `sara` (receptionist at Sarzana)."""
    site = make_site()
    other = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    for name, role, values in (("admin", "admin", {}),
                               ("elena", "editor", {"organisation_id": organisation.id}),
                               ("paolo", "editor", {"organisation_id": other_organisation.id}),
                               ("giulia", "receptionist", {"site_id": site.id}),
                               ("sara", "receptionist", {"site_id": other.id})):
        staff.create_user(db.session, name, PASSWORD, role, **values)
    db.session.commit()
    return {"site": site, "other": other, "organisation": organisation, "other_organisation": other_organisation}


@pytest.fixture
def browser(app, people):
    """Return a signed-in browser of one of `people` (in English), e.g. `browser("elena")`."""
    return lambda username: Browser(app, username)
