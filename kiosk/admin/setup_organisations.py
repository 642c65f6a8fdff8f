"""The partner organisations' pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.admin.setup import active_choice, deletable, done, form_values, found, invalid
from kiosk.extensions import db
from kiosk.network import editing
from kiosk.network.models import Organisation
from kiosk.validation import Invalid

FORM = "admin/setup/organisation_form.html"


@bp.get("/organisations")
@allow(ADMIN)
def organisations():
    """List the partner organisations, active or not, by name."""
    rows = db.session.scalars(select(Organisation).order_by(Organisation.active.desc(), Organisation.name))
    return render_template("admin/setup/organisations.html", organisations=list(rows), kinds=editing.ORGANISATION_KINDS)


@bp.route("/organisations/new", methods=["GET", "POST"])
@allow(ADMIN)
def organisation_new():
    """Show the form of a new organisation, and create it."""
    context = {"organisation": None, "kinds": editing.ORGANISATION_KINDS}
    if request.method == "GET":
        return render_template(FORM, **context, values={}, errors={})
    try:
        organisation = editing.save_organisation(db.session, None, form_values(), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **context, values=request.form)
    return done(_("The organisation %(name)s was created.", name=organisation.name), "admin.organisations")


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@allow(ADMIN)
def organisation_edit(organisation_id: int):
    """Show an organisation's form and state, and save its changes."""
    organisation = found(Organisation, organisation_id)
    context = {"organisation": organisation, "kinds": editing.ORGANISATION_KINDS, "deletable": deletable(organisation)}
    if request.method == "GET":
        values = {name: getattr(organisation, name) for name in editing.ORGANISATION_FIELDS}
        return render_template(FORM, **context, values=values, errors={})
    try:
        editing.save_organisation(db.session, organisation, form_values(), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **context, values=request.form)
    return done(_("The organisation %(name)s was saved.", name=organisation.name), "admin.organisations")


@bp.post("/organisations/<int:organisation_id>/active")
@allow(ADMIN)
def organisation_active(organisation_id: int):
    """Deactivate an organisation (no new offers or accounts) or make it active again."""
    organisation, active = found(Organisation, organisation_id), active_choice()
    editing.set_organisation_active(db.session, organisation, active, actor(), clock.now())
    message = (_("The organisation is active again.") if active
               else _("The organisation is deactivated: it gets no new offers and no new accounts."))
    return done(message, "admin.organisation_edit", organisation_id=organisation.id)


@bp.post("/organisations/<int:organisation_id>/delete")
@allow(ADMIN)
def organisation_delete(organisation_id: int):
    """Delete an organisation that nothing refers to; otherwise say why it stays."""
    organisation = found(Organisation, organisation_id)
    if not editing.delete_organisation(db.session, organisation, actor(), clock.now()):
        flash(_("Offers or accounts refer to this organisation, so it cannot be deleted: deactivate it instead."),
              "error")
        return redirect(url_for("admin.organisation_edit", organisation_id=organisation.id), 303)
    return done(_("The organisation was deleted."), "admin.organisations")
