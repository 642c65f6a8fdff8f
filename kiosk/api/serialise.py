"""Offers as the API's JSON: plain dicts, with what is absent as null and dates in ISO 8601."""

from __future__ import annotations

from datetime import date

from flask import url_for

from kiosk.offers import services
from kiosk.offers.models import TEXT_FIELDS, Offer


def offer_list(page: services.OfferPage, asked_page: int, lang: str) -> dict:
    """Return one page of offers; a page past the last one is empty rather than the last one again."""
    items = [offer_summary(offer, lang) for offer in page.items] if page.page == asked_page else []
    return {"items": items, "total": page.total, "page": asked_page, "per_page": page.per_page,
            "pages": page.pages}


def offer_summary(offer: Offer, lang: str) -> dict:
    """Return what a list shows of an offer, its title and summary in `lang` or Italian."""
    text = services.texts(offer, lang)
    return {
        "id": offer.id,
        "reference": offer.reference,
        "kind": offer.kind,
        "title": text.title,
        "summary": text.summary,
        "town": offer.town,
        "employer": offer.employer or None,
        "contract": offer.contract,
        "hours": offer.hours,
        "italian_level": offer.italian_level,
        "protected_category": offer.protected_category,
        "published_on": _iso(offer.published_on),
        "expires_on": _iso(offer.expires_on),
        "lang": text.lang,
        "translated": not text.fallback,
        "url": url_for("offers.offer_detail", offer_id=offer.id, lang=lang, _external=True),
    }


def offer_detail(offer: Offer, lang: str, today: date) -> dict:
    """Return every field of an offer, its texts in `lang` or Italian, and whether it is open today."""
    text = services.texts(offer, lang)
    return offer_summary(offer, lang) | {
        "status": "open" if services.is_current(offer, today) else "closed",
        "sector": offer.sector,
        "ateco_code": offer.ateco_code or None,
        "profession_code": offer.profession_code or None,
        "positions": offer.positions,
        "education": offer.education,
        "experience_years": offer.experience_years,
        "driving_licence": offer.driving_licence or None,
        "other_languages": [_language(item) for item in offer.other_languages or []],
        "starts_on": _iso(offer.starts_on),
        "duration_hours": offer.duration_hours,
        "address": offer.address or None,
        "organisation": {"slug": offer.organisation.slug, "name": offer.organisation.name},
        "apply": {
            "email": offer.apply_email or None,
            "phone": offer.apply_phone or None,
            "url": offer.apply_url or None,
        },
        **{name: getattr(text, name) for name in TEXT_FIELDS},
        "text_langs": dict(text.langs),
    }


def _language(item: dict) -> dict:
    return {"lang": item["lang"], "level": item.get("level") or None}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
