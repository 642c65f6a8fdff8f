"""The offer sheet as printed: its text in nine languages and scripts, its fonts, its QR code, its fall-backs."""

from __future__ import annotations

import json
import os

import pytest
from flask_babel import force_locale, gettext

from kiosk import ROOT, i18n
from kiosk.extensions import db
from kiosk.i18n import LANGUAGES
from kiosk.offers import pdf, sheets
from kiosk.urls import FALLBACK_PUBLIC_URL
from tests.catalogues import say_apply_by
from tests.documents.pdftools import (
    embedded_fonts,
    missing_letters,
    missing_words,
    page_png,
    pdf_text,
    qr_codes,
    squeeze,
)

DOCS = ROOT / "docs"
DEMO_REFERENCE = "SP-2026-0101"  # a job with its texts in all nine languages


def demo_record(reference: str) -> dict:
    for path in sorted((ROOT / "kiosk" / "demo" / "data").glob("offers-*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record["reference"] == reference:
                return record
    raise LookupError(reference)


@pytest.fixture
def nine(make_offer, make_site):
    """A job with the demo's real texts in the nine languages, at the La Spezia desk."""
    make_site()
    record = demo_record(DEMO_REFERENCE)
    assert set(record["texts"]) == {language.code for language in LANGUAGES}
    return make_offer(texts=record["texts"], reference=DEMO_REFERENCE, apply_email=record["apply_email"],
                      apply_phone=record["apply_phone"])


def translated(lang: str, message: str, **values) -> str:
    with force_locale(lang):
        return gettext(message, **values)


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_the_sheet_says_the_title_reference_and_how_to_apply_in_each_language(app, nine, lang):
    text = pdf_text(sheets.get_sheet(db.session, nine, lang))
    own = nine.text(lang)
    assert not missing_words(text, own.title)
    assert not missing_words(text, own.requirements)
    if lang == "ar":  # an Arabic sentence with an e-mail address in it comes out of the extractor cut and turned
        assert not missing_letters(text, own.how_to_apply)
        assert nine.apply_email in squeeze(text)
    else:
        assert not missing_words(text, own.how_to_apply)
    assert DEMO_REFERENCE in squeeze(text)
    assert squeeze(translated(lang, "How to apply")) in squeeze(text)


@pytest.mark.parametrize("lang", ["ar", "zh_Hans", "uk"])
def test_arabic_chinese_and_cyrillic_come_back_out_of_the_text_layer(app, nine, lang):
    text = squeeze(pdf_text(sheets.get_sheet(db.session, nine, lang)))
    own = nine.text(lang)
    assert squeeze(own.title) in text  # every letter, in reading order
    assert not missing_letters(text, own.description)


def test_the_fonts_are_embedded_and_are_the_shipped_ones(app, nine):
    for lang, family in (("ar", "InfoLavoro-Arabic"), ("zh_Hans", "InfoLavoro-SC"), ("uk", "InfoLavoro-Sans")):
        fonts = embedded_fonts(sheets.get_sheet(db.session, nine, lang))
        assert fonts and all(kind in ("FontFile2", "FontFile3") for kind in fonts.values()), fonts
        assert any(name.endswith(family) for name in fonts), fonts
        assert all("+InfoLavoro-" in name for name in fonts), fonts  # subsets of our files, nothing else


def test_the_qr_code_opens_the_offers_public_page(app, nine, tmp_path):
    app.config["KIOSK_PUBLIC_URL"] = "https://lavoro.example.it/"
    sheet = sheets.get_sheet(db.session, nine, "ar")
    url = f"https://lavoro.example.it/m/o/{nine.id}?lang=ar"
    assert qr_codes(page_png(sheet, tmp_path / "ar", dpi=150)) == [url]
    assert url in squeeze(pdf_text(sheet))  # printed under the code, for those who cannot scan


@pytest.mark.parametrize(("public_url", "expected"), [
    ("https://example.org/kiosk", "https://example.org/kiosk/m/o/{id}?lang=zh_Hans"),
    ("", "http://desk.example:8000/m/o/{id}?lang=zh_Hans"),
])
def test_the_qr_code_starts_with_the_public_url_or_else_the_request_host(app, nine, tmp_path, public_url, expected):
    app.config["KIOSK_PUBLIC_URL"] = public_url
    with app.test_request_context("/offers", base_url="http://desk.example:8000/"):
        sheet = sheets.get_sheet(db.session, nine, "zh_Hans")
    assert qr_codes(page_png(sheet, tmp_path / "zh", dpi=150)) == [expected.format(id=nine.id)]


def test_without_a_request_or_a_setting_the_qr_code_uses_the_demo_address(app, nine):
    app.config["KIOSK_PUBLIC_URL"] = ""
    html = pdf.sheet_html(db.session, nine, "it")
    assert f"{FALLBACK_PUBLIC_URL}m/o/{nine.id}?lang=it" in html


def test_arabic_runs_right_to_left_and_chinese_is_tagged(app, nine):
    assert '<html lang="ar" dir="rtl">' in pdf.sheet_html(db.session, nine, "ar")
    assert '<html lang="zh-Hans" dir="ltr">' in pdf.sheet_html(db.session, nine, "zh_Hans")


def test_a_phone_number_reads_left_to_right_on_an_arabic_sheet(app, nine):
    assert i18n.isolate("+39 0187 555 510") == "\u2066+39 0187 555 510\u2069"
    assert i18n.isolate("مكتب") == "\u2067مكتب\u2069"
    assert i18n.isolate(nine.apply_phone) in pdf.sheet_html(db.session, nine, "ar")


def test_where_a_translation_is_missing_the_italian_follows_and_the_sheet_says_so(app, make_offer, make_site):
    make_site()
    italian = demo_record(DEMO_REFERENCE)["texts"]["it"]
    partly = make_offer(texts={"it": italian, "uk": {"title": "Кранівник у порту"}})
    text = pdf_text(sheets.get_sheet(db.session, partly, "uk"))
    assert "Кранівникупорту" in squeeze(text)
    assert not missing_words(text, italian["description"])
    assert squeeze(translated("uk", "Part of this text is not yet translated into your language: it is shown in "
                                    "Italian.")) in squeeze(text)
    html = pdf.sheet_html(db.session, partly, "uk")
    assert 'class="prose" lang="it" dir="ltr"' in html

    text = pdf_text(sheets.get_sheet(db.session, partly, "ar"))
    assert not missing_words(text, italian["title"])
    assert not missing_words(text, translated("ar", "This opportunity is not yet translated into your language: "
                                                    "the text is shown in Italian."))


def test_the_sheet_has_the_desk_the_facts_the_documents_and_the_date(app, nine, today):
    from flask_babel import format_date

    text = squeeze(pdf_text(sheets.get_sheet(db.session, nine, "it")))
    for expected in ("InfoLavoro La Spezia", "Piazza Europa 1", "+39 0187 000000", "Tempor spa",
                     "Cantiere del Golfo", "lunedì", "09:00–12:30"):
        assert squeeze(expected) in text, expected
    with force_locale("it"):
        assert squeeze(gettext("Printed on %(date)s", date=format_date(today, "long"))) in text
        assert squeeze(say_apply_by("it", nine.expires_on)) in text
        for label in ("Key facts", "Employer", "Working hours", "Italian", "Who can apply", "Documents to bring",
                      "Your residence permit, if you are not a citizen of the European Union"):
            assert squeeze(gettext(label)) in text, label


def test_a_closed_offer_says_it_has_closed(app, make_offer, make_site, today):
    from datetime import timedelta

    make_site()
    closed = make_offer(expires_on=today - timedelta(days=1))
    text = pdf_text(sheets.get_sheet(db.session, closed, "en"))
    assert squeeze(translated("en", "This opportunity has closed: it is no longer possible to apply.")) in squeeze(text)


def test_every_visible_string_of_the_sheet_is_marked_for_translation(app, nine, tmp_path, fresh_translations):
    """Rendered with a catalogue that brackets every message: any text left unbracketed is not ours to print."""
    from babel import Locale
    from babel.dates import get_day_names, get_month_names

    from kiosk import create_app
    from kiosk.network.models import Site
    from kiosk.offers.models import TEXT_FIELDS, Offer
    from tests.conftest import base_config
    from tests.pseudo import write_catalogue
    from tests.test_translations import CLOSE, OPEN, unmarked

    write_catalogue(tmp_path, "en", lambda text: f"{OPEN}{text}{CLOSE}")
    pseudo = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"])
                        | {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path), "KIOSK_PUBLIC_URL": ""})
    with pseudo.app_context():
        offer = db.session.get(Offer, nine.id)
        html = pdf.sheet_html(db.session, offer, "en")
        site = db.session.scalar(db.select(Site))
        own = offer.text("en")
        allowed = {"InfoLavoro", "ATECO", "CP2021", offer.reference, offer.apply_email, offer.organisation.name,
                   offer.employer, offer.town, site.name, site.address, site.town, site.email,
                   f"{FALLBACK_PUBLIC_URL}m/o/{offer.id}?lang=en"}
        allowed |= {getattr(own, name) for name in TEXT_FIELDS}
        allowed |= {line.strip() for line in own.requirements.splitlines()}
        db.session.remove()
    locale = Locale.parse("en")
    allowed |= set(get_month_names("wide", locale=locale).values()) | set(get_day_names("wide", locale=locale).values())
    assert OPEN in html
    leftovers = unmarked(html, allowed - {""})
    assert not leftovers, f"not marked for translation: {leftovers}"


def test_pictures_of_an_arabic_and_a_chinese_sheet_for_the_readme(app, tmp_path):
    """Page 1 of a demo offer's sheet in Arabic and in Chinese; kept in docs/ by `make screenshots`."""
    from sqlalchemy import select

    from kiosk.demo import loader
    from kiosk.offers.models import Offer

    loader.load_demo(db.session)
    db.session.commit()
    offer = db.session.scalar(select(Offer).where(Offer.reference == DEMO_REFERENCE))
    for lang, name in (("ar", "sheet-ar.png"), ("zh_Hans", "sheet-zh.png")):
        png = page_png(sheets.get_sheet(db.session, offer, lang), tmp_path / name, dpi=80)
        assert png.stat().st_size > 10_000
        if os.environ.get("KIOSK_UPDATE_SCREENSHOTS") or not (DOCS / name).exists():
            DOCS.mkdir(exist_ok=True)
            (DOCS / name).write_bytes(png.read_bytes())
