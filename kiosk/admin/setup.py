"""The desks' set-up: sites, services, counters and organisations (admins only).

What the four sections share lives here; each has its own module of views.
"""

from __future__ import annotations

from babel.dates import get_day_names
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale

from kiosk.admin import bp
from kiosk.extensions import db
from kiosk.references import may_delete


def form_values(*lists: str) -> dict:
    """Return the posted form as plain values, the named fields as lists (checkboxes)."""
    values = request.form.to_dict()
    for name in lists:
        values[name] = request.form.getlist(name)
    return values


def found(model, record_id: int):
    """Return a record by its id, or answer 404."""
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def invalid(template: str, errors: dict, **context):
    """Show a form again with its messages; nothing was saved."""
    db.session.rollback()
    return render_template(template, errors=errors, **context), 422


def done(message, endpoint: str, **values):
    """Commit the request's one change, say so on the next page, and go there (303: a GET after the POST)."""
    db.session.commit()
    flash(message, "ok")
    return redirect(url_for(endpoint, **values), 303)


def deletable(record) -> bool:
    """Tell whether a record may be deleted for real, because nothing refers to it."""
    return may_delete(db.session, record)


def active_choice() -> bool:
    """Return the posted wish: "1" to make active again, anything else to deactivate."""
    return request.form.get("active") == "1"


@bp.app_template_global()
def admin_weekdays() -> list[tuple[int, str]]:
    """Return the weekdays as (number, name) in the page's language, Monday first."""
    names = get_day_names("wide", locale=get_locale())
    return [(day, names[day].capitalize()) for day in range(7)]


# Each section registers its views on the blueprint when imported.
from kiosk.admin import setup_counters, setup_organisations, setup_services, setup_sites  # noqa: E402, F401
