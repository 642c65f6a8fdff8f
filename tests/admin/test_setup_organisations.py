"""The organisations' pages: an inactive partner keeps its history but gets no new offers and no new accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.network.services import active_organisations, organisation_is_active
from kiosk.staff.services import AccountError, create_user
from tests.admin.setup_helpers import audit

FORM = {"slug": "cooperativa-mare", "name": "Cooperativa Mare", "kind": "cooperative", "town": "Lerici",
        "website": "https://mare.example.it"}


def organisations() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


@pytest.mark.parametrize("path", ["/admin/organisations", "/admin/organisations/new", "/admin/organisations/{id}"])
def test_only_an_admin_keeps_the_organisations(browser, people, path):
    path = path.format(id=people["organisation"].id)
    assert browser("admin").get(path).status_code == 200
    assert browser("elena").get(path).status_code == 403


def test_an_admin_creates_an_organisation(browser, people):
    assert browser("admin").post("/admin/organisations/new", data=FORM).status_code == 303
    made = db.session.scalar(select(Organisation).where(Organisation.slug == "cooperativa-mare"))
    assert (made.kind, made.town, made.active) == ("cooperative", "Lerici", True)
    assert audit("organisation.create")[0].changes["website"] == [None, "https://mare.example.it"]
    page = browser("admin").get("/admin/organisations").text
    assert "Cooperativa Mare" in page and "Cooperative" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"kind": "bank"}, "kind", "Choose one of the options."),
    ({"website": "mare.example.it"}, "website", "Write the whole address, e.g. https://example.it."),
    ({"website": "javascript:alert(1)"}, "website", "Write the whole address, e.g. https://example.it."),
    ({"slug": "tempor"}, "slug", "This address word is taken; choose another."),
    ({"name": ""}, "name", "This field is required."),
])
def test_bad_input_is_said_and_nothing_is_saved(browser, people, change, field, message):
    response = browser("admin").post("/admin/organisations/new", data=FORM | change)
    assert response.status_code == 422 and f'href="#field-{field}">{message}' in response.text
    assert organisations() == 2 and audit("organisation.create") == []


def test_an_organisation_with_offers_is_deactivated_not_deleted(browser, people, make_offer):
    admin, tempor = browser("admin"), people["organisation"]
    make_offer()
    assert organisation_is_active(db.session, tempor.id)
    admin.post(f"/admin/organisations/{tempor.id}/delete")
    assert db.session.get(Organisation, tempor.id) is not None
    assert admin.post(f"/admin/organisations/{tempor.id}/active", data={"active": "0"}).status_code == 303
    db.session.expire_all()
    assert not organisation_is_active(db.session, tempor.id)
    assert tempor not in active_organisations(db.session)
    assert audit("organisation.deactivate")[0].target_label == "Tempor spa"
    assert not organisation_is_active(db.session, None) and not organisation_is_active(db.session, 999)


def test_an_organisation_nothing_refers_to_may_be_deleted(browser, people):
    admin = browser("admin")
    admin.post("/admin/organisations/new", data=FORM)
    made = db.session.scalar(select(Organisation).where(Organisation.slug == "cooperativa-mare"))
    assert "Delete for good" in admin.get(f"/admin/organisations/{made.id}").text
    assert admin.post(f"/admin/organisations/{made.id}/delete").status_code == 303
    assert organisations() == 2 and audit("organisation.delete")[0].target_label == "Cooperativa Mare"
    # Elena's organisation has her account: it stays.
    admin.post(f"/admin/organisations/{people['organisation'].id}/delete")
    assert organisations() == 2


def test_an_inactive_organisation_gets_no_new_account(people):
    people["organisation"].active = False
    db.session.commit()
    with pytest.raises(AccountError) as refused:
        create_user(db.session, "marta", "a-long-enough-password-2026", "editor",
                    organisation_id=people["organisation"].id)
    assert refused.value.field == "organisation_id"
    create_user(db.session, "marta", "a-long-enough-password-2026", "editor",
                organisation_id=people["other_organisation"].id)
