"""The glossary's pages: every term with its explanation, on the kiosk (`/glossary`) and on a phone (`/m/glossary`)."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import refresh

from kiosk import i18n
from kiosk.extensions import db
from kiosk.glossary.services import active_terms, explain

bp = Blueprint("glossary", __name__)


def _explained() -> list:
    lang = i18n.language().code
    return [explain(term, lang) for term in active_terms(db.session)]


@bp.get("/glossary")
def kiosk_page():
    """List every term of the glossary on the touch screen, in the visitor's language."""
    return render_template("glossary/kiosk.html", entries=_explained())


@bp.get("/m/glossary")
def phone_page():
    """List every term on a phone, in the language of ?lang= (as every phone page)."""
    g.lang = i18n.normalise_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
    refresh()
    return render_template("glossary/phone.html", entries=_explained(),
                           same_page_in=lambda code: url_for("glossary.phone_page", lang=code))
