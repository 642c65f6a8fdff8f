"""The nine languages of the desks and how the active one is chosen."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from babel import Locale
from flask import g, request, session
from flask_babel import refresh

DEFAULT_LANGUAGE = "it"
LEFT_TO_RIGHT_ISOLATE, RIGHT_TO_LEFT_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2066", "\u2067", "\u2069"


@dataclass(frozen=True)
class Language:
    code: str  # the catalogue's name in translations/
    tag: str  # the BCP 47 tag for lang= attributes
    autonym: str  # the language's name in itself
    rtl: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES: tuple[Language, ...] = (
    Language("it", "it", "Italiano"),
    Language("en", "en", "English"),
    Language("fr", "fr", "Français"),
    Language("es", "es", "Español"),
    Language("ar", "ar", "العربية", rtl=True),
    Language("uk", "uk", "Українська"),
    Language("ro", "ro", "Română"),
    Language("sq", "sq", "Shqip"),
    Language("zh_Hans", "zh-Hans", "简体中文"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
_ALIASES = {"zh": "zh_Hans", "zh-hans": "zh_Hans", "zh_hans": "zh_Hans", "zh-cn": "zh_Hans"}


def normalise_language(value: str | None) -> str | None:
    """Return the catalogue code for a language parameter, or None if it is not one of ours."""
    if not value:
        return None
    value = value.strip()
    if value in BY_CODE:
        return value
    return _ALIASES.get(value.lower())


def text_direction(code: str) -> str:
    """Return "rtl" or "ltr" for a catalogue code, for text shown in another language than the page."""
    return BY_CODE[code].dir if code in BY_CODE else "ltr"


def isolate(value) -> str:
    """Keep a value (a ticket code, a phone number, an address) in its own direction inside a line of the other one.

    Unicode isolate marks, because WeasyPrint ignores `unicode-bidi` and <bdi>: right to left when the value has a
    right-to-left letter, left to right otherwise (numbers alone included).
    """
    text = str(value)
    rtl = any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)
    return (RIGHT_TO_LEFT_ISOLATE if rtl else LEFT_TO_RIGHT_ISOLATE) + text + POP_DIRECTIONAL_ISOLATE


def language(code: str | None = None) -> Language:
    """Return the Language for a code, the active one by default."""
    return BY_CODE[code or current_language()]


def current_language() -> str:
    """Return the active language: ?lang=, then the user's session, then Italian."""
    if "lang" in g:
        return g.lang
    if not request:  # a command or a background job: the default language
        return DEFAULT_LANGUAGE
    return normalise_language(request.args.get("lang")) or session.get("lang") or DEFAULT_LANGUAGE


def remember_language() -> None:
    """Keep a ?lang= choice in the session so the next pages speak it too."""
    chosen = normalise_language(request.args.get("lang"))
    if chosen:
        session["lang"] = chosen
    g.lang = chosen or session.get("lang") or DEFAULT_LANGUAGE
    refresh()  # never a locale cached by an earlier request on a shared app context


def babel_locale(code: str) -> Locale:
    """Return the Babel locale of a catalogue code."""
    return Locale.parse(code)


def language_name(code: str, in_language: str | None = None) -> str:
    """Return a language's name (ISO 639-1 code) in the active language."""
    locale = babel_locale(in_language or current_language())
    name = locale.languages.get(code.replace("-", "_")) or code
    return name[:1].upper() + name[1:] if locale.language not in ("ar", "zh") else name
