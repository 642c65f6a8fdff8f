"""The services' pages: the queues of a site, their letters, texts in nine languages, documents and counters."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiosk import clock, i18n
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.admin.setup import active_choice, deletable, done, form_values, found, invalid
from kiosk.extensions import db
from kiosk.ids import parse_id
from kiosk.network.models import Site
from kiosk.network.services import get_site, list_sites
from kiosk.queue import editing
from kiosk.queue.models import Service
from kiosk.queue.to_bring import DOCUMENTS, document_name
from kiosk.validation import Invalid

FORM = "admin/setup/service_form.html"
LISTS = ("documents", "counters")


@bp.get("/services")
@allow(ADMIN)
def services():
    """List a site's services with their letters, counters and how complete each language is."""
    site = chosen_site()
    rows = db.session.scalars(select(Service).where(Service.site_id == site.id)
                              .order_by(Service.position, Service.prefix)
                              .options(selectinload(Service.counters))) if site else []
    return render_template("admin/setup/services.html", site=site, sites=list_sites(db.session), services=list(rows),
                           completeness=editing.completeness)


@bp.route("/services/new", methods=["GET", "POST"])
@allow(ADMIN)
def service_new():
    """Show the form of a new service of a site, and create it."""
    site = found(Site, request.args.get("site", type=parse_id) or 0)
    if request.method == "GET":
        return render_template(FORM, **_page(site, None), values={"position": "0"}, errors={})
    try:
        service = editing.save_service(db.session, site.id, None, form_values(*LISTS), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **_page(site, None), values=_posted())
    return done(_("The service %(letter)s was created.", letter=service.prefix), "admin.services", site=site.id)


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@allow(ADMIN)
def service_edit(service_id: int):
    """Show a service's form and state, and save its changes."""
    service = found(Service, service_id)
    site = db.session.get(Site, service.site_id)
    if request.method == "GET":
        return render_template(FORM, **_page(site, service), values=_values(service), errors={})
    try:
        editing.save_service(db.session, site.id, service, form_values(*LISTS), actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, **_page(site, service), values=_posted())
    return done(_("The service %(letter)s was saved.", letter=service.prefix), "admin.services", site=site.id)


@bp.post("/services/<int:service_id>/active")
@allow(ADMIN)
def service_active(service_id: int):
    """Take a service off the kiosk or offer it again."""
    service, active = found(Service, service_id), active_choice()
    editing.set_service_active(db.session, service, active, actor(), clock.now())
    message = (_("The service is offered again.") if active
               else _("The service is deactivated: the kiosk no longer offers it."))
    return done(message, "admin.service_edit", service_id=service.id)


@bp.post("/services/<int:service_id>/delete")
@allow(ADMIN)
def service_delete(service_id: int):
    """Delete a service that nothing refers to; otherwise say why it stays."""
    service = found(Service, service_id)
    site_id = service.site_id
    if not editing.delete_service(db.session, service, actor(), clock.now()):
        flash(_("Tickets refer to this service, so it cannot be deleted: deactivate it instead."), "error")
        return redirect(url_for("admin.service_edit", service_id=service.id), 303)
    return done(_("The service was deleted."), "admin.services", site=site_id)


def chosen_site() -> Site | None:
    """Return the site the query names, else this server's own, else the first one."""
    site_id = request.args.get("site", type=parse_id)
    site = db.session.get(Site, site_id) if site_id else get_site(db.session, current_app.config["KIOSK_SITE"])
    return site or next(iter(list_sites(db.session)), None)


def _page(site: Site, service: Service | None) -> dict:
    lang = i18n.current_language()
    counters = editing.site_counters(db.session, site.id)
    return {"site": site, "service": service, "deletable": deletable(service) if service else False,
            "documents": [(key, document_name(key, lang)) for key in DOCUMENTS],
            "counter_options": [(str(counter.id), _("Counter %(number)s", number=counter.number))
                                for counter in counters],
            "completeness": editing.completeness, "texts_of": _texts_of}


def _texts_of(values) -> dict:
    """Return the texts a form's values hold, as `Service.texts` keeps them."""
    return {code: {"name": values.get(f"name-{code}", ""), "description": values.get(f"description-{code}", "")}
            for code in editing.LANGUAGE_CODES}


def _values(service: Service) -> dict:
    values = {"slug": service.slug, "prefix": service.prefix, "position": str(service.position),
              "documents": service.documents, "counters": [str(counter.id) for counter in service.counters]}
    for code, text in service.texts.items():
        values[f"name-{code}"], values[f"description-{code}"] = text.get("name", ""), text.get("description", "")
    return values


def _posted() -> dict:
    return form_values(*LISTS)
