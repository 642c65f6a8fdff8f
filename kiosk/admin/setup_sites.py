"""The sites' pages: address, opening hours, closures, deactivating."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.admin.setup import active_choice, deletable, done, form_values, found, invalid
from kiosk.extensions import db
from kiosk.network import closures, editing
from kiosk.network.models import Site, SiteClosure
from kiosk.network.services import list_sites
from kiosk.network.week import week_form
from kiosk.validation import Invalid

FORM = "admin/setup/site_form.html"
CLOSURES_SHOWN = 366  # days of holidays and closures the site's page lists


@bp.get("/sites")
@allow(ADMIN)
def sites():
    """List the network's sites, active or not."""
    return render_template("admin/setup/sites.html", sites=list_sites(db.session))


@bp.route("/sites/new", methods=["GET", "POST"])
@allow(ADMIN)
def site_new():
    """Show the form of a new site, and create it."""
    if request.method == "GET":
        return render_template(FORM, site=None, values={}, errors={})
    try:
        site = editing.save_site(db.session, None, form_values(), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, site=None, values=request.form)
    return done(_("The site %(name)s was created.", name=site.name), "admin.site_edit", site_id=site.id)


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
@allow(ADMIN)
def site_edit(site_id: int):
    """Show a site's form, closures and state, and save its changes."""
    site = found(Site, site_id)
    if request.method == "GET":
        values = {**vars_of(site), **week_form(site.opening_hours)}
        return render_template(FORM, **_page(site), values=values, errors={})
    try:
        editing.save_site(db.session, site, form_values(), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **_page(site), values=request.form)
    return done(_("The site %(name)s was saved.", name=site.name), "admin.site_edit", site_id=site.id)


@bp.post("/sites/<int:site_id>/active")
@allow(ADMIN)
def site_active(site_id: int):
    """Deactivate a site (its kiosk and display say it is closed) or make it active again."""
    site, active = found(Site, site_id), active_choice()
    editing.set_site_active(db.session, site, active, actor(), clock.now())
    message = (_("The site is active again.") if active
               else _("The site is deactivated: its kiosk and display say it is closed."))
    return done(message, "admin.site_edit", site_id=site.id)


@bp.post("/sites/<int:site_id>/delete")
@allow(ADMIN)
def site_delete(site_id: int):
    """Delete a site that nothing refers to; otherwise say why it stays."""
    site = found(Site, site_id)
    if not editing.delete_site(db.session, site, actor(), clock.now()):
        flash(_("Something refers to this site, so it cannot be deleted: deactivate it instead."), "error")
        return redirect(url_for("admin.site_edit", site_id=site.id), 303)
    return done(_("The site was deleted."), "admin.sites")


@bp.post("/sites/<int:site_id>/closures")
@allow(ADMIN)
def closure_add(site_id: int):
    """Close a site for a day or a range of days, with a reason."""
    site, form = found(Site, site_id), request.form
    try:
        closures.add_closure(db.session, site, form.get("starts", ""), form.get("ends", ""), form.get("reason", ""),
                             actor(), clock.now())
    except Invalid as error:
        values = {**vars_of(site), **week_form(site.opening_hours)}
        return invalid(FORM, error.errors, **_page(site), values=values, closure_values=form)
    return done(_("The closure was added."), "admin.site_edit", site_id=site.id, _anchor="closures")


@bp.post("/sites/<int:site_id>/closures/<int:closure_id>/delete")
@allow(ADMIN)
def closure_delete(site_id: int, closure_id: int):
    """Remove a closure of a site."""
    site, closure = found(Site, site_id), found(SiteClosure, closure_id)
    if closure.site_id != site.id:
        abort(404)
    closures.remove_closure(db.session, site, closure, actor(), clock.now())
    return done(_("The closure was removed."), "admin.site_edit", site_id=site.id, _anchor="closures")


def vars_of(site: Site) -> dict:
    """Return a site's fields as the form's values."""
    return {name: getattr(site, name) for name in editing.SITE_FIELDS if name != "opening_hours"}


def _page(site: Site) -> dict:
    return {"site": site, "deletable": deletable(site),
            "closed": closures.upcoming(db.session, site.id, clock.today(), CLOSURES_SHOWN)}
