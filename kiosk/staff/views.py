"""Signing staff in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, make_response, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kiosk import clock
from kiosk.extensions import db, limiter, login_manager
from kiosk.staff import services
from kiosk.staff.models import User

bp = Blueprint("staff", __name__, url_prefix="/staff")


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def too_many_attempts(_limit):
    """Answer with the sign-in page and a note: wait a minute."""
    return make_response(render_template("staff/login.html", form=LoginForm(), error="too_many"), 429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], on_breach=too_many_attempts)
def login():
    """Sign a member of staff in; a wrong name or password says so without saying which."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.username.data, form.password.data, clock.now())
        if user is not None:
            db.session.commit()
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME (a working day)
            login_user(user)
            return redirect(_local(request.args.get("next")) or url_for("terminal.home"))
        error = "wrong"
    elif request.method == "POST":
        error = "missing"
    return render_template("staff/login.html", form=form, error=error), 200 if error is None else 400


@bp.post("/logout")
@login_required
def logout():
    """Sign out."""
    logout_user()
    return redirect(url_for("staff.login"))


def _local(target: str | None) -> str | None:
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
