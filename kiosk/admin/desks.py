"""Central's desks: each site's link (heard from, pull lag, events received, a gap, the desk's own error) and the
desks' sync tokens, made (the token shown once) and revoked by an admin. Only central has desks: 404 elsewhere."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.sync import links, tokens
from kiosk.sync.models import DeskToken


class TokenForm(FlaskForm):
    site = SelectField(_l("Desk"), coerce=int, validators=[DataRequired(_l("Choose the desk the token is for."))])


def _form(formdata=None) -> TokenForm:
    form = TokenForm(formdata=formdata)
    sites = db.session.scalars(select(Site).where(Site.active).order_by(Site.name))
    form.site.choices = [(0, "—")] + [(site.id, site.name) for site in sites]
    return form


def _central_only() -> None:
    if current_app.config["KIOSK_ROLE"] != "central":
        abort(404)


@bp.route("/desks", methods=["GET", "POST"])
@allow(ADMIN)
def desks():
    """Show how each desk's link stands and its tokens; make a token, shown this once."""
    _central_only()
    form, made = _form(request.form if request.method == "POST" else None), None
    if form.validate_on_submit():
        site = db.session.get(Site, form.site.data) or abort(404)
        token, secret = tokens.make_token(db.session, site, actor(), clock.now())
        db.session.commit()
        made, form = (token, secret), _form()
    status = 422 if form.errors else 200
    return render_template("admin/desks/list.html", form=form, made=made, now=clock.now(),
                           states=links.states(db.session, clock.now()), tokens=tokens.list_tokens(db.session)), status


@bp.post("/desks/tokens/<int:token_id>/revoke")
@allow(ADMIN)
def revoke_desk_token(token_id: int):
    """Revoke a desk's token: that desk can no longer pull or push with it."""
    _central_only()
    token = db.session.get(DeskToken, token_id) or abort(404)
    if tokens.revoke_token(db.session, token, actor(), clock.now()):
        db.session.commit()
        flash(_l("The token %(prefix)s… is revoked.", prefix=token.prefix))
    return redirect(url_for("admin.desks"), 303)
