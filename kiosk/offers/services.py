"""Finding offers for the terminal and the API: filters, listing, the texts in a language."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kiosk import clock, ids
from kiosk.offers import search, vocab
from kiosk.offers.models import TEXT_FIELDS, Offer, OfferTranslation

RECENT_DAYS = 7
MAX_QUERY_LENGTH = 100
MAX_PAGE = 99_999
SOURCE_LANGUAGE = "it"


@dataclass(frozen=True)
class OfferFilters:
    """What a visitor narrows the list by; every field is optional."""

    kind: str | None = None
    town: str | None = None
    sector: str | None = None
    contract: str | None = None
    hours: str | None = None
    italian: str | None = None  # the Italian level the visitor has: offers needing at most this
    protected: bool = False
    recent: bool = False
    q: str = ""

    def params(self) -> dict[str, str]:
        """Return the filters as URL parameters, leaving out the empty ones."""
        out = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value is True:
                out[name] = "1"
            elif value:
                out[name] = value
        return out

    @property
    def active(self) -> bool:
        return bool(self.params())


FILTER_NAMES = tuple(f.name for f in fields(OfferFilters))


@dataclass(frozen=True)
class FilterError:
    parameter: str
    message: str


@dataclass
class OfferPage:
    items: list[Offer]
    total: int
    page: int
    per_page: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page))


_CHOICES = {
    "kind": vocab.KINDS,
    "sector": vocab.SECTORS,
    "contract": vocab.CONTRACTS,
    "hours": vocab.HOURS,
    "italian": dict.fromkeys(vocab.ITALIAN_LEVELS),
}
_FLAGS = ("protected", "recent")
FLAG_SET = ("1", "true", "yes", "on")
FLAG_UNSET = ("0", "false", "no", "off")
MAX_TOWN_LENGTH = 80
_UNSEEN = {"Cc": " ", "Cf": ""}  # Unicode's control and format characters


def parse_filters(args) -> tuple[OfferFilters, list[FilterError]]:
    """Read filters from request arguments; a bad value is dropped and reported, never guessed.

    A value is taken as written: an empty one means "any", as a form's empty choice sends it.
    """
    values: dict = {}
    errors: list[FilterError] = []
    for name, choices in _CHOICES.items():
        raw = args.get(name) or ""
        if raw in choices:
            values[name] = raw
        elif raw:
            errors.append(FilterError(name, _l("This choice is not available.")))
    for name in _FLAGS:
        raw = args.get(name) or ""
        if raw in FLAG_SET:
            values[name] = True
        elif raw and raw not in FLAG_UNSET:
            errors.append(FilterError(name, _l("This choice is not available.")))
    town = args.get("town") or ""
    if len(town) > MAX_TOWN_LENGTH:
        errors.append(FilterError("town", _l("This choice is not available.")))
    elif words := plain_words(town):
        values["town"] = words
    q = args.get("q") or ""
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(FilterError("q", _l("The search is too long: use fewer words.")))
    else:
        values["q"] = plain_words(q)
    return OfferFilters(**values), errors


def plain_words(text: str) -> str:
    """Return typed text as words and single spaces: control characters part words, format characters go.

    So any text is a search (or a town) and none of those characters reaches the database or the page.
    """
    kept = "".join(_UNSEEN.get(unicodedata.category(c), c) for c in text)
    return " ".join(kept.split())


def parse_page(raw: str | None) -> tuple[int, FilterError | None]:
    """Read a page number; a bad one means the first page, with an error to report."""
    if raw in (None, ""):
        return 1, None
    number = ids.parse_whole(raw, 1, MAX_PAGE)
    if number is not None:
        return number, None
    return 1, FilterError("page", _l("This page does not exist."))


def on_show(today: date) -> tuple:
    """Return the conditions an offer meets when it is on show today: published, started, not expired."""
    return (Offer.status == "published", Offer.published_on <= today, Offer.expires_on >= today)


def conditions(session: Session, filters: OfferFilters, today: date) -> list:
    """Return the conditions of the offers on show today that pass the visitor's filters."""
    where = list(on_show(today))
    for name in ("kind", "town", "sector", "contract", "hours"):
        value = getattr(filters, name)
        if value:
            where.append(getattr(Offer, name) == value)
    if filters.italian:
        where.append(Offer.italian_rank <= vocab.ITALIAN_LEVELS.index(filters.italian))
    if filters.protected:
        where.append(Offer.protected_category != "none")
    if filters.recent:
        where.append(Offer.published_on > today - timedelta(days=RECENT_DAYS))
    text_match = search.matches(session, filters.q)
    if text_match is not None:
        where.append(text_match)
    return where


def list_offers(
    session: Session, filters: OfferFilters, page: int, per_page: int, today: date, lang: str | None = None
) -> OfferPage:
    """Return one page of the current offers that pass the filters, newest first; with a search, the offers
    that match its words exactly come before those that match by stem, and those before a typo's.

    With `lang`, only the texts in that language and in Italian are loaded: all a list shows.
    """
    where = conditions(session, filters, today)
    total = session.scalar(select(func.count(Offer.id)).where(*where))
    page = min(page, max(1, math.ceil(total / per_page)))
    texts_wanted = Offer.translations
    if lang:
        texts_wanted = texts_wanted.and_(OfferTranslation.lang.in_({lang, SOURCE_LANGUAGE}))
    order = [Offer.published_on.desc(), Offer.id.desc()]
    if total and (rank := search.ranking(session, filters.q)) is not None:
        order.insert(0, rank)
    items = session.scalars(
        select(Offer)
        .options(selectinload(texts_wanted))
        .where(*where)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
        # The texts loaded are a part: an offer the session already holds gets this part, never keeps another.
        .execution_options(populate_existing=True)
    ).all()
    return OfferPage(list(items), total, page, per_page)


def count_by_kind(session: Session, today: date) -> dict[str, int]:
    """Return how many offers of each kind are on show today, in the vocabulary's order."""
    statement = select(Offer.kind, func.count()).where(*on_show(today)).group_by(Offer.kind)
    counts = {kind: count for kind, count in session.execute(statement)}
    return {kind: counts[kind] for kind in vocab.KINDS if counts.get(kind)}


def towns(session: Session, today: date) -> list[str]:
    """Return the towns that have current offers, in alphabetical order."""
    statement = select(Offer.town).where(*on_show(today)).distinct().order_by(Offer.town)
    return list(session.scalars(statement))


# What the public may open by id: an offer on show, or one withdrawn since (a printed QR code still leads
# somewhere). A draft, an archived offer or one not yet published is the back office's business only.
PUBLIC_STATUSES = ("published", "withdrawn")


def get_offer(session: Session, offer_id: int, today: date | None = None) -> Offer | None:
    """Return an offer the public may open by id, open or closed since; None for a draft or an archived one."""
    offer = session.get(Offer, offer_id)
    if offer is None or not is_public(offer, today or clock.today()):
        return None
    return offer


def is_public(offer: Offer, today: date) -> bool:
    """Tell whether an offer has a public page: published once, even if closed since."""
    return offer.status in PUBLIC_STATUSES and offer.published_on <= today


def is_current(offer: Offer, today: date) -> bool:
    """Tell whether an offer is on show today."""
    return offer.status == "published" and offer.published_on <= today <= offer.expires_on


@dataclass(frozen=True)
class OfferText:
    """An offer's texts as shown in one language; `langs` says which language each field is in."""

    asked: str
    title: str
    summary: str
    description: str
    requirements: str
    how_to_apply: str
    langs: dict[str, str]

    @property
    def fallback(self) -> bool:
        """Tell whether Italian stands in for a missing translation anywhere."""
        return self.fallback_in(*self.langs)

    def fallback_in(self, *fields: str) -> bool:
        """Tell whether Italian stands in for a missing translation in any of these fields."""
        return any(self.langs[name] != self.asked for name in fields if getattr(self, name))

    @property
    def lang(self) -> str:
        """Return the language of the title, which names the whole offer."""
        return self.langs["title"]


def texts(offer: Offer, lang: str) -> OfferText:
    """Return an offer's texts in a language, Italian standing in for what is missing."""
    source, own = offer.text(SOURCE_LANGUAGE), offer.text(lang)
    values, langs = {}, {}
    for name in TEXT_FIELDS:
        value, langs[name] = (getattr(own, name) if own else ""), lang
        if not value and source is not None and getattr(source, name):
            value, langs[name] = getattr(source, name), SOURCE_LANGUAGE
        values[name] = value or ""
    return OfferText(asked=lang, langs=langs, **values)
