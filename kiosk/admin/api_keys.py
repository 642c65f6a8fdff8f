"""Organisations' API keys: made (the key shown once), listed and revoked by an admin."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.api import keys
from kiosk.api.models import ApiKey
from kiosk.extensions import db
from kiosk.network.models import Organisation


class KeyForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int,
                               validators=[DataRequired(_l("Choose the organisation the key writes for."))])
    name = StringField(_l("What the key is for"), validators=[DataRequired(_l("Say what the key is for.")),
                                                             Length(max=80)],
                       description=_l("For example: Tempor's vacancy system."))


def _form(formdata=None) -> KeyForm:
    """Return the form to make a key: as sent (`formdata`), or empty."""
    form = KeyForm(formdata=formdata)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    form.organisation.choices = [(0, "—")] + [(organisation.id, organisation.name) for organisation in organisations]
    return form


@bp.route("/api-keys", methods=["GET", "POST"])
@allow(ADMIN)
def api_keys():
    """List the keys and make a new one, shown this once."""
    form, made = _form(request.form if request.method == "POST" else None), None
    if form.validate_on_submit():
        api_key, secret = keys.make_key(db.session, form.organisation.data, form.name.data, actor(), clock.now())
        db.session.commit()
        made, form = (api_key, secret), _form()
    status = 422 if form.errors else 200
    return render_template("admin/api_keys/list.html", form=form, made=made,
                           keys=keys.list_keys(db.session)), status


@bp.post("/api-keys/<int:key_id>/revoke")
@allow(ADMIN)
def revoke_api_key(key_id: int):
    """Revoke a key: the partner's system can no longer write with it."""
    api_key = db.session.get(ApiKey, key_id) or abort(404)
    if keys.revoke_key(db.session, api_key, actor(), clock.now()):
        db.session.commit()
        flash(_l("The key %(prefix)s… is revoked.", prefix=api_key.prefix))
    return redirect(url_for("admin.api_keys"), 303)


@bp.app_template_filter("short_moment")
def short_moment(moment) -> str:
    """Return a moment as a short date and time in the page's language, or an empty string."""
    return format_datetime(moment, "short") if moment else ""
