"""Staff accounts: create, deactivate, reset and re-scope them; anyone's own password."""

from __future__ import annotations

from babel.dates import format_datetime
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, EDITOR, RECEPTIONIST, actor, allow
from kiosk.extensions import db
from kiosk.ids import parse_id
from kiosk.staff import accounts as staff_accounts
from kiosk.staff.accounts import Scope
from kiosk.staff.models import User
from kiosk.staff.services import MIN_PASSWORD_LENGTH, AccountError


@bp.app_template_filter("local_datetime")
def local_datetime(moment) -> str:
    """Return a moment as a short date and time at the desks (Europe/Rome), in the page's language."""
    return format_datetime(moment, "short", tzinfo=clock.LOCAL_ZONE, locale=get_locale()) if moment else ""


@bp.get("/accounts")
@allow(ADMIN)
def accounts():
    """List the staff accounts: name, role, where they work, active or not, last sign-in."""
    return render_template("admin/accounts/list.html", accounts=staff_accounts.list_accounts(db.session))


@bp.route("/accounts/new", methods=["GET", "POST"])
@allow(ADMIN)
def account_new():
    """Make a staff account with its role, scope and first password (given, or made and shown once)."""
    if request.method == "GET":
        return _account_form(None)
    password = request.form.get("password", "") or staff_accounts.generate_password()
    try:
        user = staff_accounts.create_account(db.session, actor(), clock.now(), request.form.get("username", ""),
                                       _scope_from_form(), password)
    except AccountError as error:
        db.session.rollback()
        return _account_form(None, error, 400)
    db.session.commit()
    return _password_given(user, password, generated=not request.form.get("password"), created=True)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@allow(ADMIN)
def account_edit(user_id: int):
    """Show an account and change its role, organisation or site."""
    user = _user(user_id)
    if request.method == "GET":
        return _account_form(user)
    try:
        staff_accounts.rescope(db.session, actor(), clock.now(), user, _scope_from_form())
    except AccountError as error:
        db.session.rollback()
        return _account_form(db.session.get(User, user_id), error, 400)
    db.session.commit()
    flash(_l("The account %(name)s was saved.", name=user.username), "ok")
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:user_id>/<any(deactivate, reactivate):change>")
@allow(ADMIN)
def account_active(user_id: int, change: str):
    """Deactivate an account (its sessions end at once) or open it again."""
    user = _user(user_id)
    try:
        getattr(staff_accounts, change)(db.session, actor(), clock.now(), user)
    except AccountError as error:
        db.session.rollback()
        return _account_form(db.session.get(User, user_id), error, 400)
    db.session.commit()
    flash(_l("%(name)s can no longer sign in.", name=user.username) if change == "deactivate"
          else _l("%(name)s can sign in again.", name=user.username), "ok")
    return redirect(url_for("admin.accounts"))


@bp.route("/accounts/<int:user_id>/password", methods=["GET", "POST"])
@allow(ADMIN)
def account_password(user_id: int):
    """Give someone a new password, typed by the admin or made by the app and shown once; their sessions end."""
    user = _user(user_id)
    if user.id == current_user.id:  # one's own password needs the current one, and keeps this session
        return redirect(url_for("admin.password"))
    if request.method == "GET":
        return render_template("admin/accounts/reset.html", user=user, minimum=MIN_PASSWORD_LENGTH)
    typed = request.form.get("password", "") if request.form.get("generate") != "1" else ""
    password = typed or staff_accounts.generate_password()
    try:
        staff_accounts.reset_password(db.session, actor(), clock.now(), user, password)
    except AccountError as error:
        db.session.rollback()
        return render_template("admin/accounts/reset.html", user=user, minimum=MIN_PASSWORD_LENGTH,
                               error=error), 400
    db.session.commit()
    return _password_given(user, password, generated=not typed, created=False)


@bp.route("/password", methods=["GET", "POST"])
@allow(ADMIN, EDITOR, RECEPTIONIST)
def password():
    """Change one's own password: every other session of that person ends, this one stays signed in."""
    if request.method == "GET":
        return render_template("admin/accounts/own_password.html", minimum=MIN_PASSWORD_LENGTH)
    user = current_user._get_current_object()
    form = request.form
    try:
        staff_accounts.change_own_password(db.session, user, clock.now(), request.remote_addr or "",
                                     form.get("current", ""), form.get("new", ""), form.get("repeated", ""))
    except AccountError as error:
        db.session.rollback()
        return render_template("admin/accounts/own_password.html", minimum=MIN_PASSWORD_LENGTH, error=error), 400
    db.session.commit()
    login_user(user)  # this browser's session now carries the new session token; every other one has ended
    return render_template("admin/accounts/own_password.html", minimum=MIN_PASSWORD_LENGTH, done=True)


def _account_form(user: User | None, error: AccountError | None = None, status: int = 200):
    """Render the new-account or the account form, with what was typed when it was refused."""
    organisations, sites = staff_accounts.scope_choices(db.session)
    page = render_template("admin/accounts/form.html", user=user, error=error, minimum=MIN_PASSWORD_LENGTH,
                           typed=request.form if error is not None else {}, organisations=organisations, sites=sites)
    return page, status


def _password_given(user: User, password: str, *, generated: bool, created: bool):
    """Show a new password once, in this answer only (never in the address, a cookie or the log)."""
    return render_template("admin/accounts/password_given.html", user=user, password=password,
                           generated=generated, created=created)


def _scope_from_form() -> Scope:
    return Scope(role=request.form.get("role", ""), organisation_id=parse_id(request.form.get("organisation_id")),
                 site_id=parse_id(request.form.get("site_id")))


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user
