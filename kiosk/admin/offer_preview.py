"""Previews of an offer as it is being written: the kiosk's own offer page and the A4 sheet, in any language.

The previews render the kiosk's template (`offers/detail.html`) and the sheet maker (`kiosk.offers.pdf`) on an
offer built from the form and kept out of the database, so what an editor sees is what the kiosk will show.
"""

from __future__ import annotations

from flask import abort, g, make_response, render_template, request
from flask_babel import force_locale

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, EDITOR, allow, check_organisation, organisation_scope
from kiosk.admin.offer_form import preview_offer, read_form, with_problems
from kiosk.admin.offers import edit_page
from kiosk.extensions import db
from kiosk.i18n import BY_CODE, normalise_language
from kiosk.ids import parse_id
from kiosk.network.models import Organisation
from kiosk.offers import pdf, services, writing
from kiosk.offers.facts import italian_words, offer_facts
from kiosk.offers.models import Offer
from kiosk.urls import public_url

PREVIEW = "admin/offers/preview.html"


@bp.post("/offers/preview")
@allow(ADMIN, EDITOR)
def preview_offer_form():
    """Show the offer as the form now holds it (saved or not) on the kiosk's page or the A4 sheet, in a language."""
    saved = _saved_offer(request.form.get("offer_id"))
    organisation = _organisation(saved)
    draft, shown, problems = read_form(request.form)
    problems += [p for p in writing.check(db.session, draft, clock.today(), saved) if p.field in writing.REQUIRED]
    if problems:  # the form again, with what to fill in first
        shown.organisation_id = organisation.id
        return edit_page(with_problems(shown, problems), saved, status=422)
    offer = preview_offer(db.session, draft, organisation, saved)
    lang = normalise_language(request.form.get("preview_lang")) or "it"
    return _sheet(offer, lang) if request.form.get("preview") == "sheet" else _kiosk_page(offer, lang)


@bp.get("/offers/<int:offer_id>/preview")
@allow(ADMIN, EDITOR)
def preview_saved_offer(offer_id: int):
    """Show a saved offer (a draft too) as the kiosk's page or the A4 sheet will show it, in a language."""
    offer = _saved_offer(str(offer_id))
    lang = normalise_language(request.args.get("in")) or "it"
    return _sheet(offer, lang) if request.args.get("as") == "sheet" else _kiosk_page(offer, lang)


def _kiosk_page(offer: Offer, lang: str):
    """Render the kiosk's offer page in `lang`, as on a kiosk the day it is published."""
    with force_locale(lang):
        g.lang = lang
        body = render_template(PREVIEW, offer=offer, facts=offer_facts(offer), words=italian_words(offer),
                               back_url="#", job=None, text=services.texts(offer, lang), print_token="preview",
                               preview_language=BY_CODE[lang],
                               phone_url=public_url("public.offer", offer_id=offer.id, lang=lang),
                               on_show=offer.expires_on >= clock.today())
    return make_response(body)


def _sheet(offer: Offer, lang: str):
    response = make_response(pdf.render_sheet(db.session, offer, lang))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="preview-{lang}.pdf"'
    return response


def _saved_offer(raw: str | None) -> Offer | None:
    """Return the saved offer a preview is about (404 for one the person may not touch), or None for a new one."""
    if not raw:
        return None
    offer = db.session.get(Offer, parse_id(raw) or 0)
    if offer is None:
        abort(404)
    check_organisation(offer.organisation_id)
    return offer


def _organisation(saved: Offer | None) -> Organisation:
    """Return the organisation the previewed offer is published by."""
    if saved is not None:
        return saved.organisation
    raw = request.form.get("organisation_id") or ""
    chosen = parse_id(raw) if raw else organisation_scope()
    organisation = db.session.get(Organisation, chosen) if chosen else None
    if organisation is None:
        abort(404)
    check_organisation(organisation.id)
    return organisation
