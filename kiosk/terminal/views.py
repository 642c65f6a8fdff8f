"""The terminal's own pages: start, home, about the desk, display modes, starting over."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user

from kiosk import clock, i18n
from kiosk.extensions import db
from kiosk.network import services as network
from kiosk.offers import services as offers
from kiosk.terminal import enrolment
from kiosk.terminal.tickets import desk_opening
from kiosk.urls import local_path

bp = Blueprint("terminal", __name__)
DISPLAY_MODES = ("large_text", "high_contrast", "lowered")  # "lowered": every control in the lower part
# What a member of staff's browser keeps when a kiosk page starts over: their sign-in (Flask-Login's keys and the
# session's lifetime) and the CSRF token their open counter screen sends.
STAFF_KEYS = ("_user_id", "_fresh", "_id", "_permanent", "csrf_token")


@bp.before_app_request
def choose_language() -> None:
    """Speak the language the visitor chose (?lang=, kept in the session), never the browser's."""
    if not request.path.startswith(("/api/", "/static/", "/healthz", "/m/")):
        i18n.remember_language()


@bp.get("/")
def start():
    """Show the start screen that invites a touch and offers the nine languages."""
    return render_template("terminal/start.html")


@bp.post("/start-over")
def start_over():
    """Forget everything of the last visitor and go back to the start screen in Italian; staff stay signed in."""
    kept = {key: session[key] for key in STAFF_KEYS if key in session} if current_user.is_authenticated else {}
    session.clear()
    session.update(kept)
    return redirect(url_for("terminal.start", lang=i18n.DEFAULT_LANGUAGE), 303)


@bp.get("/home")
def home():
    """Show the home tiles: opportunities, a queue ticket, about the desk."""
    site, now = enrolment.terminal_site(), clock.now()
    counts = offers.count_by_kind(db.session, now.date())
    opening = desk_opening(site, now)
    return render_template("terminal/home.html", site=site, counts=counts, opening=opening,
                           opens_in=opening.days_until_opening(now))


@bp.get("/about")
def about():
    """Show this desk's address and opening hours, and the other desks of the network."""
    sites = network.list_sites(db.session)
    here = next((s for s in sites if s.slug == enrolment.current_terminal().site_slug), None)
    return render_template("terminal/about.html", here=here, sites=sites)


@bp.post("/display-mode")
def display_mode():
    """Switch larger text, high contrast or the lowered screen on or off for the current visitor."""
    mode = request.form.get("mode")
    if mode not in DISPLAY_MODES:
        abort(400)
    session[mode] = not session.get(mode, False)
    return redirect(local_path(request.form.get("next")) or url_for("terminal.home"))
