"""The display page and its board fragment, as a TV and its polling read them."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from kiosk import clock, speech
from kiosk.display import voice

PAGE = "/display/la-spezia"


class Calls(HTMLParser):
    """Collect the calls the page's script reads (data-call elements) in document order."""

    def __init__(self):
        super().__init__()
        self.calls: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-call" in attributes:
            self.calls.append({"code": attributes["data-code"], "announce": json.loads(attributes["data-announce"])})


def calls_in(html: str) -> list[dict]:
    parser = Calls()
    parser.feed(html)
    return parser.calls


def text_of(html: str, css_class: str) -> str:
    """Return the text of the first element with a class, tags removed."""
    match = re.search(rf'class="{css_class}"[^>]*>(.*?)</(p|div|h2)>', html, re.S)
    assert match, f"no {css_class} in the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_page_shows_the_call_large_with_its_counter_and_the_last_calls(client, desk):
    for n in range(3):
        desk.take_and_call(counter=1 + n % 2)
    html = client.get(PAGE).get_data(as_text=True)
    assert text_of(html, "now-code") == "[it] Ticket Ticket A003"
    assert text_of(html, "now-counter") == "[it] Counter 1 Counter 1"  # Italian, then English under it
    assert [call["code"] for call in calls_in(html)] == ["A003", "A002", "A001"]
    assert "InfoLavoro La Spezia" in html
    assert 'data-server-time="' in html and 'data-clock' in html


def test_the_page_counts_who_waits_for_each_service(client, desk):
    desk.take(desk.cv)
    desk.take(desk.cv)
    html = client.get(PAGE).get_data(as_text=True)
    counts = re.findall(r'<span class="visually-hidden">([AB]): </span>(\d+)</span>', html)
    assert counts == [("A", "0"), ("B", "2")]
    assert "Orientamento al lavoro" in html and "Job orientation" in html


def test_before_the_first_call_the_page_says_so(client, desk):
    html = client.get(PAGE).get_data(as_text=True)
    assert "[it] No number has been called yet today" in html
    assert calls_in(html) == []


def test_the_page_speaks_italian_whatever_the_browser_or_session_asked(client, desk):
    client.get("/?lang=ar")  # a terminal's session in Arabic
    html = client.get(f"{PAGE}?lang=ar", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="it" dir="ltr"' in html
    assert "ترجمة" not in html


def test_no_personal_data_and_no_offer_reference_on_the_display(client, desk):
    desk.take_and_call(offer_reference="REF-SECRET-42")
    for url in (PAGE, f"{PAGE}/board"):
        html = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert "A001" in html
        assert "REF-SECRET-42" not in html


def test_yesterdays_calls_are_not_shown(client, desk):
    desk.take_and_call(at=clock.now() - timedelta(days=1))
    assert calls_in(client.get(PAGE).get_data(as_text=True)) == []


def test_the_board_fragment_for_htmx_and_the_whole_page_otherwise(client, desk):
    desk.take_and_call()
    fragment = client.get(f"{PAGE}/board", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div id="board"') and "A001" in body
    assert fragment.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in fragment.headers["Vary"]
    whole = client.get(f"{PAGE}/board").get_data(as_text=True)
    assert "<html" in whole and 'sse-connect="/display/la-spezia/events"' in whole


@pytest.mark.parametrize("path", ["", "/board", "/events", "/voice/00000000-0000-4000-8000-000000000000/it.wav"])
def test_an_unknown_site_is_not_found(client, desk, path):
    assert client.get(f"/display/nowhere{path}").status_code == 404


def test_a_call_is_announced_in_italian_then_in_the_tickets_language(client, desk):
    desk.take_and_call(lang="ar", counter=2)
    desk.take_and_call(desk.cv, lang="it", counter=1)
    italian, arabic = calls_in(client.get(PAGE).get_data(as_text=True))  # newest first
    assert [(item["lang"], item["text"]) for item in arabic["announce"]] == [
        ("it", "[it] Number A 1, counter 2"), ("ar", "ترجمة Number A 1, counter 2")]
    assert [(item["lang"], item["text"]) for item in italian["announce"]] == [("it", "[it] Number B 1, counter 1")]


def test_the_page_says_whether_the_server_can_speak(client, desk, monkeypatch):
    desk.take_and_call(lang="ar")
    html = client.get(PAGE).get_data(as_text=True)
    if voice.available():
        assert 'data-server-voice="true"' in html
        wav = [item["wav"] for item in calls_in(html)[0]["announce"]]
        assert all(re.fullmatch(r"/display/la-spezia/voice/[0-9a-f-]{36}/(it|ar)\.wav", url) for url in wav)
    monkeypatch.setattr(speech, "PROGRAM", "espeak-ng-not-installed")
    html = client.get(PAGE).get_data(as_text=True)
    assert 'data-server-voice="false"' in html
    assert [item["wav"] for item in calls_in(html)[0]["announce"]] == [None, None]
