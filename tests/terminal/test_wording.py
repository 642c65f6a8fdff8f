"""Sentences read as each language writes them: a weekday inflected after its preposition, no capital in the
middle of a sentence, one message for one thing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date

from tests.catalogues import WEEKDAYS, say

LANGUAGES = ["it", "en", "fr", "es", "ar", "uk", "ro", "sq", "zh_Hans"]


def next_weekday(weekday: int) -> date:
    start = date.today() + timedelta(days=10)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_last_day_to_apply_is_said_with_its_weekday_in_a_whole_sentence(client, make_offer, lang):
    friday = next_weekday(4)
    offer = make_offer(expires_on=friday)
    page = client.get(f"/offers/{offer.id}?lang={lang}").text
    written = format_date(friday, "long", locale=lang)
    assert say(lang, "Apply by Friday, %(date)s", date=f"<bdi>{written}</bdi>") in page
    assert say(lang, "Apply by Friday, %(date)s", date="X").replace("X", f"<bdi>{written}</bdi>") in page


def test_ukrainian_says_until_friday_in_the_genitive(client, make_offer):
    offer = make_offer(expires_on=next_weekday(4))
    page = client.get(f"/offers/{offer.id}?lang=uk").text
    assert "Прийом заявок до пʼятниці," in page and "до пʼятниця" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_weekday_has_its_own_sentence(lang):
    for weekday in WEEKDAYS:
        sentence = say(lang, f"Apply by {weekday}, %(date)s", date="X")
        opens = say(lang, f"We open again on {weekday} at %(time)s.", time="Y")
        assert "X" in sentence and "Y" in opens
    assert len({say(lang, f"Apply by {weekday}, %(date)s", date="X") for weekday in WEEKDAYS}) == 7


def test_the_wait_after_its_label_goes_on_in_lower_case(client, desk, take):
    take("cv-help", "uk")
    page = take("cv-help", "uk").text
    assert "Орієнтовний час очікування: <strong>приблизно 10 хвилин</strong>" in page
    assert "очікування: <strong>Приблизно" not in page


@pytest.mark.parametrize("lang", ["it", "fr", "es", "ro", "sq", "uk", "en"])
def test_the_lower_case_wait_is_the_tiles_wait_in_lower_case(lang):
    for upper, lower in (("About %(duration)s", "about %(duration)s"), ("No wait", "no wait")):
        capital = say(lang, upper)
        assert say(lang, lower) == capital[:1].lower() + capital[1:]


@pytest.mark.parametrize("lang", ["it", "ar", "uk"])
def test_printing_your_ticket_is_said_once(client, desk, take, lang):
    page = take("cv-help", lang).text
    assert page.count(say(lang, "Printing your ticket…")) == 1
