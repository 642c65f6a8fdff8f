"""The services' pages: letters, texts in nine languages beside the Italian, documents, counters; never deleted
once a ticket was taken."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.queue.models import Service
from tests.admin.setup_helpers import audit


def service_form(**values) -> dict:
    return {"slug": "tirocini", "prefix": "c", "position": "3", "name-it": "Tirocini",
            "description-it": "Tirocini e stage in zona", "name-uk": "Стажування", "documents": ["id", "cv"]} | values


def services() -> int:
    return db.session.scalar(select(func.count()).select_from(Service))


@pytest.mark.parametrize("path", ["/admin/services", "/admin/services/new?site={site}", "/admin/services/{id}"])
def test_only_an_admin_keeps_the_services(browser, people, make_service, path):
    path = path.format(site=people["site"].id, id=make_service(people["site"]).id)
    assert browser("admin").get(path).status_code == 200
    assert browser("elena").get(path).status_code == 403


def test_the_list_shows_a_sites_services_and_how_complete_each_language_is(browser, people, make_service,
                                                                          make_counter):
    site = people["site"]
    full = make_service(site, "A", "orientation", texts={"it": {"name": "Orientamento"}, "en": {"name": "Guidance"},
                                                         "uk": {"name": "", "description": "Щось"}})
    make_service(people["other"], "A", "elsewhere", name="Altrove")
    make_counter(site, 4, [full])
    page = browser("admin").get(f"/admin/services?site={site.id}").text
    assert "Orientamento" in page and "Altrove" not in page
    assert 'setup-mark setup-mark-complete" lang="en"' in page
    assert 'setup-mark setup-mark-partial" lang="uk"' in page
    assert 'setup-mark setup-mark-missing" lang="ar"' in page
    assert "<td>4</td>" in page
    other = browser("admin").get(f"/admin/services?site={people['other'].id}").text
    assert "Altrove" in other and "Orientamento" not in other


def test_an_admin_creates_a_service_with_its_documents_and_counters(browser, people, make_counter):
    site = people["site"]
    counter = make_counter(site, 2)
    form = service_form(counters=[str(counter.id)])
    response = browser("admin").post(f"/admin/services/new?site={site.id}", data=form)
    assert response.status_code == 303
    service = db.session.scalar(select(Service).where(Service.slug == "tirocini"))
    assert (service.site_id, service.prefix, service.position) == (site.id, "C", 3)
    assert service.texts == {"it": {"name": "Tirocini", "description": "Tirocini e stage in zona"},
                             "uk": {"name": "Стажування", "description": ""}}
    assert service.documents == ["id", "cv"] and [c.number for c in service.counters] == [2]
    [entry] = audit("service.create")
    assert entry.changes["counters"] == [None, [2]] and entry.target_label == "C – Tirocini"


def test_the_form_shows_the_italian_beside_the_other_languages(browser, people, make_service):
    service = make_service(people["site"], texts={"it": {"name": "Orientamento"}, "ar": {"name": "التوجيه"}})
    page = browser("admin").get(f"/admin/services/{service.id}").text
    italian = page.index('class="setup-texts-italian"')
    others = page.index('class="setup-texts-others"')
    assert italian < page.index('value="Orientamento"') < others < page.index('value="التوجيه"')
    assert 'lang="ar" dir="rtl"' in page
    assert page.count('class="setup-language"') == 9


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name-it": ""}, "name-it", "This field is required."),
    ({"prefix": "AB"}, "prefix", "The letter is one of A to Z."),
    ({"prefix": "4"}, "prefix", "The letter is one of A to Z."),
    ({"prefix": "a"}, "prefix", "Another service of this site has this letter."),
    ({"slug": "orientation"}, "slug", "This address word is taken; choose another."),
    ({"position": "-1"}, "position", "Enter a whole number from 0 to 999."),
    ({"documents": ["passport-photo"]}, "documents", "Choose among the options shown."),
    ({"name-fr": "x" * 81}, "name-fr", "This text is too long (maximum length: 80)."),
])
def test_bad_input_is_said_and_nothing_is_saved(browser, people, make_service, change, field, message):
    make_service(people["site"], "A", "orientation")
    response = browser("admin").post(f"/admin/services/new?site={people['site'].id}", data=service_form(**change))
    assert response.status_code == 422
    assert f'href="#field-{field}">{message}' in response.text
    assert services() == 1 and audit("service.create") == []


def test_a_counter_of_another_site_cannot_serve_it(browser, people, make_counter):
    elsewhere = make_counter(people["other"], 1)
    response = browser("admin").post(f"/admin/services/new?site={people['site'].id}",
                                     data=service_form(counters=[str(elsewhere.id)]))
    assert response.status_code == 422 and services() == 0


def test_a_letter_another_service_used_today_waits_until_tomorrow(browser, people, make_service, make_ticket,
                                                                   mid_morning):
    site = people["site"]
    moved = make_service(site, "B", "cv-help", name="CV")
    make_ticket(moved)  # B001 today
    moved.prefix = "F"
    db.session.commit()
    newcomer = make_service(site, "G", "agency", name="Agenzie")
    form = {"prefix": "B", "position": "0", "name-it": "Agenzie"}
    response = browser("admin").post(f"/admin/services/{newcomer.id}", data=form)
    assert response.status_code == 422
    assert "Numbers with this letter were given today at this site: change it tomorrow." in response.text
    # The service that gave them may take its letter back.
    back = {"prefix": "B", "position": "0", "name-it": "CV"}
    assert browser("admin").post(f"/admin/services/{moved.id}", data=back).status_code == 303


def test_the_same_letter_at_another_site_is_fine(browser, people, make_service):
    make_service(people["other"], "C", "tirocini")
    response = browser("admin").post(f"/admin/services/new?site={people['site'].id}", data=service_form())
    assert response.status_code == 303 and services() == 2


def test_an_edit_logs_the_texts_before_and_after(browser, people, make_service):
    service = make_service(people["site"], "A", "orientation", name="Orientamento")
    form = {"prefix": "A", "position": "0", "name-it": "Orientamento al lavoro", "slug": "changed"}
    assert browser("admin").post(f"/admin/services/{service.id}", data=form).status_code == 303
    db.session.refresh(service)
    assert service.slug == "orientation" and service.texts["it"]["name"] == "Orientamento al lavoro"
    [entry] = audit("service.update")
    assert entry.changes == {"texts": [{"it": {"name": "Orientamento"}},
                                       {"it": {"name": "Orientamento al lavoro", "description": ""}}]}


def test_a_service_that_gave_tickets_is_deactivated_and_leaves_the_kiosk(browser, people, make_service, make_ticket,
                                                                         client):
    admin = browser("admin")
    service = make_service(people["site"], "A", "orientation", name="Orientamento")
    make_ticket(service)
    assert "Delete for good" not in admin.get(f"/admin/services/{service.id}").text
    admin.post(f"/admin/services/{service.id}/delete")
    assert db.session.get(Service, service.id) is not None
    assert "/ticket/orientation" in client.get("/ticket").text
    assert admin.post(f"/admin/services/{service.id}/active", data={"active": "0"}).status_code == 303
    assert "/ticket/orientation" not in client.get("/ticket").text
    assert client.get("/ticket/orientation").status_code == 404
    assert audit("service.deactivate")[0].target_label == "A – Orientamento"


def test_a_service_that_never_gave_a_ticket_may_be_deleted(browser, people, make_service, make_counter):
    admin = browser("admin")
    service = make_service(people["site"])
    make_counter(people["site"], 1, [service])  # serving it does not keep it: the link goes with it
    assert "Delete for good" in admin.get(f"/admin/services/{service.id}").text
    assert admin.post(f"/admin/services/{service.id}/delete").status_code == 303
    assert services() == 0 and len(audit("service.delete")) == 1
