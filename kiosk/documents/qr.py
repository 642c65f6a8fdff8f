"""QR codes as SVG, for PDFs and for pages (a data: URI passes the pages' Content-Security-Policy)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def _code(data: str) -> segno.QRCode:
    # Level M survives a crease or a smudge on paper and keeps a short URL at a small version.
    return segno.make_qr(data, error="m")


def qr_svg(data: str, label: str = "", svgclass: str = "qr-code") -> Markup:
    """Return a QR code as an inline <svg> element that scales to its box; a label names it for screen readers."""
    svg = _code(data).svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                 title=label or None, svgclass=svgclass, lineclass=None)
    if label:
        svg = svg.replace("<svg ", Markup('<svg role="img" aria-label="{}" ').format(label), 1)
    return Markup(svg)


def qr_data_uri(data: str) -> str:
    """Return a QR code as an SVG data: URI, for an <img src>."""
    return _code(data).svg_data_uri(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
