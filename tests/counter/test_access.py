"""Who may use the counter screen, and choosing, taking over and leaving a counter."""

from __future__ import annotations

import re

import pytest

from kiosk import create_app
from kiosk.extensions import db
from kiosk.queue.models import Counter, Ticket
from kiosk.staff.models import User
from tests.catalogues import say
from tests.conftest import base_config
from tests.counter.conftest import HTMX, PASSWORD, Browser, sign_in


def staffed_by(counter: Counter) -> str | None:
    db.session.expire_all()
    user = db.session.get(User, db.session.get(Counter, counter.id).staffed_by_id or 0)
    return user.username if user else None


def test_signed_out_staff_are_sent_to_sign_in(client, desk):
    page = client.get("/counter")
    assert page.status_code == 302 and page.location.startswith("/staff/login?next=/counter")
    # A fragment asked for by a signed-out page reloads the whole page on the sign-in form.
    fragment = client.get(f"/counter/{desk['one'].id}/line", headers=HTMX)
    assert fragment.status_code == 401 and fragment.headers["HX-Redirect"].startswith("/staff/login")
    assert client.post(f"/counter/{desk['one'].id}/next").status_code == 302


def test_an_editor_is_refused_with_a_clear_page(client, desk):
    sign_in(client, "elena")
    page = client.get("/counter?lang=en")
    assert page.status_code == 403 and "The counter screen is for reception staff" in page.text
    assert client.post(f"/counter/{desk['one'].id}/open").status_code == 403
    assert db.session.get(Counter, desk["one"].id).staffed_by_id is None


@pytest.mark.both_databases
def test_a_receptionist_of_another_desk_is_refused(client, desk, take):
    ticket = take("A")
    sign_in(client, "sara")  # Sarzana's receptionist
    assert client.get(f"/counter/{desk['one'].id}?lang=en").status_code == 403
    assert "belongs to another desk" in client.get(f"/counter/{desk['one'].id}").text
    assert client.get("/counter?site=la-spezia").status_code == 403
    assert client.post(f"/counter/{desk['one'].id}/open").status_code == 403
    assert client.post(f"/counter/{desk['one'].id}/next", headers=HTMX).status_code == 403
    # At her own counter, a ticket of La Spezia is not hers to call either.
    client.post(f"/counter/{desk['far'].id}/open")
    refused = client.post(f"/counter/{desk['far'].id}/call", data={"ticket_id": ticket.id}, headers=HTMX)
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "waiting"


@pytest.mark.both_databases
def test_choosing_a_counter_opens_it(client, desk):
    sign_in(client, "giulia")
    page = client.get("/counter?lang=en")
    assert page.status_code == 200 and "Choose your counter" in page.text
    assert "Counter 1" in page.text and "Counter 2" in page.text
    assert "Job orientation" in page.text and "Speaks: Italian, English" in page.text
    assert "Sarzana" not in page.text  # only her desk's counters

    opened = client.post(f"/counter/{desk['one'].id}/open")
    assert opened.status_code == 302 and opened.location == f"/counter/{desk['one'].id}"
    assert staffed_by(desk["one"]) == "giulia"
    assert db.session.get(Counter, desk["one"].id).is_open
    assert "You sit here" in client.get("/counter").text
    screen = client.get(opened.location)
    assert screen.status_code == 200 and "Counter 1" in screen.text and "giulia" in screen.text
    assert "Call next" in screen.text and "Sign out" in screen.text


def test_sitting_elsewhere_leaves_the_first_counter_and_others_see_who_sits_where(client, app, desk):
    sign_in(client, "giulia")
    client.post(f"/counter/{desk['one'].id}/open")
    client.post(f"/counter/{desk['two'].id}/open")
    assert staffed_by(desk["one"]) is None and staffed_by(desk["two"]) == "giulia"

    other = Browser(app, "marco")
    assert "giulia sits here" in other.get("/counter?lang=en").text
    # The other receptionist's screen of counter 2 says who is there and offers to sit there instead.
    screen = other.get(f"/counter/{desk['two'].id}").text
    assert "giulia sits at this counter now" in screen and "Sit at this counter" in screen
    assert 'data-shortcut="n"' not in screen  # no actions for someone who does not sit there


def test_leaving_a_counter_closes_it(client, desk):
    sign_in(client, "giulia")
    client.post(f"/counter/{desk['one'].id}/open")
    left = client.post(f"/counter/{desk['one'].id}/leave?lang=en")
    assert left.status_code == 302 and left.location == "/counter"
    assert staffed_by(desk["one"]) is None
    assert "You left counter 1." in client.get("/counter").text


def test_signing_out_from_the_counter_screen_leaves_the_counter(client, desk):
    sign_in(client, "giulia")
    client.post(f"/counter/{desk['one'].id}/open")
    page = client.get(f"/counter/{desk['one'].id}?lang=en").text
    assert 'action="/counter/sign-out"' in page and "Sign out" in page
    out = client.post("/counter/sign-out")
    assert out.status_code == 302 and out.location == "/staff/login"
    assert staffed_by(desk["one"]) is None
    assert client.get("/counter").status_code == 302  # signed out
    # An editor who landed here can sign out too.
    sign_in(client, "elena")
    assert client.post("/counter/sign-out").status_code == 302


def test_an_admin_picks_the_desk(client, desk):
    sign_in(client, "admin")
    default = client.get("/counter?lang=en").text
    assert "Job orientation" in default  # KIOSK_SITE, La Spezia
    sarzana = client.get("/counter?site=sarzana").text
    assert "InfoLavoro Sarzana" in sarzana and "Job orientation" not in sarzana
    assert client.get("/counter?site=nowhere").status_code == 404
    assert client.post(f"/counter/{desk['far'].id}/open").status_code == 302


def test_actions_need_the_csrf_token_that_htmx_sends(app, desk, take):
    take("A")
    guarded = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {"WTF_CSRF_ENABLED": True})
    client = guarded.test_client()
    login = client.get("/staff/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', login)
    client.post("/staff/login", data={"username": "giulia", "password": PASSWORD,
                                      "csrf_token": token.group(1) or token.group(2)})
    screen = client.get("/counter?lang=en").text
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', screen).group(1)
    assert client.post(f"/counter/{desk['one'].id}/open").status_code == 400
    assert client.post(f"/counter/{desk['one'].id}/open", headers={"X-CSRFToken": header}).status_code == 302
    assert client.post(f"/counter/{desk['one'].id}/next", headers=HTMX).status_code == 400
    called = client.post(f"/counter/{desk['one'].id}/next", headers=HTMX | {"X-CSRFToken": header})
    assert called.status_code == 200 and "A001 called to counter 1" in called.text


def replay(app, cookie: str, path: str):
    """Ask for a page with a session cookie copied from someone's browser, as on a real server."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    with app.app_context():
        return thief.get(path)


@pytest.mark.both_databases
@pytest.mark.parametrize("sign_out", ["/counter/sign-out", "/staff/logout"])
@pytest.mark.parametrize("lang", ["it", "ar"])
def test_a_session_copied_before_signing_out_opens_nothing_after(app, desk, sign_out, lang):
    giulia = Browser(app, "giulia")
    giulia.post(f"/counter/{desk['one'].id}/open")
    copied = giulia.client.get_cookie("session").value
    assert replay(app, copied, f"/counter/{desk['one'].id}").status_code == 200
    assert giulia.post(sign_out).status_code == 302
    assert staffed_by(desk["one"]) is None  # either way of signing out leaves the counter
    replayed = replay(app, copied, f"/counter/{desk['one'].id}?lang={lang}")
    assert replayed.status_code == 302 and replayed.location.startswith("/staff/login?next=")
    assert say(lang, "Staff sign-in") in replay(app, copied, f"{replayed.location}&lang={lang}").text
    # Signing in again opens a new session.
    assert Browser(app, "giulia").get(f"/counter/{desk['one'].id}").status_code == 200


def test_every_counter_answer_is_kept_out_of_caches(client, desk, take):
    take("A")
    answers = [client.get("/counter"), client.get(f"/counter/{desk['one'].id}/line", headers=HTMX)]
    sign_in(client, "giulia")
    answers += [client.get("/counter"), client.post(f"/counter/{desk['one'].id}/open"),
                client.get(f"/counter/{desk['one'].id}")]
    line = client.get(f"/counter/{desk['one'].id}/line", headers=HTMX)
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', line.text).group(1)
    answers += [line, client.get(f"/counter/{desk['one'].id}/line?seen={seen}", headers=HTMX),
                client.get(f"/counter/{desk['one'].id}/panel", headers=HTMX),
                client.post(f"/counter/{desk['one'].id}/next", headers=HTMX),
                client.post(f"/counter/{desk['two'].id}/call", data={"ticket_id": 999}, headers=HTMX),
                client.get(f"/counter/{desk['far'].id}")]
    assert [answer.status_code for answer in answers] == [302, 401, 200, 302, 200, 200, 204, 200, 200, 404, 403]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.request.path


def test_starting_over_on_a_kiosk_page_keeps_staff_at_their_counter(app, desk):
    giulia = Browser(app, "giulia")
    giulia.post(f"/counter/{desk['one'].id}/open")
    giulia.get("/home?lang=ar")
    assert giulia.post("/start-over").status_code == 303
    assert '<html lang="it"' in giulia.get("/home").text  # the visit is forgotten
    assert giulia.get(f"/counter/{desk['one'].id}").status_code == 200  # the sign-in is not
    assert staffed_by(desk["one"]) == "giulia"
