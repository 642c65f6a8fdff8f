"""A sheet fits one A4 page for a typical offer in every language; a long one breaks cleanly: no page left mostly
blank, and the box with how to apply, the reference, the documents and the QR code never split."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from weasyprint import HTML

from kiosk.demo import loader
from kiosk.documents.fetcher import STATIC_URL, static_fetcher
from kiosk.documents.fonts import font_config, font_stylesheet
from kiosk.extensions import db
from kiosk.i18n import LANGUAGES
from kiosk.offers import pdf, services
from kiosk.offers.models import Offer
from tests.documents.pdftools import content_fills, page_words

SHEET_MARGINS_MM = (11, 22)  # the top and bottom margins of templates/pdf/sheet.css's @page
LONG_TEXT = 3000  # characters of an offer's texts in a language: beyond this a second page is fair
LEAST_FILLED = 0.7  # a page followed by another is written at least this far down


def page_count(html: str) -> int:
    """Lay a sheet out in pages, as render_pdf does, without writing the PDF."""
    document = HTML(string=html, base_url=STATIC_URL, url_fetcher=static_fetcher())
    return len(document.render(stylesheets=[font_stylesheet()], font_config=font_config()).pages)


def text_length(offer: Offer, lang: str) -> int:
    text = services.texts(offer, lang)
    return sum(len(getattr(text, field) or "") for field in ("title", "summary", "description", "requirements",
                                                               "how_to_apply"))


def breaks_badly(offer: Offer, lang: str) -> list[str]:
    """Return what is wrong with a sheet of several pages: a page left mostly blank, the box split."""
    sheet = pdf.render_sheet(db.session, offer, lang)
    fills = content_fills(sheet, *SHEET_MARGINS_MM)
    problems = [f"page {number} is written only {fill:.0%} down" for number, fill in enumerate(fills[:-1], 1)
                if fill < LEAST_FILLED]
    pages_with = {word: {number for number, (_w, _h, found) in enumerate(page_words(sheet), 1)
                         if any(text == word for _top, _bottom, text in found)}
                  for word in (offer.reference, "http://127.0.0.1:5000/m/o/")}
    box_pages = {number for found in pages_with.values() for number in found}
    if len(box_pages) > 1:
        problems.append(f"the box with the reference and the QR code is split over pages {sorted(box_pages)}")
    return problems


def test_every_demo_offers_sheet_is_one_page_in_every_language_unless_it_is_really_long(app):
    loader.load_demo(db.session)
    db.session.commit()
    problems = []
    for offer in db.session.scalars(select(Offer).order_by(Offer.id)):
        for lang in (language.code for language in LANGUAGES):
            if page_count(pdf.sheet_html(db.session, offer, lang)) == 1:
                continue
            if text_length(offer, lang) <= LONG_TEXT:
                problems.append(f"{offer.reference} in {lang}: two pages for {text_length(offer, lang)} characters")
            problems += [f"{offer.reference} in {lang}: {problem}" for problem in breaks_badly(offer, lang)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["uk", "ar"])
def test_a_long_offer_breaks_cleanly(make_offer, make_site, lang):
    make_site()
    paragraph = {"uk": "Робота в порту з вантажами та технікою, навчання на місці, змінний графік. ",
                 "ar": "العمل في الميناء مع البضائع والمعدات، تدريب في مكان العمل، نظام مناوبات. "}[lang]
    description = "\n".join(paragraph * 4 for _ in range(22))
    offer = make_offer(texts={"it": {"title": "Operatore portuale", "description": description},
                              lang: {"title": "Operatore portuale", "description": description,
                                     "requirements": "\n".join(paragraph for _ in range(8))}})
    assert page_count(pdf.sheet_html(db.session, offer, lang)) > 1
    assert breaks_badly(offer, lang) == []
