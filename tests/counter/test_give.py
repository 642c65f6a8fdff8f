"""A ticket given at the reception, for someone who cannot use the touch screen: in line like the others, printed
at the desk, in the holder's language, once per press."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.clock import LOCAL_ZONE
from kiosk.extensions import db
from kiosk.printing.models import PrintJob
from kiosk.queue.models import Ticket, TicketEvent
from tests.counter.conftest import HTMX, Browser
from tests.printing.conftest import lp  # noqa: F401 - the stand-in `lp`


def give_form(html: str, **values) -> dict:
    form = html[html.index('class="action-form action-give"'):]
    form = form[:form.index("</form>")]
    return {"request_token": re.search(r'name="request_token" value="([^"]+)"', form).group(1), **values}


@pytest.mark.both_databases
def test_a_ticket_given_at_the_desk_joins_the_line_in_the_holders_language(giulia, app, desk, take, lp):  # noqa: F811
    app.config.update(KIOSK_PRINT_BACKEND="cups", KIOSK_PRINTER="reception")
    take("B", minutes_ago=5)
    page = giulia.get(f"/counter/{desk['one'].id}").text
    assert "Give a ticket to someone at the desk" in page and 'data-shortcut-focus="g"' in page
    form = give_form(page, service_id=desk["B"].id, lang="ar", priority="1")
    given = giulia.post(f"/counter/{desk['one'].id}/give", data=form, headers=HTMX)
    again = giulia.post(f"/counter/{desk['one'].id}/give", data=form, headers=HTMX)  # a double click
    assert "B002 given for CV help: it waits in line like the others." in given.text
    assert "B002 given for CV help" in again.text
    tickets = db.session.scalars(select(Ticket).where(Ticket.channel == "desk")).all()
    assert [(t.code, t.lang, t.priority, t.status) for t in tickets] == [("B002", "ar", True, "waiting")]
    taken = db.session.scalars(select(TicketEvent).where(TicketEvent.kind == "taken",
                                                         TicketEvent.ticket_uuid == tickets[0].uuid)).one()
    assert taken.data["channel"] == "desk"
    job = db.session.scalars(select(PrintJob)).one()  # printed once, at the reception's printer, in Arabic
    assert (job.document, job.lang, job.status) == ("ticket", "ar", "sent")
    assert "-d reception" in (lp / "job0.args").read_text()
    # A fresh form gives another; the line shows both, priority first.
    line = giulia.get(f"/counter/{desk['one'].id}/line", headers=HTMX).text
    assert re.findall(r'<td class="line-code"><strong>([A-Z]\d{3})</strong>', line)[:2] == ["B002", "B001"]
    assert give_form(given.text)["request_token"] != form["request_token"]


def test_with_the_browser_backend_the_desk_pc_prints_the_receipt(giulia, app, desk):
    app.config.update(KIOSK_PRINT_BACKEND="browser")
    page = giulia.get(f"/counter/{desk['one'].id}").text
    given = giulia.post(f"/counter/{desk['one'].id}/give", headers=HTMX,
                        data=give_form(page, service_id=desk["A"].id, lang="uk")).text
    url = re.search(r'data-print-url="([^"]+)"', given).group(1)
    ticket = db.session.scalars(select(Ticket)).one()
    assert ticket.token in url and giulia.get(url).data.startswith(b"%PDF")


def test_only_the_receptionist_sitting_there_gives_tickets_of_this_desk(app, giulia, desk):
    page = giulia.get(f"/counter/{desk['one'].id}").text
    marco = Browser(app, "marco")  # sits nowhere yet: counter 1 is giulia's
    refused = marco.post(f"/counter/{desk['one'].id}/give", headers=HTMX,
                         data=give_form(page, service_id=desk["A"].id, lang="it"))
    assert "You no longer sit at counter 1: nothing was changed." in refused.text
    elsewhere = giulia.post(f"/counter/{desk['one'].id}/give", headers=HTMX,
                            data=give_form(page, service_id=desk["elsewhere"].id, lang="it"))
    unknown = giulia.post(f"/counter/{desk['one'].id}/give", headers=HTMX,
                          data=give_form(page, service_id=desk["A"].id, lang="xx"))
    assert unknown.status_code == 400
    assert elsewhere.status_code == 403  # a service of another desk
    assert db.session.scalars(select(Ticket)).all() == []


def test_staff_give_a_ticket_while_the_kiosk_is_closed(giulia, app, desk, set_clock):
    # The kiosk refuses numbers outside opening hours; the reception decides for the person in front of it.
    app.config["KIOSK_ALWAYS_OPEN"] = False
    set_clock(datetime(2026, 12, 12, 13, 0, tzinfo=LOCAL_ZONE))  # a Saturday: the test desk is closed
    page = giulia.get(f"/counter/{desk['one'].id}").text
    given = giulia.post(f"/counter/{desk['one'].id}/give", headers=HTMX,
                        data=give_form(page, service_id=desk["A"].id, lang="it"))
    assert "A001 given for Job orientation" in given.text
    assert [t.code for t in db.session.scalars(select(Ticket))] == ["A001"]


def test_the_ticket_language_is_named_once_when_the_screen_speaks_it(app, giulia, desk, take):
    take("A", lang="it")
    giulia.get("/counter?lang=it")

    def language() -> str:
        panel = giulia.get(f"/counter/{desk['one'].id}/panel", headers=HTMX).text
        shown = re.search(r'<span class="ticket-language.*?</dd>', panel, re.S).group(0)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shown)).strip()

    giulia.post(f"/counter/{desk['one'].id}/next", headers=HTMX)
    assert language() == "Italiano"  # not "Italiano · Italiano"
    giulia.get("/counter?lang=en")
    assert language() == "Italian · Italiano"
