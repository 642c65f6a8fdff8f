"""Problem details speak the asked language: checked with a pseudo Arabic catalogue, not the real one."""

from __future__ import annotations

import re

import pytest

from kiosk import create_app
from tests.conftest import base_config
from tests.pseudo import write_catalogue

ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def pseudo_client(tmp_path, fresh_translations):
    write_catalogue(tmp_path / "translations", "ar", lambda text: f"ترجمة {text}")
    config = base_config(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    app = create_app(config | {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations")})
    return app.test_client()


def texts(body: dict) -> list[str]:
    return [body["title"], body["detail"], *(error["message"] for error in body.get("errors", []))]


def test_every_problem_text_is_in_the_asked_language(pseudo_client):
    response = pseudo_client.get("/api/v1/offers?lang=ar&kind=pirate&per_page=0&page=abc&q=" + "x " * 60)
    assert response.status_code == 400
    body = response.get_json(force=True)
    assert [e["parameter"] for e in body["errors"]] == ["kind", "q", "page", "per_page"]
    assert all(ARABIC.search(text) for text in texts(body)), texts(body)

    unrouted = pseudo_client.get("/api/v1/nowhere?lang=ar"), pseudo_client.post("/api/v1/offers?lang=ar")
    for response in unrouted:
        assert all(ARABIC.search(text) for text in texts(response.get_json(force=True)))


def test_a_wrong_lang_answers_in_italian(pseudo_client):
    body = pseudo_client.get("/api/v1/offers?lang=xx&kind=pirate").get_json(force=True)
    assert [e["parameter"] for e in body["errors"]] == ["kind", "lang"]
    assert not any(ARABIC.search(text) for text in texts(body)), texts(body)
    assert "ar" in body["errors"][1]["message"]  # it names the codes to use


def test_the_terminal_session_language_does_not_leak_into_the_api(pseudo_client):
    pseudo_client.get("/api/v1/openapi.json?lang=ar")  # the terminal's hook keeps ?lang= in the session
    for query in ("lang=xx&kind=pirate", "kind=pirate"):
        body = pseudo_client.get(f"/api/v1/offers?{query}").get_json(force=True)
        assert not any(ARABIC.search(text) for text in texts(body)), (query, texts(body))
