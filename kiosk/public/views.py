"""Public pages under /m, for anyone with a phone."""

from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("public", __name__, url_prefix="/m")


@bp.get("/o/<int:offer_id>")
def offer(offer_id: int):
    """Show an offer on a phone, in the asked language."""
    abort(404)
