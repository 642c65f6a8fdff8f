"""A visitor who reads little Italian types the word for cook in their own language and finds the cook's offers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_public import axe_violations

SEARCHES = [
    # language, what the visitor types, the cook's apprenticeship (SP-2026-0223) as its title reads in the language
    pytest.param("ar", "طباخ", "متدرّب طاهٍ", id="arabic"),  # the text says طاهٍ and مطبخ, never طباخ
    pytest.param("uk", "кухар", "Учень кухаря", id="ukrainian"),  # the text says кухаря
    pytest.param("it", "cuochi", "Apprendista cuoco", id="italian"),  # the plural
    pytest.param("it", "apprendistao", "Apprendista cuoco", id="italian-typo"),  # a letter left out
]


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "typed", "title"), SEARCHES)
def test_typing_a_word_in_ones_own_form_finds_the_cooks_apprenticeship(page, lang, typed, title):
    page.goto(f"/offers?lang={lang}")
    box = page.get_by_role("searchbox")
    box.press_sequentially(typed, delay=30)
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [typed])
    found = page.locator("#offer-list").get_by_role("link", name=title)
    expect(found.first).to_be_visible()
    assert axe_violations(page) == []
