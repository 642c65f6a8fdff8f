"""Writing offers as plain functions: checking a draft, saving it, its revision and its audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.audit.models import AuditEntry
from kiosk.audit.services import Actor
from kiosk.clock import now
from kiosk.extensions import db
from kiosk.offers import services, writing
from kiosk.offers.writing import OfferDraft

EDITOR = Actor("elena", user_id=7)


def native(today, **changes) -> dict:
    """Return a course in the API's JSON, Italian and Ukrainian."""
    data = {
        "reference": "FORM-2026-01", "kind": "course", "town": "Sarzana", "sector": "I", "contract": "none",
        "hours": "part_time", "expires_on": (today + timedelta(days=40)).isoformat(), "positions": 12,
        "apply": {"email": "corsi@example.it"},
        "texts": {"it": {"title": "Corso di cucina", "description": "<p>Dieci settimane.</p><script>x()</script>"},
                  "uk": {"title": "Курс кухаря"}},
    }
    return data | changes


def test_a_course_in_two_languages_is_saved_as_a_draft_not_shown_on_the_kiosk(app, organisation, today):
    draft, problems = writing.read_native(native(today))
    assert problems == [] and writing.check(db.session, draft, today) == []
    offer = writing.create_offer(db.session, draft, organisation.id, EDITOR, now())
    db.session.commit()
    assert offer.status == "draft" and offer.revision == 1 and offer.positions == 12
    assert offer.text("it").description == "<p>Dieci settimane.</p>"  # the script is gone
    assert offer.text("uk").title == "Курс кухаря"
    assert not services.is_current(offer, today)
    assert writing.missing_languages(offer) == ["en", "fr", "es", "ar", "ro", "sq", "zh_Hans"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offer.create"))
    assert entry.actor == "elena" and entry.changes["texts.uk.title"] == [None, "Курс кухаря"]


@pytest.mark.parametrize("changes, field", [
    ({"kind": "castle"}, "kind"),
    ({"expires_on": "2020-01-01"}, "expires_on"),
    ({"expires_on": "next week"}, "expires_on"),
    ({"positions": 0}, "positions"),
    ({"town": ""}, "town"),
    ({"texts": {"uk": {"title": "Курс"}}}, "texts.it.title"),
    ({"texts": {"it": {"title": "Corso"}, "xx": {"title": "?"}}}, "texts.xx"),
    ({"apply": {"email": "not an address"}}, "apply_email"),
    ({"apply": {"url": "javascript:alert(1)"}}, "apply_url"),
    ({"apply": {}}, "apply"),
    ({"reference": "=HYPERLINK(1)"}, "reference"),
])
def test_bad_input_says_which_field_and_saves_nothing(app, organisation, today, changes, field):
    draft, problems = writing.read_native(native(today, **changes))
    problems += writing.check(db.session, draft, today)
    assert field in {problem.field for problem in problems}, problems


def test_a_reference_belongs_to_one_offer(app, make_offer, today):
    make_offer(reference="FORM-2026-01")
    draft, _ = writing.read_native(native(today))
    assert [p.field for p in writing.check(db.session, draft, today)] == ["reference"]


def test_a_change_raises_the_revision_and_logs_each_field_before_and_after(app, organisation, today):
    offer = writing.create_offer(db.session, writing.read_native(native(today))[0], organisation.id, EDITOR, now())
    same, _ = writing.read_native(native(today))
    assert writing.update_offer(db.session, offer, same, EDITOR, now()) == {}
    assert offer.revision == 1  # nothing changed: no new revision
    changed, _ = writing.read_native(native(today, positions=3, texts={"it": {"title": "Corso di pasticceria"}}))
    changes = writing.update_offer(db.session, offer, changed, EDITOR, now())
    db.session.commit()
    assert offer.revision == 2 and changes["positions"] == [12, 3]
    assert changes["texts.it.title"] == ["Corso di cucina", "Corso di pasticceria"]
    assert changes["texts.uk.title"] == ["Курс кухаря", None]  # texts are replaced as a whole
    assert offer.text("uk") is None


def test_publishing_withdrawing_archiving_and_duplicating(app, organisation, today):
    offer = writing.create_offer(db.session, writing.read_native(native(today))[0], organisation.id, EDITOR, now())
    assert not writing.set_status(db.session, offer, "withdrawn", EDITOR, now())  # a draft is not withdrawn
    assert writing.set_status(db.session, offer, "published", EDITOR, now())
    assert services.is_current(offer, today) and offer.revision == 2
    copy = writing.duplicate_offer(db.session, offer, EDITOR, now())
    assert copy.status == "draft" and copy.reference != offer.reference and copy.text("uk").title == "Курс кухаря"
    assert writing.set_status(db.session, offer, "archived", EDITOR, now())
    assert not services.is_current(offer, today)
    db.session.commit()
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["offer.create", "offer.published", "offer.create", "offer.duplicate", "offer.archived"]


def test_an_offer_without_reference_gets_one(app, organisation, today):
    draft = OfferDraft(values={k: v for k, v in writing.read_native(native(today))[0].values.items()
                               if k != "reference"}, texts={"it": {"title": "Corso"}})
    offer = writing.create_offer(db.session, draft, organisation.id, EDITOR, now())
    assert offer.reference.startswith(f"O{organisation.id}-")


def test_a_deactivated_organisation_takes_no_new_offers_but_keeps_its_own(app, organisation, today):
    draft, _ = writing.read_native(native(today))
    offer = writing.create_offer(db.session, draft, organisation.id, EDITOR, now())
    organisation.active = False
    fresh, _ = writing.read_native(native(today, reference="FORM-2026-02"))
    problems = writing.check(db.session, fresh, today, organisation_id=organisation.id)
    assert [p.field for p in problems] == ["organisation_id"]
    assert writing.check(db.session, draft, today, offer, organisation_id=organisation.id) == []
