"""Addresses that leave the desk: the public pages a phone opens from a QR code."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for


def public_url(endpoint: str, **values) -> str:
    """Return the absolute URL of a public page, on KIOSK_PUBLIC_URL when it is set.

    KIOSK_PUBLIC_URL is the public address of the app's root, path included (https://host/kiosk/),
    so the app's own mount point is not repeated after it.
    """
    base = current_app.config.get("KIOSK_PUBLIC_URL", "").rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root):
        path = path[len(root):]
    return base + path
