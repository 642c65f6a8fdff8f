"""The counters' pages: their numbers, the languages their staff speak and the services they serve."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.admin.setup import active_choice, deletable, done, form_values, found, invalid
from kiosk.admin.setup_services import chosen_site
from kiosk.extensions import db
from kiosk.i18n import LANGUAGES
from kiosk.ids import parse_id
from kiosk.network.models import Site
from kiosk.network.services import list_sites
from kiosk.queue import editing
from kiosk.queue.models import Counter
from kiosk.queue.services import service_text
from kiosk.validation import Invalid

FORM = "admin/setup/counter_form.html"
LISTS = ("languages", "services")


@bp.get("/counters")
@allow(ADMIN)
def counters():
    """List a site's counters with their languages and services."""
    site = chosen_site()
    rows = db.session.scalars(select(Counter).where(Counter.site_id == site.id).order_by(Counter.number)
                              .options(selectinload(Counter.services))) if site else []
    return render_template("admin/setup/counters.html", site=site, sites=list_sites(db.session), counters=list(rows),
                           autonyms={language.code: language.autonym for language in LANGUAGES})


@bp.route("/counters/new", methods=["GET", "POST"])
@allow(ADMIN)
def counter_new():
    """Show the form of a new counter of a site, and create it."""
    site = found(Site, request.args.get("site", type=parse_id) or 0)
    if request.method == "GET":
        return render_template(FORM, **_page(site, None), values={"languages": ["it"]}, errors={})
    try:
        counter = editing.save_counter(db.session, site.id, None, form_values(*LISTS), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **_page(site, None), values=form_values(*LISTS))
    return done(_("Counter %(number)s was created.", number=counter.number), "admin.counters", site=site.id)


@bp.route("/counters/<int:counter_id>", methods=["GET", "POST"])
@allow(ADMIN)
def counter_edit(counter_id: int):
    """Show a counter's form and state, and save its changes."""
    counter = found(Counter, counter_id)
    site = db.session.get(Site, counter.site_id)
    if request.method == "GET":
        values = {"number": str(counter.number), "languages": counter.languages,
                  "services": [str(service.id) for service in counter.services]}
        return render_template(FORM, **_page(site, counter), values=values, errors={})
    try:
        editing.save_counter(db.session, site.id, counter, form_values(*LISTS), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **_page(site, counter), values=form_values(*LISTS))
    return done(_("Counter %(number)s was saved.", number=counter.number), "admin.counters", site=site.id)


@bp.post("/counters/<int:counter_id>/active")
@allow(ADMIN)
def counter_active(counter_id: int):
    """Take a counter out of use (nobody may sit there) or back into use."""
    counter, active = found(Counter, counter_id), active_choice()
    editing.set_counter_active(db.session, counter, active, actor(), clock.now())
    message = (_("The counter is in use again.") if active
               else _("The counter is deactivated: it can no longer be chosen at the counter screen."))
    return done(message, "admin.counter_edit", counter_id=counter.id)


@bp.post("/counters/<int:counter_id>/delete")
@allow(ADMIN)
def counter_delete(counter_id: int):
    """Delete a counter that nothing refers to; otherwise say why it stays."""
    counter = found(Counter, counter_id)
    site_id = counter.site_id
    if not editing.delete_counter(db.session, counter, actor(), clock.now()):
        flash(_("Tickets refer to this counter, so it cannot be deleted: deactivate it instead."), "error")
        return redirect(url_for("admin.counter_edit", counter_id=counter.id), 303)
    return done(_("The counter was deleted."), "admin.counters", site=site_id)


def _page(site: Site, counter: Counter | None) -> dict:
    services = editing.site_service_list(db.session, site.id)
    return {"site": site, "counter": counter, "deletable": deletable(counter) if counter else False,
            "language_options": [(language.code, language.autonym, language.tag) for language in LANGUAGES],
            "service_options": [(str(service.id), f"{service.prefix} – {service_text(service, 'it')['name']}", "it")
                                for service in services]}
