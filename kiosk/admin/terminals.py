"""Terminals: registered, enrolled with a one-time link, revoked."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.extensions import db
from kiosk.network import services as network
from kiosk.printing.backends import BACKENDS
from kiosk.terminal import registry
from kiosk.terminal.models import Terminal
from kiosk.urls import public_url

BACKEND_LABELS = {"browser": _l("The kiosk's browser prints"), "cups": _l("A CUPS printer of the server"),
                  "none": _l("No printing")}
STATE_LABELS = {registry.ENROLLED: _l("Enrolled"), registry.WAITING: _l("Waiting for enrolment"),
                registry.REVOKED: _l("Revoked")}


class WholeNumberField(IntegerField):
    """A whole number whose complaint is in the page's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Please enter a whole number.")) from None


def _between(low: int, high: int):
    return NumberRange(low, high, message=_l("Please enter a number from %(min)s to %(max)s."))


class TerminalForm(FlaskForm):
    name = StringField(_l("Name"), filters=[lambda value: value.strip() if value else value], validators=[
        DataRequired(_l("Please give the terminal a name.")), Length(max=64, message=_l("At most 64 characters."))])
    site_id = SelectField(_l("Site"), coerce=int)
    print_backend = SelectField(_l("Printing"), choices=[SelectChoice(key, BACKEND_LABELS[key]) for key in BACKENDS])
    printer = StringField(_l("CUPS printer name"), filters=[lambda value: value.strip() if value else value],
                          validators=[Optional(), Length(max=120, message=_l("At most 120 characters.")),
                                      Regexp(r"^[^\s/#\\]+$", message=_l("A printer name has no spaces, / or #."))])
    idle_seconds = WholeNumberField(_l("Seconds without a touch before the screen starts over"), validators=[
        InputRequired(_l("Please enter a whole number.")), _between(*registry.IDLE_SECONDS)])
    ticket_limit = WholeNumberField(_l("Tickets per minute, at most"), validators=[
        InputRequired(_l("Please enter a whole number.")), _between(*registry.PER_MINUTE)])
    print_limit = WholeNumberField(_l("Printouts per minute, at most"), validators=[
        InputRequired(_l("Please enter a whole number.")), _between(*registry.PER_MINUTE)])

    def settings(self) -> registry.Settings:
        return registry.Settings(self.site_id.data, self.name.data, self.print_backend.data, self.printer.data or "",
                                 self.idle_seconds.data, self.ticket_limit.data, self.print_limit.data)


@bp.get("/terminals")
@allow(ADMIN)
def terminals():
    """List the terminals: where each stands, whether it is enrolled, when it was last seen."""
    return render_template("admin/terminals/list.html", terminals=registry.list_terminals(db.session),
                           **_helpers())


@bp.route("/terminals/new", methods=["GET", "POST"])
@allow(ADMIN)
def terminal_new():
    """Register a terminal, with the server's own settings to start from."""
    form = _form(data=registry.defaults(current_app.config))
    terminal = _save(form, None) if form.validate_on_submit() else None
    if terminal is not None:
        return redirect(url_for("admin.terminal_edit", terminal_id=terminal.id), 303)
    return _form_page(form, None)


@bp.route("/terminals/<int:terminal_id>", methods=["GET", "POST"])
@allow(ADMIN)
def terminal_edit(terminal_id: int):
    """Show a terminal's settings and state, and change them."""
    terminal = _terminal_or_404(terminal_id)
    form = _form(obj=terminal)
    if form.validate_on_submit() and _save(form, terminal) is not None:
        return redirect(url_for("admin.terminal_edit", terminal_id=terminal.id), 303)
    return _form_page(form, terminal)


@bp.post("/terminals/<int:terminal_id>/link")
@allow(ADMIN)
def terminal_link(terminal_id: int):
    """Make a new one-time enrolment link and show it once, with its QR code; an earlier link stops working."""
    terminal, now = _terminal_or_404(terminal_id), clock.now()
    token = registry.new_enrolment_link(db.session, terminal, actor(), now)
    db.session.commit()
    # At central the kiosk enrols at its own desk's server, which has the link a few seconds later from its pull:
    # the page gives the address's path, to open after the desk server's own address.
    at_desk = current_app.config["KIOSK_ROLE"] == "central"
    link = url_for("enrolment.confirm", token=token) if at_desk else public_url("enrolment.confirm", token=token)
    return render_template("admin/terminals/link.html", terminal=terminal, moment=_moment, link=link, at_desk=at_desk,
                           expires_at=terminal.enrolment_expires_at)


@bp.get("/terminals/<int:terminal_id>/revoke")
@allow(ADMIN)
def terminal_revoke_confirm(terminal_id: int):
    """Ask before revoking: the screen can only come back with a new link opened on it."""
    return render_template("admin/terminals/revoke.html", terminal=_terminal_or_404(terminal_id))


@bp.post("/terminals/<int:terminal_id>/revoke")
@allow(ADMIN)
def terminal_revoke(terminal_id: int):
    """Revoke a terminal: its screen becomes a guest terminal at its next touch."""
    terminal = _terminal_or_404(terminal_id)
    registry.revoke(db.session, terminal, actor(), clock.now())
    db.session.commit()
    flash(_("%(name)s is revoked: its screen is now a guest terminal.", name=terminal.name), "ok")
    return redirect(url_for("admin.terminal_edit", terminal_id=terminal.id), 303)


def _terminal_or_404(terminal_id: int) -> Terminal:
    terminal = db.session.get(Terminal, terminal_id)
    if terminal is None:
        abort(404)
    return terminal


def _form(**values) -> TerminalForm:
    form = TerminalForm(**values)
    form.site_id.choices = [SelectChoice(site.id, site.name) for site in network.list_sites(db.session)]
    return form


def _save(form: TerminalForm, terminal: Terminal | None) -> Terminal | None:
    """Register or change the terminal and commit; None when its name is taken (said beside the field)."""
    try:
        if terminal is None:
            terminal = registry.register(db.session, form.settings(), actor(), clock.now())
            flash(_("%(name)s is registered. Now make its enrolment link and open it on the kiosk.",
                    name=terminal.name), "ok")
        elif registry.change(db.session, terminal, form.settings(), actor(), clock.now()):
            flash(_("Saved."), "ok")
    except registry.NameTaken:
        db.session.rollback()
        form.name.errors.append(_("Another terminal has this name."))
        return None
    db.session.commit()
    return terminal


def _form_page(form: TerminalForm, terminal: Terminal | None):
    status = 400 if form.errors else 200
    return render_template("admin/terminals/form.html", form=form, terminal=terminal,
                           current_state=registry.state(terminal) if terminal else None, **_helpers()), status


def _helpers() -> dict:
    """Return what the terminals' pages use to say a state, a moment and the limits."""
    return dict(state=registry.state, states=STATE_LABELS, now=clock.now(), link_pending=registry.link_pending,
                moment=_moment, idle_range=registry.IDLE_SECONDS, per_minute=registry.PER_MINUTE)


def _moment(value) -> str:
    """Return a moment as the desks read it: a short date and time in Europe/Rome, in the page's language."""
    return format_datetime(value, "short")
