"""The printed ticket: 80 mm wide, in its holder's language and script, with a QR code for the phone."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kiosk.clock import now
from kiosk.documents.qr import qr_data_uri
from kiosk.extensions import db
from kiosk.queue import receipt, taking
from kiosk.tokens import new_token
from tests.documents.pdftools import missing_letters, page_png, pdf_text, qr_codes, squeeze

MM = 72 / 25.4


@pytest.fixture
def cv_help(make_site, make_service):
    site = make_site(name="InfoLavoro La Spezia")
    service = make_service(site, "B", "cv-help", texts={"it": {"name": "Aiuto per CV e candidature"},
                                                         "ar": {"name": "المساعدة في السيرة الذاتية"},
                                                         "zh_Hans": {"name": "简历和求职申请帮助"}})
    return taking.service_ref(service, site)


def take(ref, lang: str, **kw):
    return taking.take_once(db.session, ref, lang, now(), new_token(), **kw)


@pytest.mark.parametrize(("lang", "service_name"), [
    ("it", "Aiuto per CV e candidature"),
    ("ar", "المساعدة في السيرة الذاتية"),
    ("zh_Hans", "简历和求职申请帮助"),
])
def test_the_receipt_has_the_number_the_service_and_the_desk(app, cv_help, lang, service_name):
    take(cv_help, lang)
    held = take(cv_help, lang)
    with app.test_request_context("/"):
        pdf = receipt.ticket_receipt(db.session, held)
    text = pdf_text(pdf)
    assert "B002" in squeeze(text)
    assert not missing_letters(text, service_name)
    assert "InfoLavoroLaSpezia" in squeeze(text)
    assert f'<html lang="{lang.replace("_", "-")}" dir="{"rtl" if lang == "ar" else "ltr"}">' in (
        receipt.receipt_html(db.session, held))


def test_the_receipt_is_one_80_mm_page(app, cv_help):
    held = take(cv_help, "ar", offer_reference="CORSO-2026-017")
    pages = PdfReader(io.BytesIO(receipt.ticket_receipt(db.session, held))).pages
    assert len(pages) == 1
    assert float(pages[0].mediabox.width) == pytest.approx(80 * MM, abs=0.5)


def test_the_receipt_names_the_offer_it_is_about(app, cv_help):
    held = take(cv_help, "it", offer_reference="CORSO-2026-017")
    assert "CORSO-2026-017" in squeeze(pdf_text(receipt.ticket_receipt(db.session, held)))
    plain = take(cv_help, "it")
    assert "CORSO" not in squeeze(pdf_text(receipt.ticket_receipt(db.session, plain)))


def test_the_receipt_says_the_time_at_the_desk(app, cv_help):
    held = take(cv_help, "it")
    assert receipt.local_time(held.taken_at, "it") in pdf_text(receipt.ticket_receipt(db.session, held))


def test_the_qr_code_opens_the_tickets_phone_page(app, cv_help, tmp_path):
    app.config["KIOSK_PUBLIC_URL"] = "https://lavoro.example.it/"
    held = take(cv_help, "ar")
    pdf = receipt.ticket_receipt(db.session, held)
    assert qr_codes(page_png(pdf, tmp_path / "ticket", dpi=200)) == [
        f"https://lavoro.example.it/m/t/{held.token}?lang=ar"]


def test_without_a_setting_the_qr_code_uses_the_requests_host(app, cv_help):
    app.config["KIOSK_PUBLIC_URL"] = ""
    held = take(cv_help, "it")
    with app.test_request_context("/ticket", base_url="http://desk.example:8000/"):
        html = receipt.receipt_html(db.session, held)
    assert qr_data_uri(f"http://desk.example:8000/m/t/{held.token}?lang=it") in html
