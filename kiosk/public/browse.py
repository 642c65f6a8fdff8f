"""The phone's home page (/m): search and read the offers on show, in any of the nine languages."""

from __future__ import annotations

from flask import current_app, request, url_for

from kiosk import clock, i18n
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.offers import services
from kiosk.public.views import bp

KINDS = ("job", "course", "internship", "apprenticeship")  # the chips; ?kind=event still filters
PAGE_SIZE = 10


@bp.get("/")
def home():
    """List the offers on show with the phone's search and kind, ten a page; htmx gets the list alone."""
    filters, errors = services.parse_filters(request.args)
    page_number, page_error = services.parse_page(request.args.get("page"))
    errors += [page_error] if page_error else []
    lang = i18n.current_language()
    page = services.list_offers(db.session, filters, page_number, PAGE_SIZE, clock.today(), lang)
    asked = {name: value for name, value in filters.params().items() if name in ("q", "kind")}
    response = render(
        "public/home.html", block="offer_list", filters=filters, errors=errors, page=page, kinds=KINDS,
        texts=services.texts, lang_code=lang, remote=current_app.config["KIOSK_ROLE"] != "desk",
        page_url=lambda n: url_for("public.home", **asked, page=n, lang=lang),
        detail_url=lambda offer: url_for("public.offer", offer_id=offer.id, lang=lang),
    )
    if request.htmx:
        response.headers["HX-Push-Url"] = url_for("public.home", **asked, lang=lang,
                                                   **({"page": page.page} if page.page > 1 else {}))
    return response
