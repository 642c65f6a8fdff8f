"""The phone's home (search and list) and taking a ticket from a phone on a standalone server, through the client."""

from __future__ import annotations

import html
import re
import uuid

import pytest
import redis
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.extensions import db, limiter
from kiosk.queue.models import Ticket
from kiosk.remote.models import RemoteRequest
from tests.browser.helpers import say
from tests.conftest import base_config

UKRAINIAN = {"it": {"title": "Cuoco di bordo", "summary": "Cucina su traghetto."},
             "uk": {"title": "Кок на поромі", "summary": "Кухня на поромі."},
             "ar": {"title": "طباخ على العبارة", "summary": "مطبخ على العبارة."}}
REDIS_URL = "redis://127.0.0.1:6379/0"


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


@pytest.mark.both_databases
@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_the_home_lists_and_searches_the_offers_in_the_phone_language(client, make_offer, lang):
    cook = make_offer(texts=UKRAINIAN)
    make_offer(texts={"it": {"title": "Magazziniere"}}, kind="course")
    page = text(client.get(f"/m/?lang={lang}"))
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in page
    assert UKRAINIAN[lang]["title"] in page and "Magazziniere" in page
    assert f'href="/m/o/{cook.id}?lang={lang}"' in page
    assert str(say(lang, "Training courses")) in page
    found = text(client.get(f"/m/?lang={lang}&q=cuoco"))
    assert UKRAINIAN[lang]["title"] in found and "Magazziniere" not in found
    courses = text(client.get(f"/m/?lang={lang}&kind=course"))
    assert "Magazziniere" in courses and UKRAINIAN[lang]["title"] not in courses


def test_the_list_is_paged_and_htmx_gets_the_list_alone(client, make_offer):
    for _ in range(12):
        make_offer()
    first = text(client.get("/m/?lang=it"))
    assert first.count('class="offer-card"') == 10 and 'href="/m/?page=2&amp;lang=it"' in client.get("/m/?lang=it").text
    second = client.get("/m/?page=2&lang=it", headers={"HX-Request": "true"})
    assert "<html" not in second.text and second.text.count('class="offer-card"') == 2
    bad = text(client.get("/m/?q=" + "x" * 101))
    assert say("it", "The search is too long: use fewer words.") in bad


def test_switching_language_keeps_the_search(client, make_offer):
    make_offer()
    page = client.get("/m/?q=offerta&kind=job&lang=it").text
    assert 'href="/m/?q=offerta&amp;kind=job&amp;lang=ar"' in page


@pytest.fixture
def services(make_site, make_service):
    site = make_site()
    orientation = make_service(site, "A", "orientation", texts={"it": {"name": "Orientamento"},
                                                                "ar": {"name": "التوجيه"}})
    return site, orientation


def form(client, lang="it") -> dict:
    page = client.get(f"/m/take?lang={lang}").text
    return {"request_uuid": re.search(r'name="request_uuid" value="([^"]+)"', page).group(1)}


@pytest.mark.both_databases
def test_standalone_issues_a_remote_ticket_at_once_and_once(client, services):
    site, service = services
    page = text(client.get("/m/take?lang=ar"))
    assert '<html lang="ar" dir="rtl"' in page and "التوجيه" in page and site.name in page
    sent = form(client) | {"service": service.id}
    answer = client.post("/m/take?lang=ar", data=sent)
    assert answer.status_code == 303
    ticket = db.session.scalar(select(Ticket))
    assert answer.location == f"/m/t/{ticket.token}?lang=ar"
    assert ticket.channel == "remote" and ticket.lang == "ar" and ticket.request_token == sent["request_uuid"]
    again = client.post("/m/take?lang=ar", data=sent)  # a second touch: the same ticket
    assert again.location == answer.location and db.session.scalar(select(func.count(Ticket.id))) == 1
    followed = text(client.get(answer.location))
    assert ticket.code in followed and "التوجيه" in followed


def test_a_closed_desk_or_a_bad_choice_is_refused_with_a_message(app, client, services, set_clock):
    site, service = services
    app.config["KIOSK_ALWAYS_OPEN"] = False
    from datetime import datetime

    from kiosk import clock
    set_clock(datetime(2026, 3, 3, 10, 0, tzinfo=clock.LOCAL_ZONE))  # a Tuesday: La Spezia opens Mon, Wed, Fri
    answer = client.post("/m/take?lang=uk", data=form(client) | {"service": service.id})
    assert answer.status_code == 409
    assert say("uk", "This desk is closed now: take a ticket when it is open.") in text(answer)
    bad = client.post("/m/take?lang=it", data={"request_uuid": "not-a-uuid", "service": service.id})
    assert bad.status_code == 400 and say("it", "Choose a desk and a service.") in text(bad)
    unknown = client.post("/m/take?lang=it", data=form(client) | {"service": 999_999})
    assert unknown.status_code == 400
    assert db.session.scalar(select(func.count(Ticket.id))) == 0


def test_the_form_needs_its_csrf_token(app, services):
    _, service = services
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sent = form(client) | {"service": service.id}
    refused = client.post("/m/take?lang=it", data=sent)
    assert refused.status_code == 400 and say("it", "The page had expired. Please try again.") in text(refused)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/m/take").text).group(1)
    assert client.post("/m/take?lang=it", data=sent | {"csrf_token": token}).status_code == 303


def test_a_desk_takes_no_requests_from_phones(app, client, services):
    app.config["KIOSK_ROLE"] = "desk"
    assert client.get("/m/take").status_code == 404
    assert 'id="take-remote"' not in client.get("/m/").text


def test_phones_are_rate_limited_in_redis_with_a_message(app, services):
    _, service = services
    try:
        store = redis.Redis.from_url(REDIS_URL)
        store.ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    prefix = f"kiosk-test-{uuid.uuid4().hex[:8]}"
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix,
        "KIOSK_REMOTE_RATE": "2 per hour"})
    try:
        with limited.app_context():
            limiter.reset()  # the limiter is one object for every app of this test process: start from no count
        client = limited.test_client()
        sent = [form(client) | {"service": service.id} for _ in range(3)]
        answers = [client.post("/m/take?lang=it", data=one) for one in sent]
        assert [a.status_code for a in answers] == [303, 303, 429]
        assert say("it", "You have asked for many tickets from this phone: please wait an hour and try again.") \
            in text(answers[2])
        again = client.post("/m/take?lang=it", data=sent[0])  # a second touch on a form that took its ticket
        assert again.status_code == 303 and again.location == answers[0].location
        with limited.app_context():
            assert db.session.scalar(select(func.count(Ticket.id))) == 2
            assert db.session.scalar(select(func.count(RemoteRequest.id))) == 0  # standalone keeps no requests
            db.session.remove()
            db.engine.dispose()
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()
