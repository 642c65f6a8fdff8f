"""Each enrolled terminal has its own ticket and print limits; guests count by their address; what a terminal
prints and views is recorded under its name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.extensions import db
from kiosk.printing.models import PrintJob
from kiosk.queue.models import Ticket
from kiosk.usage.models import UsageEvent
from tests.conftest import base_config
from tests.terminal.conftest import request_token_on
from tests.terminal.enrolling import Kiosk, enrolled

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sarzana(make_site, make_service, desk):
    site = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    make_service(site, "S", "sarzana-jobs", name="Lavoro in Val di Magra")
    return site


@pytest.fixture
def limited(app):
    """The app with its rate limits on (each app counts in its own memory), guests at two tickets a minute."""
    return create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_TICKET_RATE": "2 per minute", "KIOSK_PRINT_RATE": "1 per minute"})


def take(kiosk: Kiosk, slug: str) -> int:
    token = request_token_on(kiosk.get(f"/ticket/{slug}?lang=en").text)
    return kiosk.post(f"/ticket/{slug}", data={"request_token": token}).status_code


def test_two_enrolled_terminals_count_their_tickets_apart(limited, sarzana):
    first = enrolled(limited, sarzana, "Sarzana 1", ticket_limit=2)
    second = enrolled(limited, sarzana, "Sarzana 2", ticket_limit=2)  # the same address: behind one router
    assert [take(first, "sarzana-jobs") for _ in range(3)] == [303, 303, 429]
    assert [take(second, "sarzana-jobs") for _ in range(3)] == [303, 303, 429]
    assert len(db.session.scalars(select(Ticket)).all()) == 4


def test_a_terminal_gives_as_many_tickets_as_its_limit(limited, sarzana):
    kiosk = enrolled(limited, sarzana, ticket_limit=4)  # the guests' limit is two
    assert [take(kiosk, "sarzana-jobs") for _ in range(5)] == [303, 303, 303, 303, 429]


def test_guests_count_by_their_address(limited, sarzana):
    one, same_address, elsewhere = Kiosk(limited), Kiosk(limited), Kiosk(limited, "192.0.2.9")
    assert [take(one, "orientation") for _ in range(2)] == [303, 303]
    assert take(same_address, "orientation") == 429  # the server's KIOSK_TICKET_RATE, counted per address
    assert take(elsewhere, "orientation") == 303
    assert take(enrolled(limited, sarzana, ticket_limit=2), "sarzana-jobs") == 303  # it counts on its own


def test_a_terminal_prints_through_its_printer_within_its_limit(limited, sarzana, make_offer, lp):
    offer = make_offer()
    kiosk = enrolled(limited, sarzana, "Sarzana 1", print_backend="cups", printer="sarzana-a4", print_limit=1)
    assert kiosk.get(f"/offers/{offer.id}?lang=en").status_code == 200
    first = kiosk.post(f"/offers/{offer.id}/print?lang=en", data={"token": "a" * 32}, headers=HTMX)
    assert "collect it from the printer" in first.text or "being printed" in first.text
    assert "-d sarzana-a4" in (lp / "job0.args").read_text()
    second = kiosk.post(f"/offers/{offer.id}/print?lang=en", data={"token": "b" * 32}, headers=HTMX)
    assert "printed a lot in the last minute" in second.text and len(list(lp.glob("*.pdf"))) == 1
    # The guest beside it still prints (the server's own limit, counted by address).
    guest = Kiosk(limited, "192.0.2.9")
    assert "printed a lot" not in guest.post(f"/offers/{offer.id}/print?lang=en", data={"token": "c" * 32},
                                             headers=HTMX).text
    jobs = db.session.scalars(select(PrintJob).order_by(PrintJob.id)).all()
    assert [(job.terminal, job.site, job.backend) for job in jobs] == [
        ("Sarzana 1", "sarzana", "cups"), ("", "la-spezia", limited.config["KIOSK_PRINT_BACKEND"])]
    events = db.session.scalars(select(UsageEvent).where(UsageEvent.terminal == "Sarzana 1")).all()
    assert sorted((event.kind, event.site) for event in events) == [("print", "sarzana"), ("view", "sarzana")]


def test_a_ticket_receipt_counts_with_the_sheets(limited, sarzana, make_offer, lp):
    kiosk = enrolled(limited, sarzana, "Sarzana 1", print_backend="cups", print_limit=1)
    offer = make_offer()
    kiosk.post(f"/offers/{offer.id}/print?lang=en", data={"token": "a" * 32}, headers=HTMX)
    token = request_token_on(kiosk.get("/ticket/sarzana-jobs?lang=en").text)
    ticket_page = kiosk.post("/ticket/sarzana-jobs", data={"request_token": token}).location
    box = kiosk.post(f"{ticket_page}/print?lang=en", data={"token": "d" * 32}, headers=HTMX)
    assert "printed a lot in the last minute" in box.text and len(list(lp.glob("*.pdf"))) == 1


def test_a_ticket_receipt_names_its_terminal(app, sarzana, lp):
    kiosk = enrolled(app, sarzana, "Sarzana 1", print_backend="cups", printer="receipts")
    token = request_token_on(kiosk.get("/ticket/sarzana-jobs?lang=en").text)
    ticket_page = kiosk.post("/ticket/sarzana-jobs", data={"request_token": token}).location
    kiosk.post(f"{ticket_page}/print", data={"token": "d" * 32}, headers=HTMX)
    job = db.session.scalar(select(PrintJob))
    assert (job.document, job.terminal, job.site, job.status) == ("ticket", "Sarzana 1", "sarzana", "sent")
    assert "-d receipts" in (lp / "job0.args").read_text()


def test_a_terminal_without_a_printer_shows_no_print_button(app, sarzana, make_offer):
    kiosk = enrolled(app, sarzana, print_backend="none")
    offer = make_offer()
    assert "Print this offer" not in kiosk.get(f"/offers/{offer.id}?lang=en").text
    assert app.config["KIOSK_PRINT_BACKEND"] != "none"
    assert "Print this offer" in Kiosk(app).get(f"/offers/{offer.id}?lang=en").text
