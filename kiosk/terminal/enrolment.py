"""Which terminal is this request: the enrolled one its signed cookie names, or a guest of the server's own site.

Every module that needs the terminal's site, idle time, printer or limits asks here; the answer is found once
per request (one query at most) and kept in `g`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, current_app, g, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

from kiosk.extensions import db
from kiosk.network import services as network
from kiosk.network.models import Site
from kiosk.terminal import registry

COOKIE = "kiosk_terminal"
# Years long; Chromium keeps a cookie 400 days at most, so the cookie is given again whenever last seen is written.
COOKIE_AGE = timedelta(days=5 * 365)
LONGEST_COOKIE = 200
SALT = "kiosk.terminal"


@dataclass(frozen=True)
class Here:
    """The terminal a request comes from, with the settings that apply to it."""

    terminal_id: int | None  # None for a guest terminal
    name: str  # "" for a guest: the usage events and print jobs record it
    site_slug: str
    print_backend: str
    printer: str
    idle_seconds: int
    ticket_rate: str
    print_rate: str
    last_seen_at: datetime | None = None

    @property
    def enrolled(self) -> bool:
        return self.terminal_id is not None


def current_terminal() -> Here:
    """Return the terminal this request comes from; a browser never enrolled (or revoked) is a guest terminal."""
    # Kept with the request it was found for: a test's app context (and its `g`) outlives one request.
    this_request = request._get_current_object()
    if g.get("terminal_request") is not this_request:
        terminal = _from_cookie(request.cookies.get(COOKIE, ""))
        g.terminal = _enrolled(terminal) if terminal is not None else _guest()
        g.terminal_site = terminal.site if terminal is not None else None
        g.terminal_request = this_request
    return g.terminal


def terminal_site() -> Site | None:
    """Return the site this terminal stands at: where it takes tickets and shows the queue."""
    here = current_terminal()
    if g.terminal_site is None:
        g.terminal_site = network.get_site(db.session, here.site_slug)
    return g.terminal_site


def rate_key() -> str:
    """Count a rate limit per enrolled terminal, or per address for a guest (Flask-Limiter's key function)."""
    here = current_terminal()
    return f"terminal:{here.terminal_id}" if here.enrolled else get_remote_address()


def ticket_rate() -> str:
    """Return how many tickets this terminal may give, as Flask-Limiter reads a limit."""
    return current_terminal().ticket_rate


def print_rate() -> str:
    """Return how many printouts this terminal may make, as Flask-Limiter reads a limit."""
    return current_terminal().print_rate


def cookie_value(terminal_id: int, secret: str) -> str:
    """Return the signed cookie that names an enrolled terminal."""
    return _serializer().dumps([terminal_id, secret])


def give_cookie(response: Response, value: str) -> Response:
    """Set the terminal's cookie: out of the page scripts' reach, on this site's requests only, years long."""
    response.set_cookie(COOKIE, value, max_age=int(COOKIE_AGE.total_seconds()), httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def _from_cookie(value: str):
    if not value or len(value) > LONGEST_COOKIE:
        return None
    try:
        terminal_id, secret = _serializer().loads(value)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(terminal_id, int) or not isinstance(secret, str) or not 0 < terminal_id < 2**31:
        return None
    return registry.identify(db.session, terminal_id, secret)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def _enrolled(terminal) -> Here:
    return Here(terminal.id, terminal.name, terminal.site.slug, terminal.print_backend, terminal.printer,
                terminal.idle_seconds, f"{terminal.ticket_limit} per minute", f"{terminal.print_limit} per minute",
                terminal.last_seen_at)


def _guest() -> Here:
    config = current_app.config
    return Here(None, "", config["KIOSK_SITE"], config["KIOSK_PRINT_BACKEND"], config["KIOSK_PRINTER"],
                config["KIOSK_IDLE_SECONDS"], config["KIOSK_TICKET_RATE"], config["KIOSK_PRINT_RATE"])
