"""The listen control's recordings: made by espeak-ng in the page's language, kept, refused for what is not a page."""

from __future__ import annotations

import io
import os
import subprocess
import wave
from pathlib import Path

import pytest
from flask_babel import force_locale

from kiosk import create_app, speech
from kiosk.extensions import db
from kiosk.listen import texts
from tests.catalogues import say
from tests.conftest import base_config, unavailable

START = ("Jobs, courses and internships near you", "Touch your language to start")


@pytest.fixture
def espeak():
    if not speech.available():
        unavailable("espeak-ng is not installed: apt-get install espeak-ng")


def wav(client, url: str) -> bytes:
    with client.get(url) as response:
        assert response.status_code == 200, url
        assert response.mimetype == "audio/wav"
        return response.get_data()


def status(client, url: str) -> int:
    with client.get(url) as response:
        return response.status_code


def frames(body: bytes) -> bytes:
    with wave.open(io.BytesIO(body), "rb") as reader:
        return reader.readframes(reader.getnframes())


def espeak_frames(text: str, voice: str, rate: int, tmp_path: Path) -> tuple[bytes, int]:
    """Read a text with a named espeak-ng voice, without the app: what the right voice sounds like."""
    out = tmp_path / f"{voice}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), text], check=True)
    with wave.open(str(out), "rb") as reader:
        return reader.readframes(reader.getnframes()), reader.getframerate()


def test_each_language_has_its_own_voice_and_speed():
    command = speech.command("ar", Path("/tmp/x.wav"))
    assert command[:5] == ["espeak-ng", "-v", "ar", "-s", "130"] and command[-1] == "--stdin"
    assert speech.command("zh_Hans", Path("/tmp/x.wav"))[2] == "cmn"  # espeak-ng's Mandarin
    assert speech.command("sq", Path("/tmp/x.wav"))[2] == "sq"
    assert {lang: voice.name for lang, voice in speech.VOICES.items()} == {
        "it": "it", "en": "en", "fr": "fr", "es": "es", "ar": "ar", "uk": "uk", "ro": "ro", "sq": "sq",
        "zh_Hans": "cmn"}
    assert all(120 <= voice.rate <= 150 for voice in speech.VOICES.values())  # slower than espeak's 175


@pytest.mark.parametrize(("lang", "voice", "rate"), [("it", "it", 140), ("ar", "ar", 130), ("uk", "uk", 140)])
def test_the_start_page_is_read_in_the_voice_of_its_language(client, espeak, tmp_path, lang, voice, rate):
    body = wav(client, f"/listen/page/start/{lang}.wav")
    assert body[:4] == b"RIFF" and len(body) > 40_000  # seconds of speech, not an empty file
    # The same sentences read by espeak-ng with the language's voice, a short pause between them.
    first, framerate = espeak_frames(say(lang, START[0]), voice, rate, tmp_path)
    second, _ = espeak_frames(say(lang, START[1]), voice, rate, tmp_path)
    pause = b"\0" * (2 * (framerate * 2 // 5))
    assert frames(body) == first + pause + second
    other, _ = espeak_frames(say(lang, START[0]), "en" if voice != "en" else "it", rate, tmp_path)
    assert not frames(body).startswith(other)


def test_every_language_of_the_kiosk_is_spoken(client, espeak, make_site):
    make_site()
    sizes = {lang: len(wav(client, f"/listen/page/home/{lang}.wav")) for lang in speech.VOICES}
    assert all(size > 40_000 for size in sizes.values()), sizes
    assert len(set(sizes.values())) == len(sizes)  # nine different recordings


def test_the_second_request_comes_from_the_cache(app, client, espeak, make_site, monkeypatch, tmp_path):
    make_site()
    made = speech.made_count()
    first = wav(client, "/listen/page/about/uk.wav")
    assert speech.made_count() == made + 1
    assert wav(client, "/listen/page/about/uk.wav") == first
    assert speech.made_count() == made + 1  # nothing new was made
    assert len(list((Path(app.instance_path) / "voice").glob("uk-*.wav"))) == 1
    # Without espeak-ng on the PATH, what was made is still served, and nothing new can be made.
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert not speech.available()
    assert wav(client, "/listen/page/about/uk.wav") == first
    assert client.get("/listen/page/about/ar.wav").status_code == 404


def test_the_cache_keeps_within_its_size(app, espeak, tmp_path):
    folder = tmp_path / "voice"
    made = [speech.speak([(text, "it")], folder) for text in ("Uno", "Due", "Tre")]
    for age, path in enumerate(made):
        os.utime(path, (1_700_000_000 + age, 1_700_000_000 + age))
    total = sum(path.stat().st_size for path in made)
    speech.keep_within(folder, total - 1)
    assert [path.exists() for path in made] == [False, True, True]  # the least recent goes first
    newest = speech.speak([("Quattro, cinque e sei", "it")], folder, cache_bytes=1)
    assert list(folder.glob("*.wav")) == [newest]  # the one just made stays, even alone over the bound


@pytest.mark.both_databases
def test_an_offer_is_read_each_part_in_the_language_on_screen(app, client, espeak, make_offer):
    offer = make_offer({"it": {"title": "Aiuto cuoco", "description": "Preparazione dei piatti."},
                        "ar": {"title": "مساعد طباخ"}})
    with app.test_request_context(), force_locale("ar"):
        said = texts.offer_page("ar", offer)
    assert said[0] == ("مساعد طباخ", "ar")
    assert ("Preparazione dei piatti.", "it") in said  # no Arabic description yet: the screen shows the Italian
    assert (say("ar", "Details"), "ar") in said
    contract = said.index((say("ar", "%(label)s: %(value)s", label=say("ar", "Contract"),
                                value=say("ar", "Permanent")) + ".", "ar"))
    assert said[contract + 1:contract + 3] == [(say("ar", "In Italian:"), "ar"), ("tempo indeterminato", "it")]
    assert wav(client, f"/listen/offer/{offer.id}/ar.wav")[:4] == b"RIFF"


def test_the_list_reads_the_titles_the_filters_find(app, client, espeak, make_offer):
    make_offer({"it": {"title": "Corso di saldatura"}}, kind="course")
    make_offer({"it": {"title": "Magazziniere"}, "en": {"title": "Warehouse worker"}})
    from kiosk.listen import views

    with app.test_request_context("/listen/offers/en.wav?kind=job"), force_locale("en"):
        app.preprocess_request()
        said = views._segments()
    assert ("Warehouse worker", "en") in said and not any("saldatura" in text for text, _ in said)
    assert ("1 opportunity found", "en") in said
    assert wav(client, "/listen/offers/en.wav?kind=job")[:4] == b"RIFF"


@pytest.mark.both_databases
def test_nothing_but_a_page_or_a_record_is_read(client, espeak, make_offer, make_site, make_service, make_ticket):
    site = make_site()
    service = make_service(site, "A", "orientation", "Orientamento")
    draft = make_offer(status="draft")
    ticket = make_ticket(service)  # someone else's: not taken in this visit
    for url in ["/listen/page/secret/it.wav", "/listen/page/home/de.wav", "/listen/page/home/xx.wav",
                f"/listen/offer/{draft.id}/it.wav", "/listen/offer/99999/it.wav", "/listen/offer/99999999999/it.wav",
                "/listen/offer/-1/it.wav", "/listen/service/nothing/it.wav", f"/listen/ticket/{ticket.token}/it.wav",
                "/listen/page/home/it.wav?text=say+this"[:0] + "/listen/say/it.wav"]:
        assert client.get(url).status_code == 404, url
    assert client.post("/listen/page/home/it.wav").status_code in (400, 405)


def test_a_service_and_the_visitors_own_ticket_are_read(client, espeak, make_site, make_service, mid_morning):
    from tests.terminal.conftest import request_token_on

    site = make_site()
    make_service(site, "A", "orientation", "Orientamento", documents=["id", "cv"])
    assert wav(client, "/listen/service/orientation/ar.wav")[:4] == b"RIFF"
    token = request_token_on(client.get("/ticket/orientation?lang=ar").text)
    ticket_url = client.post("/ticket/orientation", data={"request_token": token}).headers["Location"]
    page = client.get(ticket_url).text
    listen = f"/listen/ticket/{ticket_url.rsplit('/', 1)[1]}/ar.wav"
    assert f'data-listen-src="{listen}"' in page
    assert wav(client, listen)[:4] == b"RIFF"
    client.post("/start-over")
    assert client.get(listen).status_code == 404  # the next visitor cannot hear the last one's ticket


def test_pages_carry_the_listen_control_in_their_language(client, espeak, make_site, make_offer):
    make_site()
    offer = make_offer()
    assert 'data-listen-src="/listen/page/start/it.wav"' in client.get("/").text
    assert 'data-listen-src="/listen/page/home/ar.wav"' in client.get("/home?lang=ar").text
    assert 'data-listen-src="/listen/offers/uk.wav" data-listen-query' in " ".join(
        client.get("/offers?lang=uk").text.split())
    assert f'data-listen-src="/listen/offer/{offer.id}/uk.wav"' in client.get(f"/offers/{offer.id}").text
    assert 'data-listen-src="/listen/page/services/uk.wav"' in client.get("/ticket").text
    # The phone's offer page too, while the offer is open; a withdrawn one says only that it is closed.
    assert f'data-listen-src="/listen/offer/{offer.id}/ar.wav"' in client.get(f"/m/o/{offer.id}?lang=ar").text
    assert "kiosk.js" not in client.get(f"/m/o/{offer.id}?lang=ar").text
    withdrawn = make_offer(status="withdrawn")
    assert "data-listen" not in client.get(f"/m/o/{withdrawn.id}?lang=ar").text


def test_without_espeak_the_page_reads_itself(client, make_site, monkeypatch, tmp_path):
    make_site()
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    page = " ".join(client.get("/home?lang=uk").text.split())
    assert 'data-listen data-listen-src="" hidden' in page  # the browser's voice takes over, if it has one


def test_a_terminal_asks_for_a_limited_number_of_new_recordings(app, espeak, make_site):
    make_site()
    limited = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_ENABLED": True, "KIOSK_LISTEN_RATE": "2 per minute"})
    limited.instance_path = app.instance_path
    client = limited.test_client()
    with limited.app_context():
        codes = [status(client, f"/listen/page/home/{lang}.wav") for lang in ("it", "fr", "es")]
        assert codes == [200, 200, 429]
        # A recording made already costs nothing: the browser may ask for it again (and by ranges) at will.
        assert {status(client, "/listen/page/home/it.wav") for _ in range(5)} == {200}
        db.session.remove()


@pytest.mark.both_databases
def test_a_glossary_term_is_read_its_headword_in_italian_then_the_explanation(app, client, espeak, tmp_path):
    from kiosk.glossary.models import GlossaryTerm
    from kiosk.listen import views

    with app.test_request_context(), force_locale("ar"):
        said = views._term("ar", "apprendistato")
    assert said[0] == ("apprendistato", "it") and {lang for _text, lang in said[1:]} == {"ar"}
    body = wav(client, "/listen/term/apprendistato/ar.wav")
    headword, _ = espeak_frames("apprendistato", "it", 140, tmp_path)
    assert frames(body).startswith(headword)  # the Italian word in the Italian voice, then the Arabic
    assert len(body) > 2 * len(headword)
    # The dialog's "Listen" names that recording.
    page = client.get("/glossary?lang=ar").text
    assert 'data-term-src="/listen/term/apprendistato/ar.wav"' in page
    db.session.query(GlossaryTerm).filter_by(key="ccnl").update({"active": False})
    db.session.commit()
    for url in ["/listen/term/ccnl/ar.wav", "/listen/term/nothing/ar.wav", "/listen/term/apprendistato/de.wav",
                "/listen/term/" + "a" * 41 + "/it.wav"]:
        assert client.get(url).status_code == 404, url


def test_the_questions_of_is_this_for_me_and_the_rating_steps_are_read(app, client, espeak, make_site, make_offer):
    make_site()
    make_offer(town="Sarzana")
    assert 'data-listen-src="/listen/page/fit-looking/ar.wav"' in client.get("/fit/looking?lang=ar").text
    assert 'data-listen-src="/listen/page/fit-town/uk.wav"' in client.get("/fit/town?lang=uk").text
    assert 'data-listen-src="/listen/page/rate/uk.wav"' in client.get("/rate?lang=uk").text
    with app.test_request_context(), force_locale("ar"):
        looking = texts.fit_question("ar", "looking", [])
        town = texts.fit_question("ar", "town", ["Sarzana"])
        reasons = texts.rating_page("ar", "rate-reason")
    assert looking[1] == (say("ar", "What are you looking for?"), "ar")
    assert (say("ar", "An apprenticeship"), "ar") in looking and looking[-1] == (say("ar", "Skip this question"), "ar")
    assert ("Sarzana", "it") in town  # a town's name in the Italian voice
    assert (say("ar", "I did not understand everything"), "ar") in reasons
    for name in ("fit-looking", "fit-italian", "fit-town", "rate", "rate-faces", "rate-reason", "rate-thanks"):
        assert wav(client, f"/listen/page/{name}/ar.wav")[:4] == b"RIFF", name
    assert client.get("/listen/page/fit-nothing/ar.wav").status_code == 404


def test_the_home_screen_is_read_with_every_tile_it_shows(app, client, make_site):
    make_site()
    from kiosk.queue.hours import Opening

    page = client.get("/home?lang=uk").text
    with app.test_request_context(), force_locale("uk"):
        said = " ".join(text for text, _lang in texts.home_page("uk", Opening(open=True)))
    for title in ("Opportunities", "Is this for me?", "Take a number", "About this desk", "Words of work explained",
                  "Rate your visit"):
        assert say("uk", title) in page and say("uk", title) in said, title
