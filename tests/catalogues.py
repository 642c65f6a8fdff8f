"""What the app says in a language, read from the same catalogues it uses: tests follow the translations."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.numbers import format_decimal
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[1]


@cache
def catalogue(lang: str) -> Translations:
    return Translations.load(str(ROOT / "translations"), [lang])


def say(lang: str, message: str, **values) -> str:
    """Return a message as the app shows it in a language."""
    text = catalogue(lang).gettext(message)
    return text % values if values else text


def say_number(lang: str, singular: str, plural: str, num: int, **values) -> str:
    """Return a message about a count in a language: its plural form, the number written as the language writes it."""
    text = catalogue(lang).ngettext(singular, plural, num)
    return text % ({"num": format_decimal(num, locale=lang)} | values)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def say_apply_by(lang: str, day) -> str:
    """Return the last day to apply as the app writes it: a whole sentence per weekday, the date without it."""
    from babel.dates import format_date

    return say(lang, f"Apply by {WEEKDAYS[day.weekday()]}, %(date)s", date=format_date(day, "long", locale=lang))
