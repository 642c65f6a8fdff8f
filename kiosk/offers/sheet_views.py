"""The printable sheet of an offer, as a PDF."""

from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("sheets", __name__)


@bp.get("/offers/<int:offer_id>/sheet.pdf")
def offer_sheet(offer_id: int):
    """Send the offer's A4 sheet in the asked language."""
    abort(404)
