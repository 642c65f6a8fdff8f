"""What the display says: its labels in Italian and English, and each call's announcement in a language."""

from __future__ import annotations

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from kiosk import i18n
from kiosk.queue.board import Call

# The display's two languages: Italian, the desk's, and English, the one most people waiting read after it.
DISPLAY_LANGUAGES = ("it", "en")

LABELS = {
    "now": _l("Now calling"),
    "ticket": _l("Ticket"),
    "counter": _l("Counter"),
    "counter_number": _l("Counter %(number)s"),
    "earlier": _l("Last calls"),
    "waiting": _l("Waiting"),
    "nobody_yet": _l("No number has been called yet today"),
    "take_ticket": _l("Take a ticket at the touch screen and wait for your number"),
    "offline": _l("Reconnecting…"),
    "closed": _l("This desk is closed"),
}


def bilingual(key: str, **values) -> list[tuple[str, str]]:
    """Return a label in Italian and English as (language, text) pairs; once when both read the same."""
    texts = []
    for lang in DISPLAY_LANGUAGES:
        with force_locale(lang):
            text = str(LABELS[key]) % values if values else str(LABELS[key])
        if all(text != seen for _lang, seen in texts):
            texts.append((lang, text))
    return texts


def announcement(call: Call, lang: str) -> str:
    """Return the words that announce a call in a language, e.g. "Numero B 17, sportello 2"."""
    with force_locale(lang):
        if call.counter is None:
            return gettext("Number %(letter)s %(number)s", letter=call.letter, number=call.number)
        return gettext("Number %(letter)s %(number)s, counter %(counter)s",
                       letter=call.letter, number=call.number, counter=call.counter)


def announcement_languages(call: Call) -> list[str]:
    """Return the languages a call is announced in: Italian, then the ticket's own when it is another."""
    own = i18n.normalise_language(call.lang)
    return ["it"] if own in (None, "it") else ["it", own]
