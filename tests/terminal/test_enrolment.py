"""Enrolling a kiosk's browser with its one-time link, and the enrolled terminal's cookie: kept, refused, revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from kiosk import clock
from kiosk.audit.models import AuditEntry
from kiosk.extensions import db
from kiosk.terminal import enrolment, registry
from kiosk.terminal.models import Terminal
from tests.catalogues import say
from tests.terminal.enrolling import ADMIN, Kiosk, enrolled, enrolment_link, register


@pytest.fixture
def sarzana(make_site, make_service, desk):
    """Sarzana's desk, with a service of its own, beside La Spezia's (the server's own site)."""
    site = make_site(slug="sarzana", name="InfoLavoro Sarzana", town="Sarzana")
    make_service(site, "S", "sarzana-jobs", texts={"it": {"name": "Lavoro in Val di Magra"},
                                                    "ar": {"name": "العمل في وادي ماغرا"}})
    return site


def reloaded(terminal: Terminal) -> Terminal:
    db.session.expire_all()
    return db.session.get(Terminal, terminal.id)


def terminal_cookies(response) -> list[str]:
    return [header for header in response.headers.getlist("Set-Cookie") if header.startswith(enrolment.COOKIE)]


def cookie_header(response) -> str:
    return terminal_cookies(response)[0]


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_the_link_asks_first_then_enrols_the_screen_once(app, sarzana, lang):
    path = enrolment_link(register(sarzana, "Sarzana, ingresso"))
    kiosk = Kiosk(app)
    page = kiosk.get(f"{path}?lang={lang}")
    assert page.status_code == 200 and f'<html lang="{lang}"' in page.text
    assert say(lang, "This screen becomes %(name)s at %(site)s.", name="\u2066Sarzana, ingresso\u2069",
               site="\u2066InfoLavoro Sarzana\u2069") in page.text
    assert kiosk.cookie is None  # opening the link enrols nothing: the confirmation does
    response = kiosk.post(f"{path}?lang={lang}")
    assert response.status_code == 303 and response.location == f"/terminal/?lang={lang}"
    header = cookie_header(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    assert int(header.split("Max-Age=")[1].split(";")[0]) > 4 * 365 * 24 * 3600
    assert say(lang, "This screen is %(name)s at %(site)s.", name="\u2066Sarzana, ingresso\u2069",
               site="\u2066InfoLavoro Sarzana\u2069") in kiosk.get(response.location).text

    another = Kiosk(app)  # the same link, on a second screen: used already
    again = another.post(f"{path}?lang={lang}")
    assert again.status_code == 404 and say(lang, "The link was used already, or it is not complete.") in again.text
    assert another.cookie is None and another.get(path).status_code == 404
    terminal = db.session.scalar(select(Terminal))
    assert registry.state(reloaded(terminal)) == registry.ENROLLED and terminal.enrolment_token_hash is None


def test_the_cookie_is_secure_over_https(app, sarzana):
    kiosk = Kiosk(app)
    path = enrolment_link(register(sarzana))
    response = kiosk.post(f"https://localhost{path}")
    assert "Secure" in cookie_header(response)


@pytest.mark.both_databases
def test_an_expired_link_changes_nothing(app, sarzana, set_clock):
    terminal = register(sarzana)
    path = enrolment_link(terminal)
    set_clock(clock.now() + timedelta(hours=24, minutes=1))
    kiosk = Kiosk(app)
    for response in (kiosk.get(f"{path}?lang=en"), kiosk.post(f"{path}?lang=en")):
        assert response.status_code == 410 and "The link has expired" in response.text
    assert kiosk.cookie is None and registry.state(reloaded(terminal)) == registry.WAITING


@pytest.mark.parametrize("token", ["abc", "x" * 26, "x" * 500])
def test_a_wrong_link_changes_nothing(app, sarzana, token):
    terminal = register(sarzana)
    enrolment_link(terminal)
    kiosk = Kiosk(app)
    response = kiosk.post(f"/terminal/enrol/{token}?lang=en")
    assert response.status_code == 404 and "Nothing has changed on this screen" in response.text
    assert kiosk.cookie is None and registry.state(reloaded(terminal)) == registry.WAITING


def test_enrolling_needs_the_forms_csrf_token(app, sarzana):
    app.config["WTF_CSRF_ENABLED"] = True
    terminal = register(sarzana)
    path = enrolment_link(terminal)
    kiosk = Kiosk(app)
    assert kiosk.post(path).status_code == 400 and kiosk.cookie is None
    assert registry.state(reloaded(terminal)) == registry.WAITING
    page = kiosk.get(path).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert kiosk.post(path, data={"csrf_token": token}).status_code == 303


def test_the_enrolment_is_audited_without_the_token(app, sarzana):
    terminal = register(sarzana)
    path = enrolment_link(terminal)
    Kiosk(app, "10.0.0.7").enrol(path)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [entry.action for entry in entries] == ["terminal.create", "terminal.enrolment_link", "terminal.enrol"]
    assert entries[-1].target_id == terminal.id and entries[-1].address == "10.0.0.7"
    token = path.rsplit("/", 1)[1]
    assert all(token not in str(entry.changes) for entry in entries)


# The cookie: forged, copied, old, revoked


def test_a_forged_cookie_is_a_guest(app, sarzana):
    kiosk = enrolled(app, sarzana)
    terminal = db.session.scalar(select(Terminal))
    secret = "made-up"
    forged = {
        "unsigned": kiosk.cookie.split(".")[0],
        "other key": URLSafeSerializer("another-secret", salt=enrolment.SALT).dumps([terminal.id, secret]),
        "wrong secret": URLSafeSerializer(app.secret_key, salt=enrolment.SALT).dumps([terminal.id, secret]),
        "not a list": URLSafeSerializer(app.secret_key, salt=enrolment.SALT).dumps({"id": terminal.id}),
        "another id": URLSafeSerializer(app.secret_key, salt=enrolment.SALT).dumps([terminal.id + 1, secret]),
    }
    for name, value in forged.items():
        copy = Kiosk(app)
        copy.client.set_cookie(enrolment.COOKIE, value)
        page = copy.get("/ticket?lang=it")
        assert "Lavoro in Val di Magra" not in page.text, name  # La Spezia's services: a guest
        assert copy.cookie is None, name  # and the browser is told to forget it
    assert "Lavoro in Val di Magra" in kiosk.get("/ticket?lang=it").text


def test_enrolling_again_ends_the_old_cookie(app, sarzana):
    first = enrolled(app, sarzana)
    copied = Kiosk(app)
    copied.client.set_cookie(enrolment.COOKIE, first.cookie)
    assert "Lavoro in Val di Magra" in copied.get("/ticket?lang=it").text
    terminal = db.session.scalar(select(Terminal))
    second = Kiosk(app)
    assert second.enrol(enrolment_link(terminal)).status_code == 303
    assert "Lavoro in Val di Magra" in second.get("/ticket?lang=it").text
    for old in (first, copied):
        assert "Lavoro in Val di Magra" not in old.get("/ticket?lang=it").text


@pytest.mark.both_databases
def test_revoking_makes_the_screen_a_guest_at_once(app, sarzana):
    kiosk = enrolled(app, sarzana)
    assert "Lavoro in Val di Magra" in kiosk.get("/ticket?lang=it").text
    registry.revoke(db.session, db.session.scalar(select(Terminal)), ADMIN, clock.now())
    db.session.commit()
    page = kiosk.get("/terminal/?lang=en")
    assert "This screen is a guest terminal of \u2066InfoLavoro La Spezia\u2069" in page.text
    assert "Lavoro in Val di Magra" not in kiosk.get("/ticket?lang=it").text


def test_starting_over_keeps_the_terminal(app, sarzana):
    kiosk = enrolled(app, sarzana)
    kiosk.get("/ticket?lang=ar")
    response = kiosk.post("/start-over")
    assert response.status_code == 303 and not terminal_cookies(response)
    assert kiosk.cookie is not None
    assert "Lavoro in Val di Magra" in kiosk.get("/ticket").text  # in Italian again, at Sarzana still


# The terminal's settings apply


def test_the_terminal_takes_tickets_at_its_own_site(app, sarzana):
    from kiosk.queue.models import Ticket
    from tests.terminal.conftest import request_token_on

    kiosk, guest = enrolled(app, sarzana), Kiosk(app)
    assert "Lavoro in Val di Magra" in kiosk.get("/ticket?lang=it").text
    assert "Lavoro in Val di Magra" not in guest.get("/ticket?lang=it").text
    assert "Orientamento al lavoro" in guest.get("/ticket?lang=it").text  # the server's own site, La Spezia
    assert kiosk.get("/ticket/orientation").status_code == 404  # La Spezia's service is not Sarzana's
    token = request_token_on(kiosk.get("/ticket/sarzana-jobs").text)
    assert kiosk.post("/ticket/sarzana-jobs", data={"request_token": token}).status_code == 303
    ticket = db.session.scalar(select(Ticket))
    assert ticket.site_id == sarzana.id and ticket.code == "S001"
    assert 'id="site-sarzana">InfoLavoro Sarzana <span class="badge">' in kiosk.get("/about").text


def test_the_terminal_uses_its_idle_seconds(app, sarzana):
    kiosk = enrolled(app, sarzana, idle_seconds=150)
    assert 'data-idle-seconds="150"' in kiosk.get("/home").text
    assert f'data-idle-seconds="{app.config["KIOSK_IDLE_SECONDS"]}"' in Kiosk(app).get("/home").text


def test_last_seen_is_written_every_few_minutes_and_renews_the_cookie(app, sarzana, set_clock):
    start = set_clock(clock.now())
    kiosk = enrolled(app, sarzana)
    terminal = db.session.scalar(select(Terminal))
    enrolled_seen = reloaded(terminal).last_seen_at
    assert abs(enrolled_seen - start) < timedelta(seconds=5)
    page = kiosk.get("/home")
    assert reloaded(terminal).last_seen_at == enrolled_seen and not terminal_cookies(page)
    later = set_clock(start + timedelta(minutes=6))
    page = kiosk.get("/home")
    assert abs(reloaded(terminal).last_seen_at - later) < timedelta(seconds=5)
    assert enrolment.COOKIE in cookie_header(page) and "Max-Age=" in cookie_header(page)
    assert terminal_cookies(kiosk.get("/home")) == []


def test_the_terminal_is_looked_up_once_per_request(app, sarzana):
    from sqlalchemy import event

    kiosk, guest = enrolled(app, sarzana), Kiosk(app)
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            kiosk.get("/ticket?lang=it")
            about_terminal = [s for s in statements if "FROM terminal" in s]
            statements.clear()
            guest.get("/ticket?lang=it")
            about_guest = [s for s in statements if "FROM terminal" in s]
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    assert len(about_terminal) == 1 and "JOIN site" in about_terminal[0]
    assert about_guest == []
