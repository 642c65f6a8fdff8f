"""Writing offers: checking what an editor, an import or a partner's system sends, saving it, and its history.

Every way in (the back office's form, a CSV or JobPosting import, the write API) reads its input into one
`OfferDraft` of plain values, checked by `check`, then saved by `create_offer` or `update_offer`. Every saved
change raises the offer's revision (the sheets and the desks' sync follow it) and is written to the audit log
with each changed field before and after, in the same transaction.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor, differences, record
from kiosk.i18n import LANGUAGES
from kiosk.network import services as network
from kiosk.offers import vocab
from kiosk.offers.models import TEXT_FIELDS, Offer, OfferTranslation
from kiosk.offers.richtext import clean, to_plain
from kiosk.offers.search import index_offers

STATUSES = ("draft", "published", "withdrawn", "archived")
# What each status may become: a draft is published; a published offer is withdrawn (and may come back);
# anything is archived; an archived offer is brought back as a draft.
TRANSITIONS = {
    "draft": ("published", "archived"),
    "published": ("withdrawn", "archived"),
    "withdrawn": ("published", "archived"),
    "archived": ("draft",),
}
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)
RICH_FIELDS = ("description", "requirements", "how_to_apply")  # the safe HTML subset; title and summary are plain
TEXT_LIMITS = {"title": 200, "summary": 600, "description": 20_000, "requirements": 10_000, "how_to_apply": 5_000}
CHOICES = {
    "kind": vocab.KINDS, "contract": vocab.CONTRACTS, "hours": vocab.HOURS, "education": vocab.EDUCATION,
    "italian_level": vocab.ITALIAN_LEVELS, "protected_category": vocab.PROTECTED, "sector": vocab.SECTORS,
}
LENGTHS = {"reference": 40, "employer": 160, "town": 80, "address": 200, "ateco_code": 10, "profession_code": 12,
           "apply_email": 120, "apply_phone": 40, "apply_url": 300}
NUMBERS = {"positions": (1, 999), "experience_years": (0, 50), "duration_hours": (1, 5000)}
DATES = ("published_on", "expires_on", "starts_on")
REQUIRED = ("kind", "town", "sector", "contract", "hours", "expires_on")
DEFAULTS = {"employer": None, "address": "", "ateco_code": "", "profession_code": "", "positions": 1,
            "education": "none", "experience_years": 0, "driving_licence": "", "italian_level": "none",
            "other_languages": [], "protected_category": "none", "starts_on": None, "duration_hours": None,
            "apply_email": "", "apply_phone": "", "apply_url": ""}
FIELDS = ("reference", "kind", *DEFAULTS.keys(), "town", "sector", "contract", "hours", "published_on",
          "expires_on")

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,40}$")
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)

REQUIRED_MESSAGE = _l("This is required.")
CHOICE_MESSAGE = _l("Choose one of the listed values.")


@dataclass(frozen=True)
class Problem:
    """Why an offer cannot be saved as it is: the field (e.g. `expires_on`, `texts.uk.title`) and what to do."""

    field: str
    message: Any  # a lazy string: said in the language of whoever reads it

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class OfferDraft:
    """An offer as sent, read into plain values: its fields, and its texts per language (Italian required)."""

    values: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    status: str | None = None


def check(session: Session, draft: OfferDraft, today: date, offer: Offer | None = None,
          organisation_id: int | None = None) -> list[Problem]:
    """Return every problem of a draft for a new offer of an organisation (or for `offer`, when it changes).

    No problem means it may be saved.
    """
    values, problems = draft.values, []
    if offer is None and organisation_id is not None and not network.organisation_is_active(session, organisation_id):
        problems.append(Problem("organisation_id", _l("This organisation is deactivated: it takes no new offers.")))
    for name in REQUIRED:
        if values.get(name) in (None, ""):
            problems.append(Problem(name, REQUIRED_MESSAGE))
    for name, allowed in CHOICES.items():
        if values.get(name) not in (None, "") and values[name] not in allowed:
            problems.append(Problem(name, CHOICE_MESSAGE))
    if values.get("driving_licence") and values["driving_licence"] not in vocab.DRIVING_LICENCES:
        problems.append(Problem("driving_licence", CHOICE_MESSAGE))
    for item in values.get("other_languages") or []:
        if item.get("level") and item["level"] not in vocab.LANGUAGE_LEVELS:
            problems.append(Problem("other_languages", CHOICE_MESSAGE))
    problems += _check_sizes(values) + _check_contacts(values) + _check_texts(draft.texts)
    problems += _check_dates(values, today, is_new=offer is None or values.get("expires_on") != offer.expires_on)
    problems += _check_reference(session, values.get("reference"), offer)
    if not any(values.get(name) for name in ("apply_email", "apply_phone", "apply_url")) and not (
            draft.texts.get("it", {}).get("how_to_apply")):
        problems.append(Problem("apply", _l("Say how to apply: an e-mail, a phone number, a web address or a text.")))
    if draft.status is not None and draft.status not in STATUSES:
        problems.append(Problem("status", CHOICE_MESSAGE))
    return problems


def create_offer(session: Session, draft: OfferDraft, organisation_id: int, actor: Actor, now: datetime,
                 status: str = "draft") -> Offer:
    """Save a checked draft as a new offer of an organisation (a draft unless said otherwise); flushed only."""
    values = DEFAULTS | {"published_on": now.date()} | draft.values
    if not values.get("reference"):
        values["reference"] = new_reference(session, organisation_id, now.date())
    offer = Offer(organisation_id=organisation_id, status=draft.status or status, revision=1, updated_at=_utc(now),
                  italian_rank=vocab.ITALIAN_LEVELS.index(values["italian_level"]),
                  **{name: values[name] for name in FIELDS})
    offer.translations = [OfferTranslation(lang=lang, **text_values(texts)) for lang, texts in draft.texts.items()]
    session.add(offer)
    session.flush()
    index_offers(session, [offer])
    record(session, actor, "offer.create", now, target_kind="offer", target_id=offer.id, target_label=_label(offer),
           changes=differences({}, snapshot(offer)))
    return offer


def update_offer(session: Session, offer: Offer, draft: OfferDraft, actor: Actor, now: datetime) -> dict:
    """Change an offer to a checked draft (its texts are replaced as a whole); return what changed, flushed.

    Nothing changed: no new revision and no audit entry.
    """
    before = snapshot(offer)
    for name in FIELDS:
        if name in draft.values and not (name == "reference" and not draft.values[name]):
            setattr(offer, name, draft.values[name])
    offer.italian_rank = vocab.ITALIAN_LEVELS.index(offer.italian_level)
    existing = {translation.lang: translation for translation in offer.translations}
    for lang, texts in draft.texts.items():
        if lang in existing:
            for name, value in text_values(texts).items():
                setattr(existing[lang], name, value)
        else:
            offer.translations.append(OfferTranslation(lang=lang, **text_values(texts)))
    for lang, translation in existing.items():
        if lang not in draft.texts:
            offer.translations.remove(translation)
    if draft.status and draft.status != offer.status:
        offer.status = draft.status
    changes = differences(before, snapshot(offer))
    if changes:
        _saved(session, offer, actor, now, "offer.update", changes)
    return changes


def set_status(session: Session, offer: Offer, status: str, actor: Actor, now: datetime) -> bool:
    """Move an offer to a status if its current one allows it; return whether it moved (flushed, not committed)."""
    if status not in TRANSITIONS.get(offer.status, ()):
        return False
    before = snapshot(offer)
    offer.status = status
    _saved(session, offer, actor, now, f"offer.{status}", differences(before, snapshot(offer)))
    return True


def duplicate_offer(session: Session, offer: Offer, actor: Actor, now: datetime) -> Offer:
    """Copy an offer into a new draft of the same organisation, with a new reference and today's publishing date."""
    draft = OfferDraft(values={name: getattr(offer, name) for name in FIELDS if name != "reference"},
                       texts={t.lang: {name: getattr(t, name) for name in TEXT_FIELDS} for t in offer.translations})
    draft.values["published_on"] = now.date()
    copy = create_offer(session, draft, offer.organisation_id, actor, now)
    record(session, actor, "offer.duplicate", now, target_kind="offer", target_id=copy.id, target_label=_label(copy),
           changes={"copied_from": [None, offer.reference]})
    return copy


def delete_offer(session: Session, offer: Offer, actor: Actor, now: datetime) -> None:
    """Delete an offer for good (the write API's DELETE): it leaves the kiosk, and the log keeps what it was."""
    record(session, actor, "offer.delete", now, target_kind="offer", target_id=offer.id, target_label=_label(offer),
           changes=differences(snapshot(offer), {}))
    session.delete(offer)
    session.flush()


def snapshot(offer: Offer) -> dict[str, Any]:
    """Return an offer's fields, status and texts as one flat dict: what the audit log compares."""
    values = {name: getattr(offer, name) for name in FIELDS} | {"status": offer.status}
    for translation in offer.translations:
        for name in TEXT_FIELDS:
            values[f"texts.{translation.lang}.{name}"] = getattr(translation, name) or ""
    return values


def missing_languages(offer: Offer) -> list[str]:
    """Return the kiosk's languages an offer has no title in yet."""
    have = {translation.lang for translation in offer.translations if translation.title}
    return [code for code in LANGUAGE_CODES if code not in have]


def new_reference(session: Session, organisation_id: int, today: date) -> str:
    """Return a reference no offer uses yet, e.g. `O7-20261205-K3F9`."""
    while True:
        reference = f"O{organisation_id}-{today:%Y%m%d}-{secrets.token_hex(2).upper()}"
        if session.scalar(select(Offer.id).where(Offer.reference == reference)) is None:
            return reference


def read_native(data: Mapping[str, Any]) -> tuple[OfferDraft, list[Problem]]:
    """Read an offer in the API's own JSON (the fields of `GET /api/v1/offers/<id>`, texts per language)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    apply = data.get("apply") or {}
    if not isinstance(apply, Mapping):
        problems.append(Problem("apply", CHOICE_MESSAGE))
        apply = {}
    flat = dict(data) | {f"apply_{name}": apply.get(name) for name in ("email", "phone", "url") if name in apply}
    for name in FIELDS:
        if name in flat:
            values[name], problem = _read_value(name, flat[name])
            if problem:
                problems.append(problem)
    texts, text_problems = _read_texts(data.get("texts"))
    status = data.get("status")
    return OfferDraft(values, texts, status if isinstance(status, str) else None), problems + text_problems


def _read_value(name: str, raw: Any) -> tuple[Any, Problem | None]:
    """Return one field's value from JSON or a form, or the problem with it."""
    if raw is None or raw == "":
        return DEFAULTS.get(name, ""), None
    if name in DATES:
        try:
            return (raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())), None
        except ValueError:
            return None, Problem(name, _l("Write a date as YYYY-MM-DD."))
    if name in NUMBERS:
        low, high = NUMBERS[name]
        try:
            number = int(str(raw).strip())
        except ValueError:
            number = None
        if number is None or not low <= number <= high or isinstance(raw, bool):
            return None, Problem(name, _l("Write a whole number from %(low)s to %(high)s.", low=low, high=high))
        return number, None
    if name == "other_languages":
        items = raw if isinstance(raw, list) else []
        if not isinstance(raw, list) or not all(isinstance(item, Mapping) and isinstance(item.get("lang"), str)
                                                for item in items):
            return [], Problem(name, CHOICE_MESSAGE)
        return [{"lang": item["lang"][:3], "level": item.get("level") or ""} for item in items], None
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        return None, Problem(name, CHOICE_MESSAGE)
    return str(raw).strip(), None


def _read_texts(raw: Any) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    if not isinstance(raw, Mapping):
        return {}, [Problem("texts.it.title", _l("The Italian title is required."))]
    texts, problems = {}, []
    for lang, fields in raw.items():
        if lang not in LANGUAGE_CODES or not isinstance(fields, Mapping):
            problems.append(Problem(f"texts.{lang}"[:40], _l("Unknown language.")))
            continue
        texts[lang] = {name: str(fields.get(name) or "") for name in TEXT_FIELDS
                       if isinstance(fields.get(name) or "", (str, int))}
    return {lang: fields for lang, fields in texts.items() if any(v.strip() for v in fields.values())}, problems


def _check_sizes(values: dict) -> list[Problem]:
    problems = []
    for name, limit in LENGTHS.items():
        if len(str(values.get(name) or "")) > limit:
            problems.append(Problem(name, _l("At most %(count)s characters.", count=limit)))
    reference = values.get("reference")
    if reference and len(reference) <= LENGTHS["reference"] and not _REFERENCE.match(reference):
        problems.append(Problem("reference", _l("Use only letters, digits and . _ / -")))
    return problems


def _check_contacts(values: dict) -> list[Problem]:
    problems = []
    if values.get("apply_email") and not _EMAIL.match(values["apply_email"]):
        problems.append(Problem("apply_email", _l("Write an e-mail address such as name@example.it.")))
    if values.get("apply_phone") and not _PHONE.match(values["apply_phone"]):
        problems.append(Problem("apply_phone", _l("Write a phone number with digits (and + ( ) - / only).")))
    if values.get("apply_url") and not _URL.match(values["apply_url"]):
        problems.append(Problem("apply_url", _l("Write a web address that starts with https://")))
    return problems


def _check_texts(texts: dict[str, dict[str, str]]) -> list[Problem]:
    problems = []
    if not (texts.get("it", {}).get("title") or "").strip():
        problems.append(Problem("texts.it.title", _l("The Italian title is required.")))
    for lang, fields in texts.items():
        if not (fields.get("title") or "").strip() and lang != "it":
            problems.append(Problem(f"texts.{lang}.title", _l("A translation needs its title too.")))
        for name, limit in TEXT_LIMITS.items():
            if len(fields.get(name) or "") > limit:
                problems.append(Problem(f"texts.{lang}.{name}", _l("At most %(count)s characters.", count=limit)))
    return problems


def _check_dates(values: dict, today: date, is_new: bool) -> list[Problem]:
    published, expires = values.get("published_on"), values.get("expires_on")
    if isinstance(published, date) and isinstance(expires, date) and expires < published:
        return [Problem("expires_on", _l("The closing date cannot be before the publishing date."))]
    if is_new and isinstance(expires, date) and expires < today:
        return [Problem("expires_on", _l("The closing date is already past."))]
    return []


def _check_reference(session: Session, reference: str | None, offer: Offer | None) -> list[Problem]:
    if not reference:
        return []
    holder = session.scalar(select(Offer.id).where(Offer.reference == reference))
    if holder is not None and (offer is None or holder != offer.id):
        return [Problem("reference", _l("Another offer already has this reference."))]
    return []


def text_values(texts: dict[str, str]) -> dict[str, str]:
    """Return a language's texts ready to store: rich fields cleaned, plain fields without markup."""
    return {name: clean(texts.get(name) or "") if name in RICH_FIELDS else to_plain(texts.get(name) or "")
            for name in TEXT_FIELDS}


def _saved(session: Session, offer: Offer, actor: Actor, now: datetime, action: str, changes: dict) -> None:
    offer.revision += 1
    offer.updated_at = _utc(now)
    session.flush()
    index_offers(session, [offer])
    record(session, actor, action, now, target_kind="offer", target_id=offer.id, target_label=_label(offer),
           changes=changes)


def _utc(moment: datetime) -> datetime:
    """Return a moment in UTC, as the database's own clock writes `updated_at` (SQLite keeps no time zone)."""
    return moment.astimezone(UTC)


def _label(offer: Offer) -> str:
    italian = offer.text("it")
    return f"{offer.reference} · {italian.title if italian else ''}"
