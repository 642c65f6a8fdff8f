"""Addresses that leave the desk: the public pages a phone opens from a QR code."""

from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """Return the absolute URL of a public page, on KIOSK_PUBLIC_URL when it is set."""
    base = current_app.config.get("KIOSK_PUBLIC_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
