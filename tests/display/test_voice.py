"""The server's voice: a call read by espeak-ng in Italian and in the ticket's language, as a WAV file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import clock, speech
from kiosk.display import texts, voice
from kiosk.extensions import db
from kiosk.queue.board import build_board
from kiosk.queue.models import TicketEvent
from tests.conftest import unavailable


def voice_url(event_uuid: str, lang: str) -> str:
    return f"/display/la-spezia/voice/{event_uuid}/{lang}.wav"


def called_event(ticket) -> str:
    return db.session.query(TicketEvent).filter_by(ticket_uuid=ticket.uuid, kind="called").one().uuid


def wav(client, url: str) -> bytes:
    with client.get(url) as response:
        assert response.status_code == 200, url
        assert response.mimetype == "audio/wav"
        return response.get_data()


@pytest.fixture
def espeak():
    if not voice.available():
        unavailable("espeak-ng is not installed: apt-get install espeak-ng")


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_a_call_is_spoken_as_a_wav_file(app, client, desk, espeak, lang):
    event = called_event(desk.take_and_call(lang="ar", counter=2))
    body = wav(client, voice_url(event, lang))
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 10_000  # a second or more of speech
    cached = list((Path(app.instance_path) / "voice").glob(f"{lang}-*.wav"))
    assert len(cached) == 1
    assert wav(client, voice_url(event, lang)) == body  # the second time, from the cache


def test_every_language_of_the_desks_has_a_voice(app, client, desk, espeak):
    for lang in voice.VOICES:
        event = called_event(desk.take_and_call(lang=lang))
        assert wav(client, voice_url(event, lang))[:4] == b"RIFF", lang


def test_only_calls_of_the_site_are_spoken(client, desk, make_site, espeak):
    make_site(slug="sarzana", name="InfoLavoro Sarzana")
    ticket = desk.take_and_call()
    taken = db.session.query(TicketEvent).filter_by(ticket_uuid=ticket.uuid, kind="taken").one().uuid
    assert client.get(voice_url("00000000-0000-4000-8000-000000000000", "it")).status_code == 404
    assert client.get(voice_url(taken, "it")).status_code == 404  # taking a ticket is not announced
    assert client.get(f"/display/sarzana/voice/{called_event(ticket)}/it.wav").status_code == 404
    assert client.get(voice_url(called_event(ticket), "de")).status_code == 404
    assert client.get("/display/la-spezia/voice/not-a-uuid/it.wav").status_code == 404


def test_without_espeak_there_is_no_server_voice(client, desk, monkeypatch):
    event = called_event(desk.take_and_call())
    monkeypatch.setattr(speech, "PROGRAM", "espeak-ng-not-installed")
    assert not voice.available()
    assert client.get(voice_url(event, "it")).status_code == 404


def test_a_failing_espeak_is_a_missing_voice(app, client, desk, tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "espeak-ng"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: The specified espeak-ng voice does not exist.' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(speech, "PROGRAM", str(fake))
    event = called_event(desk.take_and_call())
    assert client.get(voice_url(event, "it")).status_code == 404
    assert not list((Path(app.instance_path) / "voice").glob("*"))  # nothing half-made is kept


def test_the_announcement_is_in_the_tickets_language_after_italian(app, desk):
    desk.take_and_call(desk.cv, lang="ar", counter=2)
    desk.take_and_call(lang="uk")
    board = build_board(db.session, desk.site, clock.today())
    ukrainian, arabic = board.calls
    with app.test_request_context():
        assert texts.announcement_languages(arabic) == ["it", "ar"]
        assert texts.announcement(arabic, "it") == "[it] Number B 1, counter 2"
        assert texts.announcement(arabic, "ar") == "ترجمة Number B 1, counter 2"
        # Ukrainian has no catalogue here: its words fall back to English until the translators fill it.
        assert texts.announcement_languages(ukrainian) == ["it", "uk"]
        assert texts.announcement(ukrainian, "uk") == "Number A 1, counter 1"
