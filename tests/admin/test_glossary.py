"""The glossary's pages in the back office: an admin changes a term's words, each change logged; bad input is said
and nothing is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.seed import write_seed
from kiosk.i18n import LANGUAGES
from tests.admin.setup_helpers import audit


@pytest.fixture
def terms(app):
    if not db.session.scalar(select(func.count()).select_from(GlossaryTerm)):
        write_seed(db.session.connection(), GlossaryTerm.__table__)
        db.session.commit()
    return {term.key: term for term in db.session.scalars(select(GlossaryTerm))}


def form_of(record: GlossaryTerm, **changes) -> dict:
    form = {"term": record.term, "forms": "\n".join(record.forms)}
    for language in LANGUAGES:
        said = record.texts[language.code]
        form |= {f"name-{language.code}": said["name"], f"text-{language.code}": said["text"]}
    return form | changes


def stored(key: str) -> GlossaryTerm:
    db.session.expire_all()
    return db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.key == key))


@pytest.mark.parametrize("path", ["/admin/glossary", "/admin/glossary/new", "/admin/glossary/{id}"])
def test_only_an_admin_keeps_the_glossary(browser, people, terms, path):
    path = path.format(id=terms["naspi"].id)
    assert browser("admin").get(path).status_code == 200
    assert browser("elena").get(path).status_code == 403
    assert browser("giulia").get(path).status_code == 403


def test_the_glossary_is_in_the_admins_menu(browser, people, terms):
    page = browser("admin").get("/admin/").text
    assert 'href="/admin/glossary"' in page
    assert 'href="/admin/glossary"' not in browser("elena").get("/admin/").text


@pytest.mark.both_databases
def test_an_admin_changes_an_explanation_and_the_kiosk_says_it(browser, people, terms, client, make_offer):
    naspi = terms["naspi"]
    new = "La NASpI è l'indennità mensile di disoccupazione dell'INPS. Si chiede online. Dura un tempo limitato."
    response = browser("admin").post(f"/admin/glossary/{naspi.id}", data=form_of(naspi, **{"text-it": new}))
    assert response.status_code == 303
    assert stored("naspi").texts["it"]["text"] == new
    entry = audit("glossary_term.update")[0]
    assert (entry.actor, entry.target_id, entry.target_label) == ("admin", naspi.id, "NASpI")
    assert entry.changes["texts"][1]["it"]["text"] == new
    offer = make_offer(texts={"it": {"title": "Corso", "description": "<p>Per chi riceve la NASpI.</p>"}})
    assert "La NASpI è l&#39;indennità mensile" in client.get(f"/offers/{offer.id}?lang=it").text
    assert "Glossary word changed" in browser("admin").get("/admin/audit").text


def test_an_edit_that_changes_nothing_is_not_logged(browser, people, terms):
    ccnl = terms["ccnl"]
    assert browser("admin").post(f"/admin/glossary/{ccnl.id}", data=form_of(ccnl)).status_code == 303
    assert audit("glossary_term.update") == []


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"text-ar": ""}, "text-ar", "This field is required."),
    ({"name-zh_Hans": "  "}, "name-zh_Hans", "This field is required."),
    ({"text-uk": "x" * 701}, "text-uk", "This text is too long (maximum length: 700)."),
    ({"term": ""}, "term", "This field is required."),
    ({"forms": "Naspi\nCCNL"}, "forms", "“CCNL” is already a form of “CCNL”."),
    ({"forms": "123"}, "forms", "Each form needs at least one letter."),
])
def test_bad_input_is_said_and_nothing_is_saved(browser, people, terms, change, field, message):
    naspi = terms["naspi"]
    before = (dict(naspi.texts), list(naspi.forms), naspi.term)
    response = browser("admin").post(f"/admin/glossary/{naspi.id}", data=form_of(naspi, **change))
    assert response.status_code == 422 and f'href="#field-{field}">{message}' in response.text
    now = stored("naspi")
    assert (now.texts, now.forms, now.term) == before and audit("glossary_term.update") == []


def test_an_admin_adds_a_word_in_every_language(browser, people, terms, client):
    form = form_of(terms["ccnl"], key="busta-paga", term="busta paga", forms="buste paga")
    form |= {f"name-{language.code}": f"Payslip ({language.code})" for language in LANGUAGES}
    assert browser("admin").post("/admin/glossary/new", data=form).status_code == 303
    made = stored("busta-paga")
    assert made.active and made.forms == ["buste paga"] and made.texts["sq"]["name"] == "Payslip (sq)"
    assert audit("glossary_term.create")[0].target_label == "busta paga"
    assert 'id="glossary-busta-paga"' in client.get("/glossary?lang=sq").text
    again = browser("admin").post("/admin/glossary/new", data=form | {"term": "cedolino", "forms": ""})
    assert again.status_code == 422 and "This address word is taken; choose another." in again.text


def test_a_word_is_deactivated_and_made_active_again(browser, people, terms, client):
    spid, admin = terms["spid"], browser("admin")
    assert admin.post(f"/admin/glossary/{spid.id}/active", data={"active": "0"}).status_code == 303
    assert not stored("spid").active and 'id="glossary-spid"' not in client.get("/glossary").text
    assert admin.post(f"/admin/glossary/{spid.id}/active", data={"active": "1"}).status_code == 303
    assert [entry.action for entry in audit("glossary_term.deactivate") + audit("glossary_term.reactivate")] == [
        "glossary_term.deactivate", "glossary_term.reactivate"]


def test_every_change_needs_the_forms_csrf_token(app, browser, people, terms):
    naspi, admin = terms["naspi"], browser("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for url, data in ((f"/admin/glossary/{naspi.id}", form_of(naspi, **{"text-it": "Cambiato. Davvero."})),
                          (f"/admin/glossary/{naspi.id}/active", {"active": "0"}),
                          ("/admin/glossary/new", form_of(naspi, key="nuovo", term="nuovo"))):
            assert admin.post(url, data=data).status_code == 400, url
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    now = stored("naspi")
    assert now.active and now.texts == naspi.texts and stored("nuovo") is None
