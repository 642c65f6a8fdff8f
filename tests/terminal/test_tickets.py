"""Taking a queue ticket at the terminal, as a walk-in visitor does, in Italian and in Arabic."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.clock import LOCAL_ZONE
from kiosk.documents.qr import qr_svg
from kiosk.extensions import db
from kiosk.printing.models import PrintJob
from kiosk.queue.models import Ticket
from kiosk.queue.taking import auto_print_token
from tests.catalogues import say, say_number
from tests.conftest import base_config
from tests.terminal.conftest import SERVICES, request_token_on

HTMX = {"HX-Request": "true"}


def tile_of(page: str, name: str) -> str:
    """Return the text of the service tile that names a service."""
    tiles = re.findall(r'<a class="service-tile".*?</a>', page, flags=re.S)
    tile = next(tile for tile in tiles if name in tile)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tile))


def tickets() -> list[Ticket]:
    db.session.expire_all()
    return db.session.scalars(select(Ticket).order_by(Ticket.id)).all()


def qr_path(url: str) -> str:
    """Return the drawing of a QR code for a URL, whatever the label around it."""
    return re.search(r' d="([^"]+)"', str(qr_svg(url))).group(1)


def test_home_leads_to_the_services(client, desk):
    assert 'href="/ticket"' in client.get("/home?lang=it").text


@pytest.mark.parametrize(("lang", "name", "description"), [
    ("it", "Aiuto per CV e candidature", "Scrivere o migliorare il curriculum"),
    ("ar", "المساعدة في السيرة الذاتية", "نساعدك على كتابة سيرتك الذاتية"),
])
def test_the_tiles_say_who_waits_and_for_how_long_in_the_visitors_language(client, desk, take, lang, name,
                                                                           description):
    take("cv-help")
    take("cv-help")
    page = client.get(f"/ticket?lang={lang}").text
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in page
    tile = tile_of(page, name)
    assert description in tile and " B " in tile
    assert say_number(lang, "%(num)s person waiting", "%(num)s people waiting", 2) in tile
    twenty = say_number(lang, "%(num)s minute", "%(num)s minutes", 20)
    assert say(lang, "About %(duration)s", duration=twenty) in tile
    assert re.findall(r'service-letter" dir="ltr" aria-hidden="true">(\w)<', page) == list("ABDE")


def test_the_tiles_say_it_plainly(client, desk, take):
    quiet = client.get("/ticket?lang=en").text
    assert "Nobody is waiting" in tile_of(quiet, "Orientamento") and "No wait" in tile_of(quiet, "Orientamento")
    for _ in range(7):
        take("training")
    page = client.get("/ticket?lang=en").text
    assert "7 people waiting" in tile_of(page, "Informazioni sui corsi")
    assert "About 1 hour 10 minutes" in tile_of(page, "Informazioni sui corsi")
    # One counter serves every service here: nobody waits for orientation, but the counter is busy.
    assert "Nobody is waiting" in tile_of(page, "Orientamento") and "No wait" not in tile_of(page, "Orientamento")


def test_the_tiles_refresh_themselves_as_a_fragment(client, desk):
    response = client.get("/ticket?lang=it", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="service-tiles"' in response.text and 'hx-trigger="every 30s"' in response.text


def test_a_desk_without_services_sends_people_to_the_reception(client, make_site):
    make_site()
    page = client.get("/ticket?lang=en").text
    assert "Please ask at the reception" in page


@pytest.mark.parametrize(("lang", "documents"), [
    ("it", ["Il suo curriculum (CV)", "Diplomi o attestati di studio e di formazione"]),
    ("ar", ["سيرتك الذاتية (CV)", "الشهادات الدراسية أو شهادات التدريب"]),
])
def test_the_service_page_lists_what_to_bring_and_offers_priority(client, desk, lang, documents):
    page = client.get(f"/ticket/cv-help?lang={lang}").text
    for document in documents:
        assert document in page
    assert 'name="priority" value="1"' in page
    assert request_token_on(page) != request_token_on(client.get("/ticket/cv-help").text)  # new for each showing
    english = client.get("/ticket/cv-help?lang=en").text
    priority = "I need priority: disability, pregnancy, or difficulty waiting standing. No proof is needed."
    assert say("en", priority) in english
    assert say("en", "Take the ticket") in english


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_taking_gives_the_next_numbers_and_shows_the_ticket(client, desk, take, lang):
    first = take("cv-help", lang)
    second = take("cv-help", lang)
    assert [(t.code, t.lang, t.status) for t in tickets()] == [("B001", lang, "waiting"), ("B002", lang, "waiting")]
    held = tickets()[1]
    page = second.text
    assert second.status_code == 200 and f'<html lang="{lang}"' in page
    assert '<p class="ticket-code" dir="ltr">B002</p>' in page and "B001" in first.text
    assert desk["cv-help"].texts[lang]["name"] in page
    assert qr_path(f"http://localhost/m/t/{held.token}?lang={lang}") in page
    assert say_number(lang, "%(num)s person ahead of you", "%(num)s people ahead of you", 1) in page
    assert "/start-over" in page


def test_the_ticket_page_says_how_many_are_ahead_and_how_long(client, desk, take):
    take("cv-help")
    take("cv-help", priority="1")  # goes ahead of the first
    third = take("cv-help", "en").text
    assert "2 people ahead of you" in third and "Estimated wait: <strong>about 20 minutes</strong>" in third
    assert "You are next." in client.get(f"/ticket/t/{tickets()[1].token}?lang=en").text
    assert tickets()[1].priority and not tickets()[0].priority


def test_the_time_taken_is_the_desks_local_time(client, desk, take):
    page = take("cv-help", "en").text
    local = tickets()[0].taken_at.astimezone(LOCAL_ZONE)
    assert f"Taken at <bdi>{local:%H:%M}</bdi>" in page


def test_a_double_touch_gives_one_ticket(client, desk):
    token = request_token_on(client.get("/ticket/cv-help?lang=it").text)
    first = client.post("/ticket/cv-help", data={"request_token": token})
    second = client.post("/ticket/cv-help", data={"request_token": token})
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert [t.code for t in tickets()] == ["B001"]


def test_two_touches_at_the_same_moment_give_one_ticket(app, desk):
    visits = []  # four visitors, each with the session cookie their form came with
    for _ in range(4):
        visitor = app.test_client()
        visits.append((request_token_on(visitor.get("/ticket/cv-help").text), visitor.get_cookie("session").value))
    tokens = [token for token, _cookie in visits]
    answers, errors = [], []
    barrier = threading.Barrier(8)

    def touch(token: str, cookie: str) -> None:
        try:
            finger = app.test_client()
            finger.set_cookie("session", cookie)
            barrier.wait()
            answers.append((token, finger.post("/ticket/cv-help", data={"request_token": token})))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=touch, args=visit) for visit in visits for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert {response.status_code for _token, response in answers} == {303}
    for token in tokens:
        assert len({response.location for sent, response in answers if sent == token}) == 1
    assert sorted(t.number for t in tickets()) == [1, 2, 3, 4]


def test_a_missing_or_odd_request_token_takes_nothing(client, desk):
    assert client.post("/ticket/cv-help", data={}).status_code == 400
    assert client.post("/ticket/cv-help", data={"request_token": "x" * 200}).status_code == 400
    assert tickets() == []


def test_an_unknown_service_is_a_page_in_the_visitors_language(client, desk):
    response = client.get("/ticket/dancing?lang=ar")
    assert response.status_code == 404 and '<html lang="ar" dir="rtl"' in response.text
    assert client.post("/ticket/dancing", data={"request_token": "t" * 32}).status_code == 404
    assert client.get("/ticket/t/not-a-ticket").status_code == 404
    assert tickets() == []


def test_taking_needs_a_csrf_token(app, desk):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/ticket/cv-help", data={"request_token": "t" * 32})
    assert response.status_code == 400 and tickets() == []


def test_a_screen_that_gives_many_tickets_is_refused_politely(app, desk):
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_TICKET_RATE": "2 per minute"})
    visitor = limited.test_client()
    tokens = [request_token_on(visitor.get("/ticket/cv-help").text) for _ in range(3)]
    answers = [visitor.post("/ticket/cv-help?lang=en", data={"request_token": token}) for token in tokens]
    assert [answer.status_code for answer in answers] == [303, 303, 429]
    assert say("en", "This screen has issued many tickets in the last minute. Please wait a moment or ask at the "
                     "reception.") in answers[2].text
    assert '<html lang="en"' in answers[2].text
    assert len(tickets()) == 2
    # A second touch of a form that has its ticket is no new ticket, so it is not refused.
    assert visitor.post("/ticket/cv-help", data={"request_token": tokens[0]}).location == answers[0].location
    assert len(tickets()) == 2


@pytest.fixture
def cups(app, lp):
    app.config.update(KIOSK_PRINT_BACKEND="cups", KIOSK_PRINTER="receipts")
    return lp


def test_the_ticket_page_prints_once_by_itself(client, desk, take, cups):
    page = take("cv-help", "en").text
    held = tickets()[0]
    assert f'value="{auto_print_token(held)}"' in page and 'hx-trigger="load, submit"' in page
    url = f"/ticket/t/{held.token}/print"
    first = client.post(url, data={"token": auto_print_token(held)}, headers=HTMX)
    again = client.post(url, data={"token": auto_print_token(held)}, headers=HTMX)  # the page shown again
    assert first.status_code == again.status_code == 200 and "<html" not in first.text
    assert "please take it from the printer" in first.text and "Print again" in first.text
    assert len(list(cups.glob("*.pdf"))) == 1 and "-d receipts" in (cups / "job0.args").read_text()
    assert db.session.scalar(select(PrintJob)).document == "ticket"
    another = client.post(url, data={"token": "c" * 32}, headers=HTMX)  # "Print again": a new token
    assert another.status_code == 200 and len(list(cups.glob("*.pdf"))) == 2


def test_a_broken_printer_leaves_the_ticket_on_the_screen(client, desk, take, cups, monkeypatch):
    monkeypatch.setenv("LP_FAIL", "1")
    take("cv-help", "en")
    held = tickets()[0]
    box = client.post(f"/ticket/t/{held.token}/print", data={"token": auto_print_token(held)}, headers=HTMX)
    assert box.status_code == 200 and "the printer is not working" in box.text
    assert "on your phone" in box.text and "Print again" in box.text
    # Without htmx the whole page comes back: the number and the code for the phone are still there.
    page = client.post(f"/ticket/t/{held.token}/print", data={"token": "d" * 32})
    assert page.status_code == 200 and "B001" in page.text and "the printer is not working" in page.text
    assert qr_path(f"http://localhost/m/t/{held.token}?lang=en") in page.text
    assert db.session.scalar(select(func.count(PrintJob.id)).where(PrintJob.status == "failed")) == 2


def test_the_kiosk_browser_prints_the_receipt_from_a_frame(client, desk, take, app):
    app.config["KIOSK_PRINT_BACKEND"] = "browser"
    take("cv-help", "ar")
    held = tickets()[0]
    url = f"/ticket/t/{held.token}/print"
    box = client.post(url, data={"token": auto_print_token(held)}, headers=HTMX).text
    assert f'data-print-url="/ticket/t/{held.token}/receipt.pdf"' in box
    # Shown again (the page reloaded), it does not print a second time.
    assert "data-print-url" not in client.post(url, data={"token": auto_print_token(held)}, headers=HTMX).text
    receipt = client.get(f"/ticket/t/{held.token}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.mimetype == "application/pdf" and receipt.data.startswith(b"%PDF")
    assert receipt.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_no_print_box_when_the_desk_has_no_printer(client, desk, take, app):
    app.config["KIOSK_PRINT_BACKEND"] = "none"
    page = take("cv-help", "en").text
    assert "/print" not in page and "B001" in page


def test_a_screen_that_prints_too_much_gets_a_polite_note(app, desk, take, lp):
    take("cv-help")
    held = tickets()[0]
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_PRINT_RATE": "1 per minute", "KIOSK_PRINT_BACKEND": "cups"})
    visitor = limited.test_client()
    with visitor.session_transaction() as visit:  # the visitor who took it prints it
        visit["tickets"] = [held.token]
    for number in range(2):
        box = visitor.post(f"/ticket/t/{held.token}/print?lang=en", data={"token": f"{number}" * 32}, headers=HTMX)
    assert box.status_code == 200 and "printed a lot in the last minute" in box.text
    assert len(list(lp.glob("*.pdf"))) == 1  # the first print went through, the second was refused


# Asking at the desk about an offer


def test_the_offer_page_has_a_button_to_ask_at_the_desk(client, desk, make_offer):
    offer = make_offer()
    page = client.get(f"/offers/{offer.id}?lang=en").text
    assert f'href="/ticket/offer/{offer.id}"' in page and "Ask at the desk about this offer" in page


@pytest.mark.parametrize(("values", "slug"), [
    ({"kind": "course"}, "training"),
    ({"kind": "event"}, "agency"),
    ({"kind": "job"}, "agency"),  # the fixture's organisation is an employment agency
    ({"kind": "internship"}, "orientation"),
])
def test_the_offer_leads_to_the_fitting_service(client, desk, make_offer, values, slug):
    offer = make_offer(**values)
    response = client.get(f"/ticket/offer/{offer.id}")
    assert response.status_code == 302 and response.location == f"/ticket/{slug}?offer={offer.id}"


def test_the_ticket_carries_the_offers_reference(client, desk, make_offer):
    offer = make_offer(kind="course", texts={"it": {"title": "Corso di saldatura"}, "ar": {"title": "دورة اللحام"}})
    page = client.get(client.get(f"/ticket/offer/{offer.id}?lang=ar").location).text
    assert "دورة اللحام" in page and f"<bdi>{offer.reference}</bdi>" in page
    assert f'name="offer" value="{offer.id}"' in page
    response = client.post("/ticket/training", data={"request_token": request_token_on(page), "offer": offer.id})
    ticket_page = client.get(response.location).text
    assert [(t.code, t.offer_reference) for t in tickets()] == [("D001", offer.reference)]
    assert offer.reference in ticket_page


def test_an_offer_that_is_not_on_show_is_ignored(client, desk, make_offer, today):
    closed = make_offer(expires_on=today - timedelta(days=1))
    assert client.get(f"/ticket/offer/{closed.id}").location == "/ticket"
    assert closed.reference not in client.get(f"/ticket/agency?offer={closed.id}").text
    token = request_token_on(client.get("/ticket/agency").text)
    client.post("/ticket/agency", data={"request_token": token, "offer": closed.id})
    another = request_token_on(client.get("/ticket/agency").text)
    client.post("/ticket/agency", data={"request_token": another, "offer": "99999"})
    assert [t.offer_reference for t in tickets()] == ["", ""]
    assert "Ask at the desk" not in client.get(f"/offers/{closed.id}?lang=en").text


def test_every_visible_string_of_the_ticket_pages_is_marked_for_translation(app, desk, make_offer, tmp_path,
                                                                             fresh_translations):
    """Rendered with a catalogue that brackets every message: text left unbracketed is not ours to show."""
    from kiosk.queue.to_bring import DOCUMENTS
    from tests.pseudo import write_catalogue
    from tests.test_translations import CLOSE, OPEN, unmarked

    write_catalogue(tmp_path, "en", lambda text: f"{OPEN}{text}{CLOSE}")
    pseudo = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"])
                        | {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path), "KIOSK_PRINT_BACKEND": "browser"})
    offer = make_offer(kind="course")
    visitor = pseudo.test_client()
    service_page = visitor.get(f"/ticket/training?lang=en&offer={offer.id}").text
    taken = visitor.post("/ticket/training", data={"request_token": request_token_on(service_page),
                                                   "offer": offer.id})
    with pseudo.app_context():
        held = db.session.scalar(select(Ticket))
        token, code, auto = held.token, held.code, auto_print_token(held)
        db.session.remove()
    pages = {
        "services": visitor.get(f"/ticket?offer={offer.id}").text,
        "service": service_page,
        "ticket": visitor.get(taken.location).text,
        "print box": visitor.post(f"/ticket/t/{token}/print", data={"token": auto}, headers=HTMX).text,
        "not found": visitor.get("/ticket/dancing").text,
    }
    allowed = {"InfoLavoro", code, offer.reference, "Offer 1", "Offerta 1", "A", "B", "D", "E"}
    allowed |= {text for _slug, _prefix, italian, _arabic, _docs in SERVICES for text in italian}
    allowed |= {names["en"] for names in DOCUMENTS.values()}
    for name, html in pages.items():
        assert OPEN in html, name
        leftovers = unmarked(html, allowed)
        assert not leftovers, f"{name}: not marked for translation: {leftovers}"


def test_an_odd_offer_parameter_is_ignored(client, desk):
    for odd in ("²", "-1", "abc", "1e3", "99999"):
        response = client.get(f"/ticket/agency?offer={odd}&lang=en")
        assert response.status_code == 200 and "About the offer" not in response.text


def test_a_ticket_of_another_day_or_already_called_says_so(client, desk):
    from kiosk.clock import now
    from kiosk.network.models import Site
    from kiosk.queue import actions, taking
    from kiosk.queue.models import Counter

    site = db.session.scalar(select(Site))
    ref = taking.service_ref(desk["cv-help"], site)
    old = taking.take_once(db.session, ref, "en", now() - timedelta(days=1), "y" * 32)
    called = taking.take_once(db.session, ref, "en", now(), "c" * 32)
    actions.call(db.session, called, db.session.scalar(select(Counter)), site.slug, now())
    db.session.commit()
    with client.session_transaction() as visit:  # as if this visitor had taken both
        visit["tickets"] = [old.token, called.token]
    assert "no longer in the line" in client.get(f"/ticket/t/{old.token}?lang=en").text
    page = client.get(f"/ticket/t/{called.token}?lang=en").text
    assert "Your number has been called" in page and "Estimated wait" not in page


def test_after_start_over_the_next_visitor_cannot_go_back_to_a_ticket(client, desk, take):
    page = take("cv-help")
    held = tickets()[0]
    assert page.headers["Cache-Control"] == "no-store" and held.code in page.text
    client.post("/start-over")  # "Done", or the idle timer: the visit is over
    for path in (f"/ticket/t/{held.token}", f"/ticket/t/{held.token}/receipt.pdf"):
        assert client.get(path).status_code == 404
    assert client.post(f"/ticket/t/{held.token}/print", data={"token": "e" * 32}).status_code == 404


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_past_the_print_limit_a_stranger_still_sees_no_ticket(app, desk, take, lp, lang):
    take("cv-help")
    held = tickets()[0]
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_PRINT_RATE": "1 per minute", "KIOSK_PRINT_BACKEND": "cups"})
    owner, stranger = limited.test_client(), limited.test_client()
    with owner.session_transaction() as visit:
        visit["tickets"] = [held.token]
    assert owner.post(f"/ticket/t/{held.token}/print", data={"token": "o" * 32}, headers=HTMX).status_code == 200
    for headers in ({}, HTMX):  # the screen's limit is used up now
        answer = stranger.post(f"/ticket/t/{held.token}/print?lang={lang}", data={"token": "s" * 32}, headers=headers)
        assert answer.status_code == 404 and held.code not in answer.text
        assert str(escape(say(lang, "This page does not exist or is no longer available."))) in answer.text
    assert len(list(lp.glob("*.pdf"))) == 1


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_another_visits_form_token_hands_over_no_ticket(app, client, desk, lang):
    form = client.get(f"/ticket/cv-help?lang={lang}")
    assert form.headers["Cache-Control"] == "no-store"  # Back after "start over" asks for a new form
    token = request_token_on(form.text)
    mine = client.post("/ticket/cv-help", data={"request_token": token})
    assert mine.status_code == 303
    stranger = app.test_client()
    stranger.get(f"/ticket/cv-help?lang={lang}")  # a visit of its own, with forms of its own
    for sent in (token, "m" * 32):  # the other visit's token, and one that no page gave
        replayed = stranger.post("/ticket/cv-help", data={"request_token": sent})
        assert replayed.status_code == 400 and mine.location not in replayed.text
        assert str(escape(say(lang, "The request could not be understood. Please go back and try again."))) \
            in replayed.text
    assert [ticket.code for ticket in tickets()] == ["B001"]
