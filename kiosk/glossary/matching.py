"""Finding the glossary's terms in a text and marking them, without a request or a database: plain functions.

Texts are compared folded: accents off, curly apostrophes straight, every blank a space, one character for one, so
a match found in the folded text has the same place in the real one. A form written in capitals (an acronym: DID,
GOL, CCNL) matches only in capitals, so the English verb "did" or the Italian "gol" is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

from markupsafe import Markup, escape

_SAME = {"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u00a0": " ", "\u202f": " "}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
# Inside these a term stays as it is: a button may not sit in a link, a heading keeps its words, a form its labels.
SKIPPED = frozenset({"a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "label", "summary", "select", "option",
                     "textarea", "code", "script", "style", "title", "dialog"})
_VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "wbr", "source"})


def fold_char(char: str) -> str:
    """Return one character without its accent, straight if an apostrophe, a space if a blank: always one."""
    char = _SAME.get(char, char)
    if char.isspace():
        return " "
    base = unicodedata.normalize("NFD", char)[0]
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Return a text folded character by character: the same length, the same places."""
    return "".join(fold_char(char) for char in text)


def _acronym(form: str) -> bool:
    letters = [char for char in form if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _pattern(form: str) -> str:
    words = fold(form).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return body if _acronym(form) else f"(?i:{body})"


def spelling(form: str) -> str:
    """Return the spelling a form is known by: folded, blanks as one space, lower case unless an acronym."""
    folded = " ".join(fold(form).split())
    return folded if _acronym(form) else folded.lower()


@dataclass(frozen=True)
class Entry:
    """A term as the matcher needs it: its key and every form it is written in."""

    key: str
    forms: tuple[str, ...]


class Matcher:
    """The glossary's forms as one expression, longest first, each mapped back to its term's key."""

    def __init__(self, entries: Iterable[Entry]):
        self.keys: dict[str, str] = {}  # a folded form (lower-cased unless an acronym) -> its term's key
        patterns = []
        for entry in entries:
            for form in entry.forms:
                form = " ".join(form.split())
                if not any(char.isalnum() for char in form):
                    continue
                self.keys.setdefault(spelling(form), entry.key)
                patterns.append((len(form), _pattern(form)))
        patterns.sort(key=lambda item: -item[0])
        alternatives = "|".join(pattern for _, pattern in patterns)
        self.expression = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None

    def key_of(self, found: str) -> str | None:
        """Return the key of the term a matched piece of text is a form of."""
        folded = " ".join(fold(found).split())
        return self.keys.get(folded) or self.keys.get(folded.lower())

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, key) of every term in a plain text, in order."""
        if self.expression is None or not text:
            return []
        found = []
        for match in self.expression.finditer(fold(text)):
            key = self.key_of(match.group())
            if key is not None:
                found.append((match.start(), match.end(), key))
        return found

    def keys_in(self, text: str) -> list[str]:
        """Return the keys of the terms a plain text holds, each once, in order of first appearance."""
        return list(dict.fromkeys(key for _, _, key in self.find(text)))


def term_button(shown: str, key: str) -> Markup:
    """Return the button that stands for a term in a text and opens its explanation."""
    return Markup('<button type="button" class="term" lang="it" dir="ltr" data-term="{key}" aria-haspopup="dialog" '
                  'aria-expanded="false" aria-controls="term-{key}" aria-describedby="term-hint">{shown}</button>'
                  ).format(key=key, shown=shown)


def mark(html: str, matcher: Matcher, seen: set[str] | None = None) -> Markup:
    """Return safe HTML with the first appearance of each term made a button; `seen` keys are not marked again.

    `html` is already safe (cleaned rich text, or escaped plain text). Text inside links, buttons and headings is
    left as it is, and a text without any term comes back unchanged, byte for byte. The keys marked are added to
    `seen`, so a page can mark each term once and give each one its dialog.
    """
    seen = set() if seen is None else seen
    html = str(html)
    if matcher.expression is None:
        return Markup(html)
    parts, skipping, changed = _TAG.split(html), [], False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            _follow(part, skipping)
        elif part and not skipping:
            marked = _mark_text(part, matcher, seen)
            if marked is not None:
                parts[index], changed = marked, True
    return Markup("".join(parts) if changed else html)


def _follow(tag: str, skipping: list[str]) -> None:
    found = _TAG_NAME.match(tag)
    if not found or tag.startswith("<!"):
        return
    name = found.group(1).lower()
    if name not in SKIPPED or name in _VOID or tag.rstrip(">").endswith("/"):
        return
    if tag.startswith("</"):
        if name in skipping:
            del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
    else:
        skipping.append(name)


def _mark_text(part: str, matcher: Matcher, seen: set[str]) -> str | None:
    text = unescape(part)
    pieces, position = [], 0
    for start, end, key in matcher.find(text):
        if key in seen:
            continue
        seen.add(key)
        pieces += [str(escape(text[position:start])), str(term_button(text[start:end], key))]
        position = end
    if not pieces:
        return None
    return "".join(pieces) + str(escape(text[position:]))
