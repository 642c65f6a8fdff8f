"""HTML to PDF with WeasyPrint, the shipped fonts and the static-only fetcher."""

from __future__ import annotations

import threading

from weasyprint import HTML

from kiosk.documents.fetcher import STATIC_URL, static_fetcher
from kiosk.documents.fonts import font_config, font_stylesheet

# One font configuration is shared by every render of the process, and Pango's font map is not
# safe to use from two threads at once: renders take turns.
_render_lock = threading.Lock()


def render_pdf(html: str, base_url: str = STATIC_URL) -> bytes:
    """Render an HTML document to PDF bytes; relative URLs resolve against `base_url`, under static/ only."""
    with _render_lock:
        document = HTML(string=html, base_url=base_url, url_fetcher=static_fetcher())
        return document.write_pdf(stylesheets=[font_stylesheet()], font_config=font_config())
