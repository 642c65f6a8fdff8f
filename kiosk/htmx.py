"""Render a page, or only one of its blocks when htmx asks for a fragment."""

from __future__ import annotations

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render `block` alone for an htmx request, the whole page otherwise (and for boosted links)."""
    if block is not None and request.htmx and not request.htmx.boosted:
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
