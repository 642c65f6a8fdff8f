"""Enrolling the kiosk's browser with its one-time link, and keeping the terminal's last-seen time."""

from __future__ import annotations

from flask import Blueprint, g, make_response, redirect, render_template, request, url_for

from kiosk import clock
from kiosk.caching import no_store
from kiosk.extensions import db
from kiosk.terminal import enrolment, registry

bp = Blueprint("enrolment", __name__, url_prefix="/terminal")
bp.after_request(no_store)
NOT_A_KIOSK_PAGE = ("/static/", "/api/", "/healthz", "/admin", "/staff", "/counter", "/display", "/m/")


@bp.get("/enrol/<token>")
def confirm(token: str):
    """Ask whether this screen becomes the terminal the link was made for."""
    terminal = registry.find_by_token(db.session, token)
    if terminal is None or not registry.link_pending(terminal, clock.now()):
        return _refused(terminal)
    return render_template("terminal/enrol.html", terminal=terminal, site=terminal.site, token=token)


@bp.post("/enrol/<token>")
def enrol(token: str):
    """Enrol this browser as the link's terminal: the link is spent and the browser keeps a signed cookie."""
    enrolled = registry.enrol(db.session, token, clock.now(), request.remote_addr or "")
    if enrolled is None:
        db.session.rollback()
        return _refused(registry.find_by_token(db.session, token))
    terminal, secret = enrolled
    db.session.commit()
    response = redirect(url_for("enrolment.this_screen", lang=request.args.get("lang")), 303)
    return enrolment.give_cookie(response, enrolment.cookie_value(terminal.id, secret))


@bp.get("/")
def this_screen():
    """Say which terminal this screen is, and where: or that it is a guest terminal of the server's own site."""
    return render_template("terminal/this_screen.html", here=enrolment.current_terminal(),
                           site=enrolment.terminal_site())


def _refused(terminal):
    """Answer a used, unknown or expired link with a page that says so; nothing changes."""
    expired = terminal is not None
    return make_response(render_template("terminal/enrol_refused.html", expired=expired), 410 if expired else 404)


@bp.before_app_request
def recognise_terminal() -> None:
    """Write an enrolled terminal's last-seen time every few minutes, before the page does anything else.

    Here the request has changed nothing yet, so this small commit carries nothing of the page's work.
    """
    raw = request.cookies.get(enrolment.COOKIE)
    if not raw or request.path.startswith(NOT_A_KIOSK_PAGE):
        return
    here = enrolment.current_terminal()
    if not here.enrolled:
        g.drop_terminal_cookie = True  # forged, copied before a revocation, or of a terminal enrolled again
    elif registry.note_seen(db.session, here.terminal_id, here.last_seen_at, clock.now()):
        db.session.commit()
        g.renew_terminal_cookie = raw


@bp.after_app_request
def keep_terminal_cookie(response):
    """Give a seen terminal its cookie again (browsers cap a cookie's age), and take a refused one away."""
    renew, drop = g.pop("renew_terminal_cookie", None), g.pop("drop_terminal_cookie", False)
    if renew and enrolment.COOKIE not in _cookies_set(response):
        enrolment.give_cookie(response, renew)
    elif drop and enrolment.COOKIE not in _cookies_set(response):
        response.delete_cookie(enrolment.COOKIE, httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def _cookies_set(response) -> str:
    return " ".join(response.headers.getlist("Set-Cookie"))
