"""The sites' pages: an admin keeps a desk's address, opening hours and closures; bad input changes nothing."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from kiosk.clock import LOCAL_ZONE
from kiosk.extensions import db
from kiosk.network.models import Site, SiteClosure
from kiosk.queue.models import Ticket
from tests.admin.setup_helpers import audit, site_form
from tests.catalogues import say


def sites() -> int:
    return db.session.scalar(select(func.count()).select_from(Site))


@pytest.mark.parametrize("path", ["/admin/sites", "/admin/sites/new", "/admin/sites/{id}"])
def test_only_an_admin_keeps_the_sites(browser, people, path):
    path = path.format(id=people["site"].id)
    assert browser("admin").get(path).status_code == 200
    assert browser("elena").get(path).status_code == 403
    assert browser("giulia").get(path).status_code == 403


def test_the_list_shows_every_site_and_its_state(browser, people):
    people["other"].active = False
    db.session.commit()
    page = browser("admin").get("/admin/sites").text
    assert "InfoLavoro La Spezia" in page and "InfoLavoro Sarzana" in page
    assert page.count('class="tag">Inactive') == 1
    assert f'href="/admin/sites/{people["site"].id}"' in page


def test_an_admin_creates_a_site_with_two_openings_a_day(browser, people):
    response = browser("admin").post("/admin/sites/new", data=site_form())
    assert response.status_code == 303
    site = db.session.scalar(select(Site).where(Site.slug == "vezzano-ligure"))
    assert site.active and site.postcode == "19020"
    assert site.opening_hours == [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "12:30"},
                                  {"days": [1], "opens": "14:30", "closes": "16:30"}]
    [entry] = audit("site.create")
    assert entry.target_id == site.id and entry.actor == "admin"
    assert entry.changes["name"] == [None, "InfoLavoro Vezzano"]
    # The form shows the hours back, and the message said it was made.
    page = browser("admin").get(response.location).text
    assert 'name="hours-1-1-opens" value="14:30"' in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": " "}, "name", "This field is required."),
    ({"postcode": "1912"}, "postcode", "An Italian postcode has five digits, e.g. 19121."),
    ({"email": "desk.example.it"}, "email", "Write an e-mail address, e.g. desk@example.it."),
    ({"phone": "call us"}, "phone", "Write a telephone number with digits, e.g. 0187 123456."),
    ({"slug": "Vezzano Ligure"}, "slug", "Use lower-case letters, digits and hyphens, e.g. la-spezia."),
    ({"slug": "la-spezia"}, "slug", "This address word is taken; choose another."),
    ({"hours-2-0-opens": "12:30", "hours-2-0-closes": "09:00"}, "hours-2", "The desk must open before it closes."),
    ({"hours-2-0-closes": ""}, "hours-2", "Give both the opening and the closing time, or neither."),
    ({"hours-2-1-opens": "11:00", "hours-2-1-closes": "13:00"}, "hours-2", "The two opening times of a day overlap."),
    ({"hours-3-0-opens": "9"}, "hours-3", "Write times as hours and minutes, e.g. 09:00."),
    ({"hours-3-0-opens": "24:00"}, "hours-3", "Write times as hours and minutes, e.g. 09:00."),
])
def test_bad_input_is_said_and_nothing_is_saved(browser, people, change, field, message):
    before = sites()
    response = browser("admin").post("/admin/sites/new", data=site_form(**change))
    assert response.status_code == 422
    assert f'href="#field-{field}">{message}' in response.text
    assert sites() == before and audit("site.create") == []


def test_the_message_is_in_the_admins_language(browser, people):
    admin = browser("admin")
    admin.get("/admin/sites?lang=it")
    response = admin.post("/admin/sites/new", data=site_form(postcode="abc"))
    assert say("it", "An Italian postcode has five digits, e.g. 19121.") in response.text
    assert say("it", "Nothing was saved. Please correct:") in response.text


def test_an_edit_is_logged_field_by_field_and_the_slug_stays(browser, people):
    site = people["site"]
    form = site_form(slug="elsewhere", name="InfoLavoro La Spezia centro", phone="+39 0187 000000")
    assert browser("admin").post(f"/admin/sites/{site.id}", data=form).status_code == 303
    db.session.refresh(site)
    assert site.slug == "la-spezia" and site.name == "InfoLavoro La Spezia centro"
    [entry] = audit("site.update")
    assert entry.changes["name"] == ["InfoLavoro La Spezia", "InfoLavoro La Spezia centro"]
    assert entry.changes["opening_hours"][0] == [{"days": [0, 2, 4], "opens": "09:00", "closes": "12:30"}]
    assert "phone" not in entry.changes and "slug" not in entry.changes


def test_an_unchanged_save_writes_nothing_to_the_log(browser, people):
    admin, site = browser("admin"), people["site"]
    page = admin.get(f"/admin/sites/{site.id}").text
    form = dict(re.findall(r'<input class="input" id="field-[^"]+" name="([^"]+)" type="[a-z]+" value="([^"]*)"', page))
    form |= dict(re.findall(r'name="(hours-[^"]+)" value="([^"]*)"', page))
    assert admin.post(f"/admin/sites/{site.id}", data=form).status_code == 303
    assert audit("site.update") == []


def test_a_site_with_a_history_is_deactivated_not_deleted(browser, people, make_service, client):
    admin, site = browser("admin"), people["site"]
    make_service(site)
    page = admin.get(f"/admin/sites/{site.id}").text
    assert "Delete for good" not in page and "cannot be deleted" in page
    assert admin.post(f"/admin/sites/{site.id}/delete").status_code == 303
    assert db.session.get(Site, site.id) is not None and audit("site.delete") == []
    assert admin.post(f"/admin/sites/{site.id}/active", data={"active": "0"}).status_code == 303
    db.session.refresh(site)
    assert not site.active and audit("site.deactivate")[0].changes == {"active": [True, False]}
    # Its kiosk and its display say it is closed, even on a demo that keeps desks open.
    page = client.get("/ticket?lang=en").text
    assert say("en", "This desk no longer gives numbers. Please visit another InfoLavoro desk.") in page
    assert 'class="service-tile"' not in page
    assert 'class="tv-closed"' in client.get("/display/la-spezia").text
    assert "InfoLavoro La Spezia" not in client.get("/about?lang=en").text
    admin.post(f"/admin/sites/{site.id}/active", data={"active": "1"})
    db.session.refresh(site)
    assert site.active and len(audit("site.reactivate")) == 1


def test_a_site_nothing_refers_to_may_be_deleted(browser, people):
    admin = browser("admin")
    admin.post("/admin/sites/new", data=site_form())
    site = db.session.scalar(select(Site).where(Site.slug == "vezzano-ligure"))
    admin.post(f"/admin/sites/{site.id}/closures", data={"starts": "2027-01-20", "reason": "San Sebastiano"})
    assert "Delete for good" in admin.get(f"/admin/sites/{site.id}").text
    assert admin.post(f"/admin/sites/{site.id}/delete").status_code == 303
    assert db.session.scalar(select(Site).where(Site.slug == "vezzano-ligure")) is None
    assert db.session.scalar(select(func.count()).select_from(SiteClosure)) == 0  # its closures go with it
    assert audit("site.delete")[0].changes["name"] == ["InfoLavoro Vezzano", None]


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"starts": "", "reason": "Sciopero"}, "starts", "Enter the first day as a date."),
    ({"starts": "2027-03-19", "ends": "19/03/2027", "reason": "x"}, "ends",
     "Enter the last day as a date, or leave it empty for a single day."),
    ({"starts": "2027-03-19", "ends": "2027-03-18", "reason": "x"}, "ends",
     "The last day cannot come before the first."),
    ({"starts": "2027-03-19", "ends": "2028-03-19", "reason": "x"}, "ends",
     "A closure lasts a year at most; deactivate a desk that closes for good."),
    ({"starts": "2027-03-19", "reason": "  "}, "reason", "Say why the desk is closed: visitors read it."),
])
def test_a_bad_closure_is_refused(browser, people, form, field, message):
    response = browser("admin").post(f"/admin/sites/{people['site'].id}/closures", data=form)
    assert response.status_code == 422 and f'href="#field-{field}">{message}' in response.text
    assert db.session.scalar(select(func.count()).select_from(SiteClosure)) == 0 and audit("closure.create") == []


def test_the_sites_page_lists_the_holidays_and_its_closures(browser, people, set_clock):
    set_clock(datetime(2027, 3, 1, 10, 0, tzinfo=LOCAL_ZONE))
    admin, site = browser("admin"), people["site"]
    admin.post(f"/admin/sites/{site.id}/closures", data={"starts": "2027-03-19", "reason": "San Giuseppe"})
    page = admin.get(f"/admin/sites/{site.id}").text
    assert "San Giuseppe" in page and "Easter Monday" in page and "national holiday" in page
    closure = db.session.scalar(select(SiteClosure))
    assert closure.starts == closure.ends == date(2027, 3, 19)
    assert audit("closure.create")[0].changes == {
        "closure": [None, {"starts": "2027-03-19", "ends": "2027-03-19", "reason": "San Giuseppe"}]}
    assert admin.post(f"/admin/sites/{site.id}/closures/{closure.id}/delete").status_code == 303
    assert db.session.scalar(select(SiteClosure)) is None and len(audit("closure.delete")) == 1
    # A closure is removed only through its own site.
    other = people["other"]
    admin.post(f"/admin/sites/{site.id}/closures", data={"starts": "2027-03-19", "reason": "San Giuseppe"})
    closure = db.session.scalar(select(SiteClosure))
    assert admin.post(f"/admin/sites/{other.id}/closures/{closure.id}/delete").status_code == 404


@pytest.mark.both_databases
def test_the_kiosk_gives_no_number_on_a_closure_the_admin_added(app, client, browser, people, make_service,
                                                                   set_clock):
    app.config["KIOSK_ALWAYS_OPEN"] = False
    site = people["site"]
    make_service(site, "B", "cv-help")
    set_clock(datetime(2027, 3, 17, 10, 0, tzinfo=LOCAL_ZONE))  # Wednesday: open
    form = client.get("/ticket/cv-help?lang=en").text
    added = browser("admin").post(f"/admin/sites/{site.id}/closures",
                                  data={"starts": "2027-03-19", "ends": "", "reason": "San Giuseppe"})
    assert added.status_code == 303
    assert "San Giuseppe" in client.get("/about?lang=en").text  # the coming closure beside the opening hours
    set_clock(datetime(2027, 3, 19, 10, 0, tzinfo=LOCAL_ZONE))  # Friday 19 March, San Giuseppe at La Spezia
    page = client.get("/ticket?lang=en").text
    assert say("en", "Closed today: %(reason)s", reason="San Giuseppe") in page
    assert say("en", "We open again on Monday at %(time)s.", time="<bdi>09:00</bdi>") in page
    token = re.search(r'name="request_token" value="([^"]+)"', form).group(1)
    taken = client.post("/ticket/cv-help", data={"request_token": token})
    assert taken.status_code == 303 and taken.location == "/ticket"
    assert db.session.scalars(select(Ticket)).all() == []


def test_a_post_without_its_csrf_token_is_refused(app, browser, people):
    admin = browser("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    assert admin.post("/admin/sites/new", data=site_form()).status_code == 400
    assert admin.post(f"/admin/sites/{people['site'].id}/active", data={"active": "0"}).status_code == 400
    assert db.session.get(Site, people["site"].id).active and sites() == 2
