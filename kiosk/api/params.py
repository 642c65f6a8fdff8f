"""Reading the API's query parameters: the terminal's filters plus language and paging."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from kiosk import i18n, ids
from kiosk.offers import services
from kiosk.offers.services import FilterError, OfferFilters

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# The offer ids the database can hold; a larger number in a URL is simply not an offer.
MAX_OFFER_ID = ids.MAX_ID
# What `lang` accepts, as written: the catalogues' codes and the usual names of simplified Chinese.
LANGUAGE_NAMES = (*(language.code for language in i18n.LANGUAGES), "zh", "zh-Hans")


@dataclass(frozen=True)
class ListQuery:
    """What a client asked the offer list for."""

    filters: OfferFilters
    page: int
    per_page: int
    lang: str


def parse_list(args) -> tuple[ListQuery, list[FilterError]]:
    """Read the list's filters, page, page size and language; report every bad one."""
    filters, errors = services.parse_filters(args)
    page, page_error = services.parse_page(args.get("page"))
    per_page, per_page_error = parse_per_page(args.get("per_page"))
    lang, lang_errors = parse_language(args)
    errors += [e for e in (page_error, per_page_error) if e] + lang_errors
    return ListQuery(filters, page, per_page, lang), errors


def parse_language(args) -> tuple[str, list[FilterError]]:
    """Read `lang`: one of the desks' languages, Italian when absent or wrong."""
    raw = args.get("lang")
    if not raw:
        return i18n.DEFAULT_LANGUAGE, []
    if raw in LANGUAGE_NAMES:
        return i18n.normalise_language(raw), []
    codes = ", ".join(language.code for language in i18n.LANGUAGES)
    return i18n.DEFAULT_LANGUAGE, [
        FilterError("lang", _l("This language is not available: use one of %(codes)s.", codes=codes))
    ]


def parse_per_page(raw: str | None) -> tuple[int, FilterError | None]:
    """Read how many offers a page holds, from 1 to MAX_PER_PAGE."""
    if raw in (None, ""):
        return DEFAULT_PER_PAGE, None
    number = ids.parse_whole(raw, 1, MAX_PER_PAGE)
    if number is not None:
        return number, None
    message = _l("Give a whole number from 1 to %(max)s.", max=MAX_PER_PAGE)
    return DEFAULT_PER_PAGE, FilterError("per_page", message)
