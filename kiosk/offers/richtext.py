"""The offers' rich text: a safe subset of HTML (paragraphs, lists, bold, links), cleaned by nh3 (Ammonia).

Texts are stored already cleaned; they are cleaned again when shown, so a row written by any other way (an old
import, a database edit) still cannot put a script on a kiosk. Plain text (no tags) keeps working: each line
becomes a paragraph.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from markupsafe import Markup, escape

TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"</(p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def clean(value: str) -> str:
    """Return rich text reduced to the safe subset; plain text comes back as it was, without surrounding blanks."""
    value = (value or "").strip()
    if not has_markup(value):
        return value
    return nh3.clean(value, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True).strip()


def has_markup(value: str) -> bool:
    """Tell whether a text holds HTML tags rather than plain lines."""
    return bool(_TAG.search(value or ""))


def to_html(value: str) -> Markup:
    """Return a text as safe HTML: its cleaned markup, or one paragraph per line of plain text."""
    if has_markup(value):
        return Markup(clean(value))
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    return Markup("".join(f"<p>{escape(line)}</p>" for line in lines))


def to_plain(value: str) -> str:
    """Return a text without markup, one line per paragraph or list item: for search, SMS-sized summaries, CSV."""
    if not has_markup(value):
        return (value or "").strip()
    text = _BLOCK_END.sub("\n", clean(value))
    text = nh3.clean(text, tags=set())
    return "\n".join(line.strip() for line in unescape(text).splitlines() if line.strip())
