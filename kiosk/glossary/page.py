"""The glossary on a page: the `explain` filter marks terms in a text, the layout then gives each marked one a dialog.

The page's terms and matcher are read once per request (on `g`); the terms marked so far are kept there too, so a
term is marked once per page and its dialog is written once, after the content, by `marked_terms()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, g, has_request_context, request
from markupsafe import Markup, escape

from kiosk import i18n
from kiosk.extensions import db
from kiosk.glossary.matching import Matcher, mark
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.services import Explained, active_terms, explain, matcher_for


@dataclass
class PageGlossary:
    """The active terms as one request sees them, and the keys already marked on its page (in order)."""

    terms: dict[str, GlossaryTerm]
    matcher: Matcher
    marked: dict[str, None] = field(default_factory=dict)


def page_glossary() -> PageGlossary:
    """Return this request's glossary, reading the terms on first use."""
    this_request = request._get_current_object()
    found = g.get("glossary")
    if found is None or found[0] is not this_request:  # `g` may outlive a request (the tests' app context)
        terms = active_terms(db.session)
        found = g.glossary = (this_request, PageGlossary({term.key: term for term in terms}, matcher_for(terms)))
    return found[1]


def explain_filter(value) -> Markup:
    """Mark the glossary's terms in a text (safe HTML, or plain text escaped here): each term once per page."""
    html = value if isinstance(value, Markup) else escape(value or "")
    if not has_request_context() or not str(html):
        return Markup(html)
    glossary = page_glossary()
    seen = set(glossary.marked)
    marked = mark(html, glossary.matcher, seen)
    for key in seen:
        glossary.marked.setdefault(key, None)
    return marked


def marked_terms() -> list[Explained]:
    """Return the terms marked so far on this page, in the visitor's language: the dialogs to write."""
    if not has_request_context() or "glossary" not in g:
        return []
    glossary, lang = page_glossary(), i18n.language().code
    return [explain(glossary.terms[key], lang) for key in glossary.marked if key in glossary.terms]


def init_app(app: Flask) -> None:
    """Give the templates the `explain` filter and `marked_terms()`."""
    app.jinja_env.filters["explain"] = explain_filter
    app.jinja_env.globals["marked_terms"] = marked_terms
