"""The counters' pages: numbers, languages and services; a counter out of use cannot be chosen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.queue.models import Counter
from tests.admin.setup_helpers import audit


def counters() -> int:
    return db.session.scalar(select(func.count()).select_from(Counter))


@pytest.mark.parametrize("path", ["/admin/counters", "/admin/counters/new?site={site}", "/admin/counters/{id}"])
def test_only_an_admin_keeps_the_counters(browser, people, make_counter, path):
    path = path.format(site=people["site"].id, id=make_counter(people["site"]).id)
    assert browser("admin").get(path).status_code == 200
    assert browser("giulia").get(path).status_code == 403


def test_an_admin_creates_a_counter_with_its_languages_and_services(browser, people, make_service):
    site = people["site"]
    service = make_service(site, "A", "orientation")
    form = {"number": "3", "languages": ["it", "uk"], "services": [str(service.id)]}
    assert browser("admin").post(f"/admin/counters/new?site={site.id}", data=form).status_code == 303
    counter = db.session.scalar(select(Counter))
    assert (counter.site_id, counter.number, counter.languages) == (site.id, 3, ["it", "uk"])
    assert [s.slug for s in counter.services] == ["orientation"]
    assert audit("counter.create")[0].changes["services"] == [None, ["orientation"]]
    page = browser("admin").get(f"/admin/counters?site={site.id}").text
    assert "Counter 3" in page and "Українська" in page


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"number": "1", "languages": ["it"]}, "number", "Another counter of this site has this number."),
    ({"number": "0", "languages": ["it"]}, "number", "Enter a whole number from 1 to 999."),
    ({"number": "two", "languages": ["it"]}, "number", "Enter a whole number from 1 to 999."),
    ({"number": "2"}, "languages", "Choose at least one language the staff speak."),
    ({"number": "2", "languages": ["it", "de"]}, "languages", "Choose among the options shown."),
])
def test_bad_input_is_said_and_nothing_is_saved(browser, people, make_counter, form, field, message):
    make_counter(people["site"], 1)
    response = browser("admin").post(f"/admin/counters/new?site={people['site'].id}", data=form)
    assert response.status_code == 422 and f'href="#field-{field}">{message}' in response.text
    assert counters() == 1 and audit("counter.create") == []


def test_an_inactive_counter_cannot_be_chosen_at_the_counter_screen(browser, people, make_counter):
    counter = make_counter(people["site"], 7)
    giulia = browser("giulia")
    assert f"/counter/{counter.id}/open" in giulia.get("/counter").text
    assert browser("admin").post(f"/admin/counters/{counter.id}/active", data={"active": "0"}).status_code == 303
    assert f"/counter/{counter.id}/open" not in giulia.get("/counter").text
    assert giulia.post(f"/counter/{counter.id}/open").status_code == 404
    db.session.refresh(counter)
    assert counter.staffed_by_id is None and audit("counter.deactivate")[0].target_label == "Sportello 7"


def test_a_counter_that_called_a_ticket_is_kept(browser, people, make_service, make_counter, make_ticket):
    admin, site = browser("admin"), people["site"]
    service = make_service(site)
    counter, spare = make_counter(site, 1, [service]), make_counter(site, 2, [service])
    ticket = make_ticket(service)
    ticket.counter_id = counter.id
    db.session.commit()
    assert "Delete for good" not in admin.get(f"/admin/counters/{counter.id}").text
    admin.post(f"/admin/counters/{counter.id}/delete")
    assert db.session.get(Counter, counter.id) is not None and audit("counter.delete") == []
    assert admin.post(f"/admin/counters/{spare.id}/delete").status_code == 303
    assert counters() == 1 and audit("counter.delete")[0].changes["number"] == [2, None]
