"""Signing staff in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kiosk import clock
from kiosk.caching import no_store
from kiosk.counter import receptionist
from kiosk.extensions import db, limiter, login_manager
from kiosk.staff import accounts, services
from kiosk.staff.models import User
from kiosk.urls import local_path

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.after_request(no_store)


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Return the person a session names by their session token: none once they signed out or changed password."""
    return services.session_user(db.session, session_token)


def too_many_attempts(_limit):
    """Answer with the sign-in page and a note: wait a minute."""
    return make_response(render_template("staff/login.html", form=LoginForm(), error="too_many"), 429)


def sign_in_rate() -> str:
    """Return how many sign-ins an address may try, as Flask-Limiter reads a limit."""
    return current_app.config["KIOSK_SIGN_IN_RATE"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(sign_in_rate, methods=["POST"], on_breach=too_many_attempts)
def login():
    """Sign a member of staff in; a wrong name or password says so without saying which."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.username.data, form.password.data, clock.now())
        if user is not None:
            accounts.record_sign_in(db.session, user, clock.now(), request.remote_addr or "")
            db.session.commit()
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME (a working day)
            login_user(user)
            return redirect(local_path(request.args.get("next")) or landing_page(user))
        accounts.record_failed_sign_in(db.session, form.username.data, clock.now(), request.remote_addr or "")
        db.session.commit()
        error = "wrong"
    elif request.method == "POST":
        error = "missing"
    return render_template("staff/login.html", form=form, error=error), 200 if error is None else 400


def landing_page(user: User) -> str:
    """Return where a person lands after signing in: the counter for a receptionist, the back office otherwise.

    A desk has no back office (central writes it), so there everyone lands at the counter screen.
    """
    if user.role == "receptionist" or current_app.config["KIOSK_ROLE"] == "desk":
        return url_for("counter.choose")
    return url_for("admin.home")


@bp.post("/logout")
@login_required
def logout():
    """Sign out."""
    end_staff_session()
    return redirect(url_for("staff.login"))


def end_staff_session() -> None:
    """Leave the counters the signed-in person sits at and end their sessions everywhere, this one and any copy.

    A counter nobody sits at must not count as open, and a session cookie copied before signing out opens nothing.
    """
    receptionist.leave_all(db.session, current_user.id)
    services.end_sessions(current_user)
    accounts.record_sign_out(db.session, current_user, clock.now(), request.remote_addr or "")
    db.session.commit()
    logout_user()

