"""Pseudo catalogues: every message of the code translated to a marked form, to see what went through gettext."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo

from kiosk import ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def extracted() -> list[str | tuple[str, str]]:
    """Return every message marked in the code and the templates, as `make translations-extract` finds them."""
    method_map = [("kiosk/**.py", "python"), ("templates/**.html", "jinja2")]
    return [message for _f, _l, message, _c, _x in extract_from_dir(str(ROOT), method_map, keywords=KEYWORDS)]


def write_catalogue(directory: Path, locale: str, mark: Callable[[str], str]) -> None:
    """Write a compiled catalogue for `locale` in which every message is `mark(msgid)`."""
    catalogue = Catalog(locale=locale)
    for message in extracted():
        if isinstance(message, tuple):
            catalogue.add(message, tuple(mark(form) for form in message))
        else:
            catalogue.add(message, mark(message))
    target = directory / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    buffer = BytesIO()
    write_mo(buffer, catalogue)
    (target / "messages.mo").write_bytes(buffer.getvalue())
