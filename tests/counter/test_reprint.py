"""Printing the ticket in hand again: through the desk's backend, once per press."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.printing.models import PrintJob
from tests.counter.conftest import HTMX
from tests.printing.conftest import lp  # noqa: F401 - the stand-in `lp`


def reprint_form(html: str) -> dict:
    form = html[html.index('class="action-form action-reprint"'):]
    form = form[:form.index("</form>")]
    return {"token": re.search(r'name="token" value="([^"]+)"', form).group(1),
            "ticket_id": re.search(r'name="ticket_id" value="(\d+)"', form).group(1)}


def test_reprint_sends_one_receipt_to_cups_per_press(giulia, app, desk, take, lp):  # noqa: F811
    app.config.update(KIOSK_PRINT_BACKEND="cups", KIOSK_PRINTER="reception")
    take("A", lang="uk")
    panel = giulia.post(f"/counter/{desk['one'].id}/next", headers=HTMX).text
    form = reprint_form(panel)
    first = giulia.post(f"/counter/{desk['one'].id}/reprint", data=form, headers=HTMX)
    again = giulia.post(f"/counter/{desk['one'].id}/reprint", data=form, headers=HTMX)
    assert "The ticket A001 is being printed again." in first.text
    assert "The ticket A001 was already sent to the printer." in again.text
    assert len(list(lp.glob("*.pdf"))) == 1 and (lp / "job0.pdf").read_bytes().startswith(b"%PDF")
    assert "-d reception" in (lp / "job0.args").read_text()
    job = db.session.scalars(select(PrintJob)).one()
    assert (job.document, job.lang, job.status, job.site) == ("ticket", "uk", "sent", "la-spezia")
    # The answer carries a fresh token: pressing again on purpose prints another copy.
    assert reprint_form(first.text)["token"] != form["token"]


def test_reprint_with_the_kiosk_browser_hands_it_the_receipt(giulia, app, desk, take):
    app.config.update(KIOSK_PRINT_BACKEND="browser")
    ticket = take("A")
    panel = giulia.post(f"/counter/{desk['one'].id}/next", headers=HTMX).text
    printed = giulia.post(f"/counter/{desk['one'].id}/reprint", data=reprint_form(panel), headers=HTMX).text
    url = re.search(r'data-print-url="([^"]+)"', printed).group(1)
    assert ticket.token in url and "The ticket A001 is being printed again." in printed
    assert giulia.get(url).data.startswith(b"%PDF")


def test_no_reprint_without_a_printer_or_a_ticket_in_hand(giulia, app, desk, take):
    page = giulia.get(f"/counter/{desk['one'].id}").text
    assert re.search(r'action-reprint.*?<button[^>]* disabled>', page, re.S)  # nothing in hand
    app.config.update(KIOSK_PRINT_BACKEND="none")
    take("A")
    assert "Reprint the ticket" not in giulia.post(f"/counter/{desk['one'].id}/next", headers=HTMX).text
