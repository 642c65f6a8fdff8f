"""Addresses: the public pages a phone opens from a QR code, and the local page a form brings back to."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, url_for

# Where a printed QR code points when neither KIOSK_PUBLIC_URL nor a request names the host: `make run`'s address.
FALLBACK_PUBLIC_URL = "http://127.0.0.1:5000/"


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


def public_base_url(app: Flask, public_url: str | None = None) -> str:
    """Return the address a printed QR code starts with: the setting, the request's host, or the fallback."""
    base = app.config.get("KIOSK_PUBLIC_URL") or public_url
    if not base and has_request_context():
        base = request.url_root
    return (base or FALLBACK_PUBLIC_URL).rstrip("/") + "/"


def local_path(target: str | None) -> str | None:
    """Return a path of this site to go back to (as `next=` asks), or None for anything a browser could take elsewhere.

    Browsers read a backslash as a slash and drop tabs and line breaks, so "/\\evil.example" opens another site:
    those, other control characters, "//host" and absolute addresses are refused, not repaired.
    """
    if not target or "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
