"""The A4 sheet of an offer in one language, laid out for a black-and-white office printer."""

from __future__ import annotations

import re

from flask import current_app, render_template, url_for
from flask_babel import format_date, get_locale, gettext
from markupsafe import Markup
from sqlalchemy.orm import Session

from kiosk import clock, i18n
from kiosk.documents.fonts import font_stack
from kiosk.documents.qr import qr_svg
from kiosk.documents.render import in_language, render_pdf
from kiosk.network import services as network
from kiosk.offers import services, vocab
from kiosk.offers.facts import offer_facts
from kiosk.offers.models import Offer

SHEET_TEMPLATE = "pdf/offer_sheet.html"


def render_sheet(session: Session, offer: Offer, lang: str, public_url: str | None = None) -> bytes:
    """Render an offer's sheet in a language as PDF bytes."""
    return render_pdf(sheet_html(session, offer, lang, public_url))


def sheet_html(session: Session, offer: Offer, lang: str, public_url: str | None = None) -> str:
    """Return the sheet's HTML in `lang`; no request is needed."""
    site = network.get_site(session, current_app.config["KIOSK_SITE"])
    with in_language(lang, public_url):
        return render_template(SHEET_TEMPLATE, **_context(offer, lang, site))


def _context(offer: Offer, lang: str, site) -> dict:
    offer_url = url_for("public.offer", offer_id=offer.id, lang=lang, _external=True)
    # Above the title, in large type, and in the sentence under the summary.
    shown_elsewhere = {gettext("Kind"), gettext("Reference"), gettext("Apply by")}
    return {
        "offer": offer,
        "language": i18n.language(lang),
        "text": services.texts(offer, lang),
        "kind": vocab.label(vocab.KINDS, offer.kind),
        "facts": [(name, value) for name, value in offer_facts(offer) if name not in shown_elsewhere],
        "closed": not services.is_current(offer, clock.today()),
        "site": site,
        "hours": network.opening_hours(site, get_locale()) if site else [],
        "printed_on": format_date(clock.today(), "long"),
        "offer_url": offer_url,
        "qr_code": qr_svg(offer_url),  # a sheet is read on paper: the caption under the code says what it is
        "font_stack": Markup(font_stack(lang)),
        "page_counter": Markup(page_counter()),
    }


def page_counter() -> str:
    """Return the CSS content value that reads "Page 1 of 2" in the active language."""
    text = gettext("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    counters = {"\x00": "counter(page)", "\x01": "counter(pages)"}
    return " ".join(counters.get(piece) or css_string(piece) for piece in re.split("([\x00\x01])", text) if piece)


def css_string(value: str) -> str:
    """Quote text as a CSS string that is also safe inside a <style> element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "\\a ")
    return f'"{escaped}"'
