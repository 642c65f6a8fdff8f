"""Writing offers in the back office: create, edit, publish, withdraw, archive, duplicate, and who may touch what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.offers.models import Offer
from tests.admin.conftest import HTMX


def course(today, **changes) -> dict:
    """Return the offer form as an editor fills it: a course in Italian and Ukrainian."""
    form = {
        "kind": "course", "reference": "", "employer": "", "town": "Sarzana", "address": "Via Roma 3", "sector": "I",
        "contract": "none", "hours": "part_time", "positions": "12", "education": "none", "experience_years": "0",
        "italian_level": "A2", "protected_category": "none", "published_on": today.isoformat(),
        "expires_on": (today + timedelta(days=40)).isoformat(), "apply_email": "corsi@example.it",
        "texts.it.title": "Corso di cucina", "texts.it.summary": "Dieci settimane in cucina.",
        "texts.it.description": "<p>Lezioni <strong>pratiche</strong>.</p>",
        "texts.uk.title": "Курс кухаря", "texts.uk.summary": "Десять тижнів на кухні.",
        "other_languages.0.lang": "en", "other_languages.0.level": "A2",
    }
    return form | changes


def offers_count() -> int:
    return db.session.scalar(select(func.count(Offer.id)))


def saved_offer(reference: str | None = None) -> Offer:
    db.session.expire_all()
    query = select(Offer).order_by(Offer.id.desc())
    if reference:
        query = query.where(Offer.reference == reference)
    return db.session.scalars(query).first()


def test_an_editor_writes_a_course_saved_as_a_draft_of_their_organisation(browser, people, today):
    elena = browser("elena")
    response = elena.post("/admin/offers/new", data=course(today))
    assert response.status_code == 303
    offer = saved_offer()
    assert response.location == f"/admin/offers/{offer.id}"
    assert offer.status == "draft" and offer.organisation_id == people["organisation"].id and offer.revision == 1
    assert offer.text("uk").title == "Курс кухаря" and offer.positions == 12
    assert offer.other_languages == [{"lang": "en", "level": "A2"}]
    page = elena.get(response.location).text
    assert "Курс кухаря" in page and "saved as a draft" in page


def test_an_admin_chooses_the_organisation_and_must_choose_one(browser, people, today):
    admin = browser("admin")
    response = admin.post("/admin/offers/new", data=course(today))
    assert response.status_code == 422 and offers_count() == 0
    assert 'id="error-organisation_id"' in response.text
    other = people["other_organisation"]
    assert admin.post("/admin/offers/new", data=course(today, organisation_id=other.id)).status_code == 303
    assert saved_offer().organisation_id == other.id


def test_an_editor_cannot_create_for_another_organisation(browser, people, today):
    response = browser("elena").post("/admin/offers/new",
                                     data=course(today, organisation_id=people["other_organisation"].id))
    assert response.status_code == 404 and offers_count() == 0


@pytest.mark.parametrize("changes, field", [
    ({"texts.it.title": ""}, "texts-it-title"),
    ({"expires_on": "2020-01-01"}, "expires_on"),
    ({"kind": "castle"}, "kind"),
    ({"positions": "0"}, "positions"),
    ({"apply_email": "not an address"}, "apply_email"),
    ({"texts.uk.title": "", "texts.uk.summary": "Лише опис"}, "texts-uk-title"),
])
def test_bad_input_keeps_the_form_says_why_beside_the_field_and_saves_nothing(browser, people, today, changes,
                                                                              field):
    form = course(today, **changes)
    response = browser("elena").post("/admin/offers/new", data=form)
    assert response.status_code == 422 and offers_count() == 0
    assert f'id="error-{field}"' in response.text
    assert form["texts.uk.summary"] in response.text and "Via Roma 3" in response.text  # kept as typed


def test_problems_are_said_in_the_editors_language(browser, people, today):
    elena = browser("elena")
    elena.get("/admin/offers?lang=it")
    response = elena.post("/admin/offers/new", data=course(today, town=""))
    assert response.status_code == 422 and "Campo obbligatorio." in response.text
    assert '<a href="#field-town">Comune</a>' in response.text  # the summary leads to the field


def test_an_edit_raises_the_revision_and_the_history_shows_before_and_after(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today))
    offer = saved_offer()
    response = elena.post(f"/admin/offers/{offer.id}", data=course(today, positions="3", reference=offer.reference))
    assert response.status_code == 303
    offer = saved_offer()
    assert offer.revision == 2 and offer.positions == 3
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "offer.update")).one()
    assert entry.actor == "elena" and entry.changes == {"positions": [12, 3]}
    page = elena.get(f"/admin/offers/{offer.id}").text
    assert 'class="offer-history"' in page and "positions" in page and "elena" in page


def test_saving_without_a_change_makes_no_revision(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today))
    offer = saved_offer()
    elena.post(f"/admin/offers/{offer.id}", data=course(today, reference=offer.reference))
    assert saved_offer().revision == 1


def test_publish_withdraw_archive_and_an_impossible_change_says_so(browser, people, today, client):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today))
    offer_id = saved_offer().id
    assert client.get(f"/offers/{offer_id}").status_code == 404  # a draft has no kiosk page...
    assert "Corso di cucina" not in client.get("/offers?lang=it").text  # ...and is not listed
    refused = elena.post(f"/admin/offers/{offer_id}/status", data={"status": "withdrawn"})
    assert refused.status_code == 303
    assert "This change is not possible" in elena.get(refused.location).text
    assert saved_offer().status == "draft"
    for status in ("published", "withdrawn", "published", "archived", "draft"):
        assert elena.post(f"/admin/offers/{offer_id}/status", data={"status": status}).status_code == 303
        assert saved_offer().status == status
        if status == "published":
            assert "Corso di cucina" in client.get("/offers?lang=it").text
        assert client.get(f"/offers/{offer_id}").status_code == (404 if status in ("archived", "draft") else 200)
    assert saved_offer().revision == 6
    assert elena.post(f"/admin/offers/{offer_id}/status", data={"status": "gone"}).status_code == 303
    assert saved_offer().revision == 6


def test_duplicate_makes_a_new_draft_with_a_new_reference(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today, reference="FORM-1"))
    original = saved_offer()
    response = elena.post(f"/admin/offers/{original.id}/duplicate")
    copy = saved_offer()
    assert response.location == f"/admin/offers/{copy.id}" and copy.id != original.id
    assert copy.status == "draft" and copy.reference != "FORM-1" and copy.text("uk").title == "Курс кухаря"


def test_an_editor_cannot_reach_another_organisations_offer_by_its_id(browser, people, make_offer, today):
    theirs = make_offer(organisation=people["other_organisation"], reference="FORMARE-1")
    elena = browser("elena")
    before = (theirs.revision, theirs.status, theirs.positions)
    for method, url, data in (("get", f"/admin/offers/{theirs.id}", None),
                              ("post", f"/admin/offers/{theirs.id}", course(today, reference="FORMARE-1")),
                              ("post", f"/admin/offers/{theirs.id}/status", {"status": "withdrawn"}),
                              ("post", f"/admin/offers/{theirs.id}/duplicate", {}),
                              ("get", f"/admin/offers/{theirs.id}/preview", None),
                              ("post", "/admin/offers/preview", course(today, offer_id=theirs.id))):
        response = getattr(elena, method)(url, data=data) if data is not None else getattr(elena, method)(url)
        assert response.status_code == 404, (method, url)
    theirs = saved_offer("FORMARE-1")
    assert (theirs.revision, theirs.status, theirs.positions) == before and offers_count() == 1
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.target_kind == "offer")) == 0
    assert "FORMARE-1" not in elena.get("/admin/offers").text


def test_an_editor_cannot_move_their_offer_to_another_organisation(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today, reference="TEMPOR-1"))
    offer = saved_offer()
    response = elena.post(f"/admin/offers/{offer.id}",
                          data=course(today, reference="TEMPOR-1", positions="5",
                                      organisation_id=people["other_organisation"].id))
    assert response.status_code == 404
    offer = saved_offer()
    assert offer.organisation_id == people["organisation"].id and offer.positions == 12 and offer.revision == 1


def test_an_admin_touches_every_organisations_offers(browser, people, make_offer, today):
    theirs = make_offer(organisation=people["other_organisation"], status="published")
    admin = browser("admin")
    assert admin.get(f"/admin/offers/{theirs.id}").status_code == 200
    assert admin.post(f"/admin/offers/{theirs.id}/status", data={"status": "withdrawn"}).status_code == 303
    assert saved_offer().status == "withdrawn"


def test_receptionists_and_strangers_are_kept_out(browser, client, make_offer):
    offer = make_offer()
    assert browser("giulia").get("/admin/offers").status_code == 403
    assert browser("giulia").post(f"/admin/offers/{offer.id}/status", data={"status": "withdrawn"}).status_code == 403
    assert client.get("/admin/offers/new").status_code == 302
    assert db.session.get(Offer, offer.id).status == "published"


def test_every_change_needs_the_forms_csrf_token(app, browser, people, make_offer, today):
    offer = make_offer(organisation=people["organisation"])
    elena = browser("elena")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for url, data in ((f"/admin/offers/{offer.id}/status", {"status": "withdrawn"}),
                          (f"/admin/offers/{offer.id}/duplicate", {}), ("/admin/offers/new", course(today)),
                          (f"/admin/offers/{offer.id}", course(today, reference=offer.reference))):
            assert elena.post(url, data=data).status_code == 400, url
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert offers_count() == 1 and db.session.get(Offer, offer.id).status == "published"


def test_a_script_or_an_onclick_never_reaches_the_kiosk_the_phone_or_the_preview(browser, people, client, today):
    elena = browser("elena")
    dirty = ('<p onclick="steal()">Benvenuti</p><script>steal()</script>'
             '<ul><li><b>Uno</b></li></ul><a href="javascript:steal()">x</a><a href="https://example.it">sito</a>')
    form = course(today, **{"texts.it.description": dirty})
    preview = elena.post("/admin/offers/preview", data=form | {"preview": "kiosk", "preview_lang": "it"})
    elena.post("/admin/offers/new", data=form)
    offer = saved_offer()
    assert "onclick" not in offer.text("it").description and "script" not in offer.text("it").description
    elena.post(f"/admin/offers/{offer.id}/status", data={"status": "published"})
    db.session.expire_all()  # the test's own session (which the client's requests share) saw the draft
    kiosk, phone = client.get(f"/offers/{offer.id}?lang=it").text, client.get(f"/m/o/{offer.id}?lang=it").text
    for page in (preview.text, kiosk, phone):
        assert "steal()" not in page and "onclick" not in page
        assert "<p>Benvenuti</p>" in page and "<li><b>Uno</b></li>" in page
        assert 'href="https://example.it"' in page


def test_a_plain_text_offer_still_shows_one_paragraph_per_line(client, make_offer):
    offer = make_offer(texts={"it": {"title": "Magazziniere", "description": "Prima riga\nSeconda riga & più"}})
    page = client.get(f"/offers/{offer.id}?lang=it").text
    assert "<p>Prima riga</p><p>Seconda riga &amp; più</p>" in page


def test_the_form_shows_the_nine_languages_beside_the_italian_text_with_marks(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today))
    page = elena.get(f"/admin/offers/{saved_offer().id}?write=uk").text
    assert 'data-writing="uk"' in page and 'class="italian-reference"' in page
    assert page.count('class="language-pane"') == 9
    assert 'data-mark-for="uk"' in page and "lang-mark-partial" in page  # a title and a summary, no description
    assert "lang-mark-missing" in page and "lang-mark-complete" in page


def test_the_kiosk_preview_shows_unsaved_changes_in_the_chosen_language(browser, people, today):
    elena = browser("elena")
    elena.post("/admin/offers/new", data=course(today))
    offer = saved_offer()
    form = course(today, reference=offer.reference, offer_id=offer.id, **{"texts.uk.title": "Курс пекаря"})
    response = elena.post("/admin/offers/preview", data=form | {"preview": "kiosk", "preview_lang": "uk"})
    assert response.status_code == 200 and 'lang="uk"' in response.text
    assert "Курс пекаря" in response.text and 'id="offer-title"' in response.text  # the kiosk's own template
    assert saved_offer().text("uk").title == "Курс кухаря" and saved_offer().revision == 1  # nothing saved
    saved = elena.get(f"/admin/offers/{offer.id}/preview?in=uk")
    assert "Курс кухаря" in saved.text


def test_the_sheet_preview_is_the_a4_pdf(browser, people, today):
    response = browser("elena").post("/admin/offers/preview",
                                     data=course(today) | {"preview": "sheet", "preview_lang": "uk"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and offers_count() == 0


def test_a_preview_of_an_unfinished_form_shows_the_form_with_what_is_missing(browser, people, today):
    response = browser("elena").post("/admin/offers/preview",
                                     data=course(today, expires_on="") | {"preview": "kiosk"})
    assert response.status_code == 422 and 'id="error-expires_on"' in response.text


def test_htmx_gets_the_list_alone(browser, make_offer):
    make_offer()
    response = browser("admin").get("/admin/offers?status=published", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text and 'id="offer-list"' in response.text


def test_a_change_saved_meanwhile_by_someone_else_is_not_overwritten_unseen(browser, people, today):
    elena, admin = browser("elena"), browser("admin")
    elena.post("/admin/offers/new", data=course(today))
    offer = saved_offer()
    admin.post(f"/admin/offers/{offer.id}", data=course(today, reference=offer.reference, revision="1", positions="4"))
    stale = course(today, reference=offer.reference, revision="1", **{"texts.it.summary": "Dodici settimane."})
    response = elena.post(f"/admin/offers/{offer.id}", data=stale)
    assert response.status_code == 422 and "Someone else saved this offer" in response.text
    assert "Dodici settimane." in response.text and 'name="revision" value="2"' in response.text
    assert saved_offer().positions == 4 and saved_offer().revision == 2
    assert elena.post(f"/admin/offers/{offer.id}", data=stale | {"revision": "2"}).status_code == 303
    assert saved_offer().text("it").summary == "Dodici settimane." and saved_offer().revision == 3
