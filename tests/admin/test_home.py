"""The back office's door: who lands where after signing in, and what each role's menu offers."""

from __future__ import annotations

import pytest
from flask import url_for

from kiosk import create_app
from kiosk.admin.nav import SECTIONS
from tests.admin.conftest import PASSWORD
from tests.conftest import PRODUCTION_SETTINGS, base_config


@pytest.mark.parametrize("username, lands_on", [("admin", "/admin/"), ("elena", "/admin/"), ("giulia", "/counter")])
def test_each_role_lands_on_its_own_screen(client, people, username, lands_on):
    response = client.post("/staff/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response.location == lands_on


def test_the_back_office_asks_who_you_are_and_refuses_a_receptionist(client, browser):
    response = client.get("/admin/")
    assert response.status_code == 302 and response.location.startswith("/staff/login?next=")
    assert browser("giulia").get("/admin/").status_code == 403


def test_the_home_page_lists_only_what_the_role_may_open(app, browser):
    pages = {role: browser(name).get("/admin/").text for role, name in (("admin", "admin"), ("editor", "elena"))}
    with app.test_request_context():
        links = {section: f'href="{url_for(section.endpoint)}"' for section in SECTIONS
                 if section.endpoint in app.view_functions}
    for section, link in links.items():
        for role, page in pages.items():
            here = not section.servers or app.config["KIOSK_ROLE"] in section.servers  # Desks: central only
            assert (link in page) == (role in section.roles and here), (role, section.endpoint)


def test_a_desk_has_no_back_office(tmp_path):
    """A desk receives what central writes: its back office answers 404, and its staff land at the counter."""
    config = base_config(f"sqlite:///{tmp_path / 'desk.sqlite3'}") | {"KIOSK_ROLE": "desk"}
    app = create_app(config | PRODUCTION_SETTINGS | {"KIOSK_CENTRAL_URL": "http://127.0.0.1:9",
                                                     "KIOSK_SYNC_TOKEN": "t" * 40})
    assert app.test_client().get("/admin/").status_code == 404


def test_the_home_page_counts_the_offers_of_the_editors_own_organisation(browser, make_offer, other_organisation,
                                                                          today):
    from datetime import timedelta

    make_offer()
    make_offer(expires_on=today + timedelta(days=3))
    make_offer(status="draft")
    make_offer(organisation=other_organisation)
    make_offer(organisation=other_organisation, status="withdrawn")
    figures = {"elena": ("2", "1", "1", "0"), "admin": ("3", "1", "1", "1")}
    for name, (on_show, closing, drafts, withdrawn) in figures.items():
        page = browser(name).get("/admin/").text
        assert f"<dt>On the kiosks</dt><dd>{on_show}</dd>" in page
        assert f"<dt>Closing within 7 days</dt><dd>{closing}</dd>" in page
        assert f"<dt>Drafts</dt><dd>{drafts}</dd>" in page
        assert f"<dt>Withdrawn</dt><dd>{withdrawn}</dd>" in page
