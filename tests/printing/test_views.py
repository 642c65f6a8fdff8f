"""Printing an offer from the kiosk page: once per touch, a clear result, a polite limit."""

import re

import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.extensions import db
from kiosk.printing.models import PrintJob
from kiosk.usage.models import UsageEvent
from tests.conftest import base_config

HTMX = {"HX-Request": "true", "HX-Target": "print-box"}


@pytest.fixture
def cups(app, lp):
    app.config.update(KIOSK_PRINT_BACKEND="cups", KIOSK_PRINTER="office")
    return lp


def token_on(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_offer_page_has_a_print_button_and_a_phone_code(client, make_offer):
    offer = make_offer()
    page = client.get(f"/offers/{offer.id}?lang=en").text
    assert "Print this offer" in page and len(token_on(page)) >= 16
    assert '<svg role="img" aria-label="Code to open this offer on your phone"' in page
    events = db.session.scalars(select(UsageEvent)).all()
    assert [(e.kind, e.offer_id, e.lang) for e in events] == [("view", offer.id, "en")]


def test_a_double_touch_prints_once(client, make_offer, cups):
    offer = make_offer()
    token = token_on(client.get(f"/offers/{offer.id}?lang=it").text)
    first = client.post(f"/offers/{offer.id}/print?lang=en", data={"token": token}, headers=HTMX)
    second = client.post(f"/offers/{offer.id}/print?lang=en", data={"token": token}, headers=HTMX)
    assert first.status_code == second.status_code == 200
    assert "<html" not in first.text and "collect it from the printer" in first.text
    assert len(list(cups.glob("*.pdf"))) == 1
    assert (cups / "job0.pdf").read_bytes().startswith(b"%PDF")
    assert db.session.query(PrintJob).count() == 1
    assert [e.kind for e in db.session.scalars(select(UsageEvent))].count("print") == 1
    # A new button, with a new token, for a deliberate second copy.
    assert token_on(first.text) != token


def test_a_broken_printer_says_so_and_the_page_stays(client, make_offer, cups, monkeypatch):
    monkeypatch.setenv("LP_FAIL", "1")
    offer = make_offer()
    response = client.post(f"/offers/{offer.id}/print?lang=en", data={"token": "x" * 32}, headers=HTMX)
    assert response.status_code == 200 and "printer is not working" in response.text
    assert db.session.scalar(select(PrintJob)).status == "failed"
    assert not [e for e in db.session.scalars(select(UsageEvent)) if e.kind == "print"]


def test_the_browser_backend_hands_the_sheet_to_the_kiosk_browser(client, make_offer, app):
    app.config["KIOSK_PRINT_BACKEND"] = "browser"
    offer = make_offer()
    response = client.post(f"/offers/{offer.id}/print?lang=ar", data={"token": "b" * 32}, headers=HTMX)
    assert f'data-print-url="/offers/{offer.id}/sheet.pdf?lang=ar"' in response.text


def test_no_print_button_when_the_desk_has_no_printer(client, make_offer, app):
    app.config["KIOSK_PRINT_BACKEND"] = "none"
    offer = make_offer()
    assert "Print this offer" not in client.get(f"/offers/{offer.id}?lang=en").text


def test_a_screen_that_prints_too_much_gets_a_polite_no(app, make_offer, cups):
    offer = make_offer()
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_PRINT_RATE": "2 per minute", "KIOSK_PRINT_BACKEND": "cups"})
    client = limited.test_client()
    for number in range(3):
        response = client.post(f"/offers/{offer.id}/print?lang=en", data={"token": f"{number}" * 32}, headers=HTMX)
    assert response.status_code == 200 and "printed a lot in the last minute" in response.text
    assert len(list(cups.glob("*.pdf"))) == 2


def test_bad_print_requests(client, make_offer):
    offer = make_offer()
    assert client.post("/offers/99999/print", data={"token": "x" * 32}).status_code == 404
    assert client.post(f"/offers/{offer.id}/print", data={"token": "short"}).status_code == 400


def test_the_sheet_may_be_framed_by_the_kiosk_page_only(client, make_offer):
    offer = make_offer()
    sheet = client.get(f"/offers/{offer.id}/sheet.pdf?lang=it")
    assert sheet.status_code == 200
    assert sheet.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in sheet.headers["Content-Security-Policy"]
    page = client.get(f"/offers/{offer.id}?lang=it")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
