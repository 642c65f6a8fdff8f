"""The back office's lists of offers: filters, search, sorting and paging, and each language's completeness.

Plain functions of a session. A page costs a count and a page query (plus one for the page's texts), whatever
the number of offers: the counts read indexes, the pages stop after `per_page` rows of an index's order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from kiosk import ids
from kiosk.offers import search, vocab
from kiosk.offers.models import TEXT_FIELDS, Offer, OfferTranslation
from kiosk.offers.services import MAX_QUERY_LENGTH, FilterError, OfferPage, plain_words
from kiosk.offers.writing import LANGUAGE_CODES, STATUSES

EXPIRING_DAYS = 14  # "expiring soon": the closing date is within two weeks
PER_PAGE = 25
SORTS = {"updated": _l("Last changed first"), "expiry": _l("Closing soonest first")}
EXPIRY = {"soon": _l("Closing within two weeks"), "expired": _l("Closed (past the closing date)"),
          "open": _l("Not yet closed")}
STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "withdrawn": _l("Withdrawn"),
                 "archived": _l("Archived")}
COMPLETE, PARTIAL, MISSING = "complete", "partial", "missing"
COMPLETENESS_LABELS = {COMPLETE: _l("complete"), PARTIAL: _l("partly translated"), MISSING: _l("missing")}


@dataclass(frozen=True)
class StaffFilters:
    """What the back office's list is narrowed by; every field is optional."""

    status: str = ""
    kind: str = ""
    organisation: int | None = None
    expiry: str = ""
    q: str = ""
    sort: str = "updated"
    translation: str = ""  # the missing-translations list: offers not complete in this language
    incomplete: bool = False  # the missing-translations list: offers not archived, not complete in some language

    def params(self) -> dict[str, str]:
        """Return the filters as URL parameters, leaving out the empty ones and the default order."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: str(value) for name, value in values.items()
                if value not in ("", None, False, True) and not (name == "sort" and value == "updated")}


def parse_staff_filters(args) -> tuple[StaffFilters, list[FilterError]]:
    """Read the list's filters from request arguments; a bad value is dropped and reported."""
    values: dict = {}
    errors: list[FilterError] = []
    choices = {"status": STATUSES, "kind": vocab.KINDS, "expiry": EXPIRY, "sort": SORTS, "translation": LANGUAGE_CODES}
    for name, allowed in choices.items():
        raw = args.get(name) or ""
        if raw in allowed:
            values[name] = raw
        elif raw:
            errors.append(FilterError(name, _l("This choice is not available.")))
    raw = args.get("organisation") or ""
    if raw:
        values["organisation"] = ids.parse_id(raw)
        if values["organisation"] is None:
            errors.append(FilterError("organisation", _l("This choice is not available.")))
    q = args.get("q") or ""
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(FilterError("q", _l("The search is too long: use fewer words.")))
    else:
        values["q"] = plain_words(q)
    return StaffFilters(**values), errors


def staff_conditions(session: Session, filters: StaffFilters, scope: int | None, today: date) -> list:
    """Return the conditions of the offers a person may see (`scope`: their organisation, None for all) that pass."""
    where = []
    organisation = scope if scope is not None else filters.organisation
    if organisation is not None:
        where.append(Offer.organisation_id == organisation)
    if filters.status:
        where.append(Offer.status == filters.status)
    if filters.kind:
        where.append(Offer.kind == filters.kind)
    if filters.expiry == "soon":
        where += [Offer.expires_on >= today, Offer.expires_on <= today + timedelta(days=EXPIRING_DAYS)]
    elif filters.expiry == "expired":
        where.append(Offer.expires_on < today)
    elif filters.expiry == "open":
        where.append(Offer.expires_on >= today)
    if filters.incomplete:
        where.append(Offer.status != "archived")
        where.append(~complete_in(filters.translation) if filters.translation else incomplete_somewhere())
    text_match = search.matches(session, filters.q)
    if text_match is not None:
        where.append(text_match)
    return where


def list_staff_offers(session: Session, filters: StaffFilters, scope: int | None, page: int, today: date,
                      per_page: int = PER_PAGE) -> OfferPage:
    """Return one page of the offers a person may see that pass the filters, in the order asked."""
    where = staff_conditions(session, filters, scope, today)
    total = session.scalar(select(func.count(Offer.id)).where(*where))
    page = min(page, max(1, math.ceil(total / per_page)))
    order = ((Offer.expires_on.asc(), Offer.id.asc()) if filters.sort == "expiry"
             else (Offer.updated_at.desc(), Offer.id.desc()))
    items = session.scalars(
        select(Offer).options(selectinload(Offer.translations), selectinload(Offer.organisation))
        .where(*where).order_by(*order).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return OfferPage(list(items), total, page, per_page)


def complete_in(lang: str):
    """Return the condition that an offer's texts in `lang` have a title and every field the Italian text has."""
    return Offer.id.in_(_complete_ids([lang]))


def incomplete_somewhere():
    """Return the condition that an offer's texts are not complete in at least one language but Italian."""
    others = [code for code in LANGUAGE_CODES if code != "it"]
    everywhere = _complete_ids(others).group_by(OfferTranslation.offer_id).having(func.count() == len(others))
    return Offer.id.not_in(everywhere)


def incomplete_counts(session: Session, scope: int | None, today: date) -> dict[str, int]:
    """Return, for each language but Italian, how many offers still open (not archived) it is not complete in."""
    base = [Offer.status != "archived", Offer.expires_on >= today]
    if scope is not None:
        base.append(Offer.organisation_id == scope)
    total = session.scalar(select(func.count(Offer.id)).where(*base))
    others = [code for code in LANGUAGE_CODES if code != "it"]
    complete = (_complete_ids(others).with_only_columns(OfferTranslation.lang, func.count())
                .join(Offer, Offer.id == OfferTranslation.offer_id).where(*base).group_by(OfferTranslation.lang))
    done = dict(session.execute(complete).all())
    return {lang: total - done.get(lang, 0) for lang in others}


def _complete_ids(languages: list[str]):
    """Return the ids of offers (one row per language) whose texts are complete in one of `languages`.

    One pass over the texts, joined to the Italian ones: cheaper than asking offer by offer.
    """
    italian = aliased(OfferTranslation)
    filled = [or_(func.coalesce(getattr(OfferTranslation, name), "") != "",
                  func.coalesce(getattr(italian, name), "") == "") for name in TEXT_FIELDS if name != "title"]
    return (select(OfferTranslation.offer_id)
            .join(italian, and_(italian.offer_id == OfferTranslation.offer_id, italian.lang == "it"))
            .where(OfferTranslation.lang.in_(languages), OfferTranslation.title != "", *filled))


def completeness(offer: Offer) -> dict[str, str]:
    """Return each language's state for an offer: complete, partial (a title, not every field) or missing."""
    italian = offer.text("it")
    wanted = [name for name in TEXT_FIELDS if italian is not None and getattr(italian, name)]
    states = {}
    for lang in LANGUAGE_CODES:
        own = offer.text(lang)
        if own is None or not own.title:
            states[lang] = MISSING
        else:
            states[lang] = COMPLETE if all(getattr(own, name) for name in wanted) else PARTIAL
    return states


def draft_completeness(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return each language's state for texts being written (as the form holds them, not yet saved)."""
    italian = texts.get("it", {})
    wanted = [name for name in TEXT_FIELDS if (italian.get(name) or "").strip()]
    states = {}
    for lang in LANGUAGE_CODES:
        own = texts.get(lang, {})
        if not (own.get("title") or "").strip():
            states[lang] = MISSING if not any((v or "").strip() for v in own.values()) else PARTIAL
        else:
            states[lang] = COMPLETE if all((own.get(name) or "").strip() for name in wanted) else PARTIAL
    return states
