"""HTML to PDF with WeasyPrint, the shipped fonts and the static-only fetcher; a document made in its own language."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g
from flask_babel import force_locale
from weasyprint import HTML

from kiosk.documents.fetcher import STATIC_URL, static_fetcher
from kiosk.documents.fonts import font_config, font_stylesheet
from kiosk.urls import public_base_url

# One font configuration is shared by every render of the process, and Pango's font map is not
# safe to use from two threads at once: renders take turns.
_render_lock = threading.Lock()


def render_pdf(html: str, base_url: str = STATIC_URL) -> bytes:
    """Render an HTML document to PDF bytes; relative URLs resolve against `base_url`, under static/ only."""
    with _render_lock:
        document = HTML(string=html, base_url=base_url, url_fetcher=static_fetcher())
        return document.write_pdf(stylesheets=[font_stylesheet()], font_config=font_config())


@contextmanager
def in_language(lang: str, public_url: str | None = None) -> Iterator[None]:
    """Make a document in a language, in an app context and a request of its own on the public address.

    The language never leaks into a request being served, and `url_for(..., _external=True)` starts with the
    address a printed QR code needs (`urls.public_base_url`), with or without a request.
    """
    app = current_app._get_current_object()
    base = public_base_url(app, public_url)
    with app.app_context(), app.test_request_context("/", base_url=base), force_locale(lang):
        g.lang = lang
        yield
