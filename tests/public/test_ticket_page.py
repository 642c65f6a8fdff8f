"""A queue ticket's phone page (/m/t/<token>), as the holder opens it from the QR code, and giving the ticket up."""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from babel.numbers import format_decimal
from babel.support import Translations
from sqlalchemy import select

from kiosk import clock, create_app
from kiosk.extensions import db
from kiosk.queue import actions
from kiosk.queue.models import TicketEvent
from tests.browser.helpers import ROOT, say
from tests.conftest import base_config
from tests.public.test_ticket_status import desk  # noqa: F401 - the fixture

HTMX = {"HX-Request": "true"}


@cache
def _catalogue(lang: str) -> Translations:
    return Translations.load(str(ROOT / "translations"), [lang])


def say_count(lang: str, singular: str, plural: str, count: int) -> str:
    """Return a counted message as the page shows it in a language."""
    return _catalogue(lang).ngettext(singular, plural, count) % {"num": format_decimal(count, locale=lang)}


def ahead_text(lang: str, count: int) -> str:
    return say_count(lang, "%(num)s person ahead of you", "%(num)s people ahead of you", count)


def text(page) -> str:
    """The page's text with entities read, as a person sees its words."""
    return html.unescape(page.text if hasattr(page, "text") else page)


def cancels_of(ticket) -> int:
    return len(db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_uuid == ticket.uuid, TicketEvent.kind == "cancelled")).all())


# --- The page ------------------------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_the_page_speaks_the_tickets_language_italian(client, desk):  # noqa: F811
    desk.take(minutes_ago=40)
    mine = desk.take("it", minutes_ago=10)
    page = client.get(f"/m/t/{mine.token}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert '<html lang="it" dir="ltr"' in page.text
    assert re.search(r'class="phone-ticket-code">A002</bdi>', page.text)
    assert 'lang="it" dir="ltr">Orientamento al lavoro</p>' in page.text
    assert "InfoLavoro La Spezia" in page.text
    assert ahead_text("it", 1) in text(page)
    assert say("it", "Estimated wait") in text(page)
    assert say("it", "Cancel my ticket") in text(page)
    assert "Documento d&#39;identità" in page.text  # what to have ready, in the ticket's language
    assert 'src="/static/phone.js"' in page.text


@pytest.mark.both_databases
def test_the_page_speaks_the_tickets_language_arabic_right_to_left(client, desk):  # noqa: F811
    mine = desk.take("ar")
    page = client.get(f"/m/t/{mine.token}")
    assert '<html lang="ar" dir="rtl"' in page.text
    assert 'lang="ar" dir="rtl">التوجيه المهني</p>' in page.text
    assert say("ar", "You are next.") in text(page)
    assert "وثيقة الهوية" in page.text


def test_lang_asks_for_another_language_and_the_switch_keeps_the_ticket(client, desk):  # noqa: F811
    mine = desk.take("ar")
    page = client.get(f"/m/t/{mine.token}?lang=en")
    assert '<html lang="en" dir="ltr"' in page.text
    assert 'lang="en" dir="ltr">Job orientation</p>' in page.text
    for code in ("it", "ar", "zh_Hans"):
        assert f'href="/m/t/{mine.token}?lang={code}"' in page.text
    # The live part goes on asking in the chosen language.
    assert re.search(rf'hx-get="/m/t/{mine.token}/status\?lang=en&amp;seen=\w+"', page.text)
    assert '<html lang="ar" dir="rtl"' in client.get(f"/m/t/{mine.token}?lang=xx").text  # not ours: the ticket's


@pytest.mark.both_databases
def test_people_ahead_go_down_when_someone_ahead_is_called(client, desk):  # noqa: F811
    first, _second = desk.take(minutes_ago=40), desk.take(minutes_ago=30)
    mine = desk.take("en", minutes_ago=10)
    before = text(client.get(f"/m/t/{mine.token}"))
    assert ahead_text("en", 2) in before
    desk.call(first)
    after = text(client.get(f"/m/t/{mine.token}"))
    assert ahead_text("en", 1) in after and ahead_text("en", 2) not in after
    wait = re.compile(re.escape(say("en", "Estimated wait")) + r": <strong>(.*?)</strong>", re.S)
    assert wait.search(before).group(1) != wait.search(after).group(1)


@pytest.mark.both_databases
def test_called_says_go_to_the_counter_in_big(client, desk):  # noqa: F811
    mine = desk.call(desk.take("fr"))
    page = client.get(f"/m/t/{mine.token}")
    words = text(page)
    assert 'data-state="called"' in page.text and "data-called-box" in page.text
    assert say("fr", "It is your turn!") in words
    assert say("fr", "Go to counter %(number)s", number=2) in words
    assert re.search(r'class="called-number"[^>]*><bdi>2</bdi>', page.text)
    assert "<title>▶ A001 - " + say("fr", "Go to counter %(number)s", number=2) in words
    assert say("fr", "Cancel my ticket") not in words  # too late to give it up


@pytest.mark.parametrize("end, message", [
    ("finish", "Thank you! Your visit is over."),
    ("no_show", "You were called but we did not see you: please ask at the reception."),
])
def test_the_end_of_a_visit_is_said_plainly(client, desk, end, message):  # noqa: F811
    mine = desk.call(desk.take("en"))
    if end == "finish":
        actions.start(db.session, mine, desk.site.slug, clock.now())
        db.session.commit()
        assert say("en", "You are being served at counter %(number)s.", number=2) in text(
            client.get(f"/m/t/{mine.token}"))
    getattr(actions, end)(db.session, mine, desk.site.slug, clock.now())
    db.session.commit()
    page = client.get(f"/m/t/{mine.token}")
    assert say("en", message) in text(page)
    assert "hx-get" not in page.text and "data-final" in page.text


def test_a_transferred_ticket_shows_its_new_service(client, desk):  # noqa: F811
    mine = desk.call(desk.take("ar"))
    actions.transfer(db.session, mine, desk.cv, desk.site.slug, clock.now())
    db.session.commit()
    page = client.get(f"/m/t/{mine.token}")
    assert "المساعدة في السيرة الذاتية" in page.text and 'data-state="waiting"' in page.text
    assert say("ar", "You have been sent to this service. You keep your number and your place in line.") in text(page)


# --- Privacy ---------------------------------------------------------------------------------------------------


def test_the_page_is_never_stored_indexed_or_passed_on(client, desk):  # noqa: F811
    mine = desk.take()
    for url in (f"/m/t/{mine.token}", f"/m/t/{mine.token}/status", f"/m/t/{mine.token}/cancel", "/m/t/nothing"):
        answer = client.get(url)
        assert answer.headers["Cache-Control"] == "no-store", url
        assert "noindex" in answer.headers["X-Robots-Tag"], url
        assert answer.headers["Referrer-Policy"] in ("no-referrer", "same-origin"), url
    page = client.get(f"/m/t/{mine.token}").text
    assert '<meta name="referrer" content="no-referrer">' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


@pytest.mark.both_databases
def test_an_unknown_ticket_is_not_found_in_the_asked_language(client, desk):  # noqa: F811
    desk.take()
    answer = client.get("/m/t/no-such-ticket?lang=uk")
    assert answer.status_code == 404
    assert '<html lang="uk"' in answer.text and say("uk", "Page not found") in text(answer)


def test_the_number_is_not_the_address(client, desk):  # noqa: F811
    mine = desk.take()
    for guess in (mine.code, str(mine.number), str(mine.id), mine.uuid, mine.token.upper()):
        assert client.get(f"/m/t/{guess}").status_code == 404, guess
    assert client.get(f"/m/t/{mine.token}").status_code == 200


# --- Giving the ticket up ----------------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_cancel_asks_first_then_cancels_once(client, desk):  # noqa: F811
    mine = desk.take("it")
    page = client.get(f"/m/t/{mine.token}")
    link = re.search(r'href="(/m/t/[^"]+/cancel\?lang=it)"', page.text).group(1)
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert say("it", "Are you sure? Your number will be lost.") in text(confirm)
    assert say("it", "No, keep my ticket") in text(confirm)
    assert f'action="/m/t/{mine.token}/cancel?lang=it"' in confirm.text and 'method="post"' in confirm.text
    assert mine.status == "waiting"  # asking is not cancelling

    done = client.post(f"/m/t/{mine.token}/cancel?lang=it")
    assert done.status_code == 303 and done.location == f"/m/t/{mine.token}?lang=it"
    db.session.refresh(mine)
    assert mine.status == "cancelled" and cancels_of(mine) == 1
    page = client.get(done.location)
    assert say("it", "Your ticket is cancelled.") in text(page)
    assert "hx-get" not in page.text and "data-sound-button" not in page.text  # no more polling, no alerts
    status = client.get(f"/m/t/{mine.token}/status", headers=HTMX)
    assert status.status_code == 286

    again = client.post(f"/m/t/{mine.token}/cancel?lang=it")
    assert again.status_code == 303 and cancels_of(mine) == 1  # nothing changes twice
    # The confirmation of a ticket that is no longer waiting goes back to the ticket.
    assert client.get(link).status_code == 302


@pytest.mark.both_databases
def test_a_called_ticket_cannot_be_cancelled(client, desk):  # noqa: F811
    mine = desk.take("en")
    confirm = client.get(f"/m/t/{mine.token}/cancel")  # the holder is about to confirm when the counter calls
    assert confirm.status_code == 200
    desk.call(mine)
    refused = client.post(f"/m/t/{mine.token}/cancel")
    assert refused.status_code == 409
    assert say("en", "Your number has already been called: it can no longer be cancelled.") in text(refused)
    assert say("en", "Go to counter %(number)s", number=2) in text(refused)
    db.session.refresh(mine)
    assert mine.status == "called" and cancels_of(mine) == 0


def test_cancelling_needs_the_forms_csrf_token(app, desk):  # noqa: F811
    mine = desk.take("en")
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    forged = client.post(f"/m/t/{mine.token}/cancel")
    assert forged.status_code == 400 and say("en", "The page had expired. Please try again.") in text(forged)
    db.session.refresh(mine)
    assert mine.status == "waiting"
    confirm = client.get(f"/m/t/{mine.token}/cancel")
    token = re.search(r'name="csrf_token" value="([^"]+)"', confirm.text).group(1)
    assert client.post(f"/m/t/{mine.token}/cancel", data={"csrf_token": token}).status_code == 303
    db.session.refresh(mine)
    assert mine.status == "cancelled"


def test_cancelling_is_rate_limited_politely(app, desk):  # noqa: F811
    tickets = [desk.take("en") for _ in range(11)]
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {"RATELIMIT_ENABLED": True})
    client = limited.test_client()
    answers = [client.post(f"/m/t/{ticket.token}/cancel") for ticket in tickets]
    assert [a.status_code for a in answers[:10]] == [303] * 10
    assert answers[10].status_code == 429
    assert say("en", "Too many attempts. Please wait a minute and try again.") in text(answers[10])
    db.session.expire_all()
    assert tickets[10].status == "waiting"
