"""schema.org JobPosting as a way in and out for offers: one posting, a list, an ItemList or an @graph.

A posting is mapped to the offer's fields; what JobPosting cannot say (sector, education, …) is kept as it is when
an existing offer is updated, and the texts of the other languages stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from kiosk.clock import LOCAL_ZONE
from kiosk.offers.models import TEXT_FIELDS, Offer
from kiosk.offers.writing import FIELDS, LANGUAGE_CODES, OfferDraft, Problem, read_native
from kiosk.public.jsonld import COUNTRY, REGION, employment_types

MAX_POSTINGS = 2000
_HOURS = {"FULL_TIME": "full_time", "PART_TIME": "part_time"}
_CONTRACTS = {"TEMPORARY": "fixed_term", "INTERN": "internship", "PER_DIEM": "on_call", "CONTRACTOR": "freelance"}
NOT_A_POSTING = _l("This is not a JobPosting.")


def is_posting(data: Any) -> bool:
    """Tell whether a JSON value is a JobPosting (by its @type) rather than the API's own offer JSON."""
    kind = data.get("@type") if isinstance(data, Mapping) else None
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def postings(data: Any) -> list[Any]:
    """Return the items of a JSON document: one object, a list, an ItemList's elements or an @graph's nodes."""
    if isinstance(data, list):
        return data
    if not isinstance(data, Mapping):
        return [data]
    if isinstance(data.get("@graph"), list):
        return data["@graph"]
    if data.get("@type") == "ItemList" and isinstance(data.get("itemListElement"), list):
        # A ListItem wraps its posting in `item`; a plain list of postings is accepted too.
        return [item.get("item", item) if isinstance(item, Mapping) and item.get("@type") == "ListItem" else item
                for item in data["itemListElement"]]
    return [data]


def read_item(data: Any) -> tuple[OfferDraft, list[Problem]]:
    """Read one item of a JSON import: a JobPosting, or an offer in the API's own JSON."""
    if not isinstance(data, Mapping):
        return OfferDraft(), [Problem("@type", NOT_A_POSTING)]
    return read_posting(data) if is_posting(data) else read_native(data)


def read_posting(data: Mapping[str, Any]) -> tuple[OfferDraft, list[Problem]]:
    """Read a JobPosting into an offer draft: only what it says is in the draft."""
    problems: list[Problem] = []
    lang = data.get("inLanguage") or "it"
    if lang not in LANGUAGE_CODES:
        problems.append(Problem("inLanguage", _l("Unknown language.")))
        lang = "it"
    native: dict[str, Any] = {"texts": {lang: {"title": _text(data.get("title")),
                                               "description": _text(data.get("description"))}}}
    for name, value in (("published_on", _day(data.get("datePosted"))), ("expires_on", _day(data.get("validThrough"))),
                        ("reference", _identifier(data.get("identifier"))),
                        ("positions", data.get("totalJobOpenings"))):
        if value not in (None, ""):
            native[name] = value
    native.update(_employment(data.get("employmentType")))
    industry = data.get("industry")
    if isinstance(industry, str) and industry.strip():
        native["sector"] = industry.strip()
    employer = _first(data.get("hiringOrganization"))
    if isinstance(employer, Mapping) and employer.get("name"):
        native["employer"] = _text(employer["name"])
    native.update(_place(data.get("jobLocation")))
    native["apply"] = _contact(data)
    draft, more = read_native(native)
    return draft, problems + more


def merge(draft: OfferDraft, offer: Offer) -> OfferDraft:
    """Return a posting's draft for an existing offer: its other fields and languages stay as they are."""
    values = dict(draft.values)
    if "contract" in values and set(employment_types(offer.contract, offer.hours)) == set(
            employment_types(values["contract"], values.get("hours", offer.hours))):
        values.pop("contract")  # TEMPORARY says fixed-term, seasonal or agency: keep whichever it was
    values.pop("kind", None)
    if offer.employer is None and values.get("employer") == offer.organisation.name:
        values.pop("employer")  # the publisher stands in for an undisclosed employer on the way out
    values = {name: getattr(offer, name) for name in FIELDS} | values
    texts = {t.lang: {name: getattr(t, name) or "" for name in TEXT_FIELDS} for t in offer.translations}
    for lang, fields in draft.texts.items():
        texts[lang] = texts.get(lang, {}) | {name: value for name, value in fields.items() if value}
    return OfferDraft(values, texts, draft.status)


def export_posting(offer: Offer, lang: str = "it") -> dict:
    """Return an offer as a JobPosting in one language, its description as the offer's own (safe) HTML."""
    text = offer.text(lang) or offer.text("it")
    address = {"@type": "PostalAddress", "addressLocality": offer.town, "addressRegion": REGION,
               "addressCountry": COUNTRY}
    if offer.address:
        address["streetAddress"] = offer.address
    posting = {
        "@context": "https://schema.org", "@type": "JobPosting", "inLanguage": text.lang if text else lang,
        "title": text.title if text else "", "description": text.description if text else "",
        "datePosted": offer.published_on.isoformat(), "validThrough": offer.expires_on.isoformat(),
        "employmentType": employment_types(offer.contract, offer.hours), "industry": offer.sector,
        "hiringOrganization": {"@type": "Organization", "name": offer.employer or offer.organisation.name},
        "jobLocation": {"@type": "Place", "address": address},
        "identifier": {"@type": "PropertyValue", "name": offer.organisation.name, "value": offer.reference},
        "totalJobOpenings": offer.positions,
    }
    contact = {key: value for key, value in (("email", offer.apply_email), ("telephone", offer.apply_phone),
                                             ("url", offer.apply_url)) if value}
    if contact:
        posting["applicationContact"] = {"@type": "ContactPoint", **contact}
    return posting


def _employment(raw: Any) -> dict[str, str]:
    raw = [raw] if isinstance(raw, str) else raw
    types = [item.strip().upper() for item in raw if isinstance(item, str)] if isinstance(raw, list) else []
    found: dict[str, str] = {}
    for item in types:
        if item in _HOURS:
            found.setdefault("hours", _HOURS[item])
        if item in _CONTRACTS:
            found.setdefault("contract", _CONTRACTS[item])
    if "INTERN" in types:
        found["kind"] = "internship"
    elif types:
        found["kind"] = "job"
    if types and "hours" in found and "contract" not in found:
        found["contract"] = "permanent"  # FULL_TIME alone: how a permanent job is exported
    return found


def _place(raw: Any) -> dict[str, str]:
    place = _first(raw)
    address = place.get("address") if isinstance(place, Mapping) else None
    if not isinstance(address, Mapping):
        return {}
    found = {"town": _text(address.get("addressLocality")), "address": _text(address.get("streetAddress"))}
    return {name: value for name, value in found.items() if value}


def _contact(data: Mapping[str, Any]) -> dict[str, str]:
    contact = _first(data.get("applicationContact"))
    contact = contact if isinstance(contact, Mapping) else {}
    found = {"email": _text(contact.get("email")).removeprefix("mailto:"),
             "phone": _text(contact.get("telephone")),
             "url": _text(contact.get("url") or data.get("url"))}
    return {name: value for name, value in found.items() if value}


def _identifier(raw: Any) -> str:
    if isinstance(raw, Mapping):
        raw = raw.get("value")
    return _text(raw)


def _day(raw: Any) -> str | None:
    """Return a schema.org Date or DateTime as the desks' day (YYYY-MM-DD), or the text as it was to be refused."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    raw = raw.strip()
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    return (moment.astimezone(LOCAL_ZONE) if moment.tzinfo else moment).date().isoformat()


def _first(raw: Any) -> Any:
    return raw[0] if isinstance(raw, list) and raw else raw


def _text(raw: Any) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return raw.strip() if isinstance(raw, str) else ""

