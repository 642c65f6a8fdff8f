"""The offer form of the back office: what it sends, read into a draft of `kiosk.offers.writing`, and back.

The form's field names are the problems' field keys (`expires_on`, `texts.uk.title`), so each problem is shown
beside its field, and a form that fails its check is shown again with everything typed in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from kiosk.i18n import BY_CODE
from kiosk.offers import writing
from kiosk.offers.models import TEXT_FIELDS, Offer, OfferTranslation
from kiosk.offers.writing import FIELDS, LANGUAGE_CODES, OfferDraft, Problem

FIELD_LABELS = {
    "organisation_id": _l("Organisation"), "kind": _l("Kind"), "reference": _l("Reference"),
    "employer": _l("Employer"), "town": _l("Town"), "address": _l("Address"), "sector": _l("Sector"),
    "ateco_code": _l("ATECO code"), "profession_code": _l("Profession code (ISTAT CP2021)"),
    "contract": _l("Contract"), "hours": _l("Working hours"), "positions": _l("Positions"),
    "education": _l("Education"), "experience_years": _l("Years of experience"),
    "driving_licence": _l("Driving licence"), "italian_level": _l("Italian"), "other_languages": _l("Other languages"),
    "protected_category": _l("Who can apply"), "starts_on": _l("Starts on"), "duration_hours": _l("Length in hours"),
    "published_on": _l("Published on"), "expires_on": _l("Apply by"), "apply_email": _l("Email"),
    "apply_phone": _l("Telephone"), "apply_url": _l("Website"), "apply": _l("How to apply"), "status": _l("Status"),
    "revision": _l("History"),
}
TEXT_LABELS = {"title": _l("Title"), "summary": _l("Summary"), "description": _l("Description"),
               "requirements": _l("What is asked"), "how_to_apply": _l("How to apply")}
# Where the summary sends a problem that is about several fields, or none.
CONTROLS = {"apply": "field-apply_email", "other_languages": "other-0-lang", "revision": "history-title"}
OTHER_LANGUAGES = ("en", "fr", "es", "de", "pt", "ar", "uk", "ru", "ro", "sq", "zh", "hi", "bn", "ur", "wo")
LANGUAGE_ROWS = 3  # rows for other languages a job asks for


@dataclass
class OfferForm:
    """What the form shows: every field as text, the texts per language, and the problems by field."""

    values: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: dict[str, list] = field(default_factory=dict)
    organisation_id: int | None = None

    def value(self, name: str) -> str:
        """Return a field's value as the form writes it."""
        value = self.values.get(name)
        return "" if value is None else str(value)

    def text(self, lang: str, name: str) -> str:
        """Return a text field of a language as typed."""
        return self.texts.get(lang, {}).get(name, "")

    def errors(self, key: str) -> list:
        """Return the messages about one field."""
        return self.problems.get(key, [])

    def problem_list(self) -> list[tuple[str, str, object]]:
        """Return (the control's id, the field's name, message) for every problem, for the summary's links."""
        found = []
        for key, messages in self.problems.items():
            parts = key.split(".")
            if parts[0] == "texts" and len(parts) == 3:
                language = BY_CODE[parts[1]].autonym if parts[1] in BY_CODE else parts[1]
                target, name = f"text-{parts[1]}-{parts[2]}", f"{TEXT_LABELS.get(parts[2], parts[2])} ({language})"
            else:
                target, name = CONTROLS.get(key, f"field-{key}"), str(FIELD_LABELS.get(key, key))
            found += [(target, name, message) for message in messages]
        return found

    def language_rows(self) -> list[dict]:
        """Return the other languages' rows, padded with empty ones."""
        rows = list(self.values.get("other_languages") or [])
        return rows + [{"lang": "", "level": ""}] * max(1, LANGUAGE_ROWS - len(rows))


def from_offer(offer: Offer) -> OfferForm:
    """Return the form filled from a saved offer."""
    texts = {t.lang: {name: getattr(t, name) or "" for name in TEXT_FIELDS} for t in offer.translations}
    return OfferForm({name: getattr(offer, name) for name in FIELDS}, texts, organisation_id=offer.organisation_id)


def blank(today: date, organisation_id: int | None) -> OfferForm:
    """Return the form of a new offer: the defaults, published from today."""
    return OfferForm(writing.DEFAULTS | {"published_on": today, "kind": "job"}, organisation_id=organisation_id)


def read_form(form: Mapping[str, str]) -> tuple[OfferDraft, OfferForm, list[Problem]]:
    """Read what the form sent into a draft, the form to show again, and the problems found while reading."""
    data: dict[str, Any] = {name: form.get(name, "") for name in FIELDS if name != "other_languages"}
    data["other_languages"] = [
        {"lang": form.get(f"other_languages.{row}.lang", ""), "level": form.get(f"other_languages.{row}.level", "")}
        for row in range(LANGUAGE_ROWS * 2) if form.get(f"other_languages.{row}.lang")
    ]
    texts = {lang: {name: form.get(f"texts.{lang}.{name}", "") for name in TEXT_FIELDS} for lang in LANGUAGE_CODES}
    data["texts"] = texts
    draft, problems = writing.read_native(data)
    shown = OfferForm({name: data[name] for name in FIELDS}, texts)
    return draft, shown, problems


def with_problems(shown: OfferForm, problems: list[Problem]) -> OfferForm:
    """Attach problems to the form, each under its field's key."""
    for problem in problems:
        shown.problems.setdefault(problem.field, []).append(problem.message)
    return shown


def preview_offer(session: Session, draft: OfferDraft, organisation, saved: Offer | None) -> Offer:
    """Return an offer as the draft would save it, kept out of the session: what the previews show.

    A new offer has no id yet: 0 stands in for it in the sheet's QR code.
    """
    values = writing.DEFAULTS | {name: getattr(saved, name) for name in FIELDS if saved is not None}
    values |= {name: value for name, value in draft.values.items() if value not in (None, "")}
    values["reference"] = values.get("reference") or "—"
    offer = Offer(id=saved.id if saved else 0, status=saved.status if saved else "draft",
                  revision=saved.revision if saved else 0, organisation_id=organisation.id,
                  **{name: values.get(name) for name in FIELDS})
    offer.organisation = organisation
    offer.translations = [OfferTranslation(lang=lang, **writing.text_values(texts))
                          for lang, texts in draft.texts.items()]
    for instance in (offer, *offer.translations):
        if instance in session:
            session.expunge(instance)
    return offer
