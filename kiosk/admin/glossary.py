"""The glossary's pages in the back office (admins): the terms, a term's forms and its words in every language."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, actor, allow
from kiosk.admin.setup import active_choice, done, found, invalid
from kiosk.extensions import db
from kiosk.glossary import editing
from kiosk.glossary.matching import fold
from kiosk.glossary.models import GlossaryTerm
from kiosk.validation import Invalid

FORM = "admin/glossary/form.html"


@bp.get("/glossary")
@allow(ADMIN)
def glossary():
    """List the terms, active or not, alphabetically, with how complete each language is."""
    terms = sorted(db.session.scalars(select(GlossaryTerm)),
                   key=lambda term: (not term.active, fold(term.term).casefold()))
    return render_template("admin/glossary/list.html", terms=terms, completeness=editing.completeness)


@bp.route("/glossary/new", methods=["GET", "POST"])
@allow(ADMIN)
def glossary_term_new():
    """Show the form of a new term, and create it."""
    if request.method == "GET":
        return render_template(FORM, term=None, values={}, errors={})
    try:
        term = editing.save_term(db.session, None, request.form, actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, term=None, values=request.form)
    return done(_("The word %(term)s was added to the glossary.", term=term.term), "admin.glossary")


@bp.route("/glossary/<int:glossary_term_id>", methods=["GET", "POST"])
@allow(ADMIN)
def glossary_term_edit(glossary_term_id: int):
    """Show a term's form and state, and save its changes."""
    term = found(GlossaryTerm, glossary_term_id)
    if request.method == "GET":
        return render_template(FORM, term=term, values=editing.form_values(term), errors={})
    try:
        editing.save_term(db.session, term, request.form, actor(), clock.now())
    except Invalid as error:
        return invalid(FORM, error.errors, term=term, values=request.form)
    return done(_("The word %(term)s was saved.", term=term.term), "admin.glossary")


@bp.post("/glossary/<int:glossary_term_id>/active")
@allow(ADMIN)
def glossary_term_active(glossary_term_id: int):
    """Stop explaining a term on the kiosk and the phones, or start again."""
    term, active = found(GlossaryTerm, glossary_term_id), active_choice()
    editing.set_term_active(db.session, term, active, actor(), clock.now())
    message = (_("The word is explained again.") if active
               else _("The word is deactivated: texts no longer mark it and the glossary no longer lists it."))
    return done(message, "admin.glossary_term_edit", glossary_term_id=term.id)
