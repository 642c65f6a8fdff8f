"""The terminal's offer list and offer page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for

from kiosk import clock, i18n
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.offers import services
from kiosk.offers.facts import italian_words, offer_facts
from kiosk.terminal import enrolment
from kiosk.terminal.keyboards import layout
from kiosk.tokens import new_token
from kiosk.urls import public_url
from kiosk.usage import services as usage

bp = Blueprint("offers", __name__)


@bp.get("/offers")
def offer_list():
    """List the current offers with the visitor's filters; htmx gets the list alone."""
    filters, errors = services.parse_filters(request.args)
    page_number, page_error = services.parse_page(request.args.get("page"))
    errors += [page_error] if page_error else []
    today = clock.today()
    lang = i18n.current_language()
    page = services.list_offers(db.session, filters, page_number, current_app.config["KIOSK_PAGE_SIZE"], today, lang)
    back = _list_params(filters, page.page)
    response = render(
        "offers/list.html",
        block="offer_list",
        filters=filters,
        errors=errors,
        page=page,
        towns=services.towns(db.session, today) if not request.htmx else [],
        keyboard_layout=layout(lang),
        lang_code=lang,
        texts=services.texts,
        page_url=lambda n: url_for("offers.offer_list", **filters.params(), page=n),
        detail_url=lambda offer: url_for("offers.offer_detail", offer_id=offer.id, **back),
    )
    if request.htmx:
        # The address bar shows the filters in use, not every empty field of the form.
        response.headers["HX-Push-Url"] = url_for("offers.offer_list", **back)
    return response


@bp.get("/offers/<int:offer_id>")
def offer_detail(offer_id: int):
    """Show every field of an offer, when it expires and how to apply."""
    offer = services.get_offer(db.session, offer_id)
    if offer is None:
        abort(404)
    filters, _errors = services.parse_filters(request.args)
    page_number, _error = services.parse_page(request.args.get("page"))
    lang = i18n.current_language()
    here = enrolment.current_terminal()
    usage.record(db.session, "view", offer.id, here.site_slug, lang, terminal=here.name)
    db.session.commit()
    return render(
        "offers/detail.html",
        offer=offer,
        facts=offer_facts(offer), words=italian_words(offer),
        back_url=url_for("offers.offer_list", **_list_params(filters, page_number)),
        text=services.texts(offer, lang),
        job=None,
        print_token=new_token(),
        phone_url=public_url("public.offer", offer_id=offer.id, lang=lang),
        on_show=services.is_current(offer, clock.today()),
    )


def _list_params(filters: services.OfferFilters, page: int) -> dict[str, str | int]:
    """Return the parameters that bring a visitor back to the same place in the list."""
    return filters.params() | ({"page": page} if page > 1 else {})
