"""The back office's home: what each role can do from here."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from kiosk import clock
from kiosk.admin import access, bp, glance, nav
from kiosk.admin.access import ADMIN, EDITOR, RECEPTIONIST, allow
from kiosk.extensions import db


@bp.get("/")
@allow(ADMIN, EDITOR)
def home():
    """Show how the offers stand today and the back office's sections the signed-in person may open."""
    figures = glance.offer_figures(db.session, clock.today(), access.organisation_scope())
    return render_template("admin/home.html", figures=figures, closing_days=glance.CLOSING_SOON_DAYS)


@bp.app_template_global()
def admin_sections(role: str):
    """Return the back-office sections a role may open."""
    return nav.sections_for(role)


@bp.app_template_global()
def role_label(role: str) -> str:
    """Return a role's name in the page's language."""
    return str(ROLE_LABELS.get(role, role))


ROLE_LABELS = {ADMIN: _l("Administrator"), EDITOR: _l("Editor"), RECEPTIONIST: _l("Receptionist")}

# Each section of the back office registers its views on the blueprint when imported.
from kiosk.admin import (  # noqa: E402, F401
    accounts,
    api_keys,
    audit_log,
    desks,
    glossary,
    imports,
    offer_preview,
    offers,
    reports,
    setup,
    terminals,
)
