"""An offer's key facts as (label, value) lines in the active language."""

from __future__ import annotations

from flask_babel import format_date, format_decimal, gettext, ngettext

from kiosk import i18n
from kiosk.offers import vocab
from kiosk.offers.models import Offer


def offer_facts(offer: Offer) -> list[tuple[str, str]]:
    """Return the facts of an offer that a visitor compares offers by, in display order."""
    facts = [
        (gettext("Kind"), vocab.label(vocab.KINDS, offer.kind)),
        (gettext("Published by"), offer.organisation.name),
        (gettext("Employer"), offer.employer or gettext("Employer not disclosed")),
        (gettext("Place"), ", ".join(p for p in (offer.address, offer.town) if p)),
        (gettext("Sector"), _with_code(vocab.label(vocab.SECTORS, offer.sector), offer.ateco_code, "ATECO")),
        (gettext("Contract"), vocab.label(vocab.CONTRACTS, offer.contract)),
        (gettext("Working hours"), vocab.label(vocab.HOURS, offer.hours)),
        (gettext("Positions"), format_decimal(offer.positions)),
    ]
    if offer.profession_code:
        profession = vocab.profession_group(offer.profession_code)
        facts.insert(5, (gettext("Profession"), _with_code(profession, offer.profession_code, "CP2021")))
    if offer.starts_on:
        facts.append((gettext("Starts on"), format_date(offer.starts_on, "long")))
    if offer.duration_hours:
        facts.append((gettext("Length"), ngettext("%(num)s hour", "%(num)s hours", offer.duration_hours)))
    facts += [
        (gettext("Education"), vocab.label(vocab.EDUCATION, offer.education)),
        (gettext("Experience"), _experience(offer.experience_years)),
        (gettext("Driving licence"), offer.driving_licence or gettext("Not required")),
        (gettext("Italian"), vocab.label(vocab.ITALIAN_LEVEL_LABELS, offer.italian_level)),
    ]
    if offer.other_languages:
        facts.append((gettext("Other languages"), _languages(offer.other_languages)))
    facts += [
        (gettext("Who can apply"), vocab.label(vocab.PROTECTED, offer.protected_category)),
        (gettext("Published on"), format_date(offer.published_on, "long")),
        (gettext("Apply by"), format_date(offer.expires_on, "long")),
        (gettext("Reference"), offer.reference),
    ]
    return facts


# The Italian words an office, a contract or a payslip will use for a value of the offer's vocabulary: shown beside
# the value in the visitor's language, each a glossary term the visitor can touch for its explanation.
ITALIAN_WORDS = {
    "kind": {"internship": "tirocinio", "apprenticeship": "apprendistato"},
    "contract": {"permanent": "tempo indeterminato", "fixed_term": "tempo determinato", "seasonal": "stagionale",
                 "agency": "somministrazione", "apprenticeship": "apprendistato", "internship": "tirocinio",
                 "on_call": "contratto a chiamata"},
    "hours": {"part_time": "part-time"},
    "protected_category": {"art1": "art. 1", "art18": "art. 18"},
}
_LABELS = {"kind": "Kind", "contract": "Contract", "hours": "Working hours", "protected_category": "Who can apply"}


def italian_words(offer: Offer) -> dict[str, str]:
    """Return, by fact label (as `offer_facts` names it), the Italian word of the field for the offer's value."""
    return {gettext(_LABELS[field]): words[value] for field, words in ITALIAN_WORDS.items()
            if (value := getattr(offer, field)) in words}


def _with_code(text: str, code: str, scheme: str) -> str:
    return f"{text} ({scheme} {code})" if code else text


def _experience(years: int) -> str:
    if not years:
        return gettext("Not required")
    return ngettext("At least %(num)s year", "At least %(num)s years", years)


def _languages(languages: list[dict]) -> str:
    return ", ".join(f"{i18n.language_name(item['lang'])} {item.get('level', '')}".strip() for item in languages)
