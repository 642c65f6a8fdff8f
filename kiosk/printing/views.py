"""Printing an offer's sheet from the kiosk: once per touch, with a clear result."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for

from kiosk import i18n, tokens
from kiosk.extensions import db, limiter
from kiosk.htmx import render
from kiosk.offers import services as offers
from kiosk.printing import services
from kiosk.usage import services as usage

bp = Blueprint("printing", __name__)


def print_rate() -> str:
    return current_app.config["KIOSK_PRINT_RATE"]


def too_many_prints(_limit):
    """Answer a terminal that prints too much with a polite note in the print box, and no print."""
    offer_id = request.view_args.get("offer_id") if request.view_args else None
    offer = offers.get_offer(db.session, offer_id) if offer_id else None
    if offer is None:
        return None
    return render("printing/offer.html", block="print_box", offer=offer, job=None, too_many=True,
                  print_token=tokens.new_token())


@bp.post("/offers/<int:offer_id>/print")
@limiter.limit(print_rate, on_breach=too_many_prints)
def print_offer(offer_id: int):
    """Print the offer's sheet in the visitor's language through this desk's backend."""
    from kiosk.offers import sheets

    offer = offers.get_offer(db.session, offer_id)
    if offer is None:
        abort(404)
    token = tokens.form_token()
    lang, config = i18n.current_language(), current_app.config
    job, new = services.print_once(
        db.session, token, lambda: sheets.get_sheet(db.session, offer, lang),
        document="offer_sheet", title=offer.reference, lang=lang, site=config["KIOSK_SITE"],
        backend=config["KIOSK_PRINT_BACKEND"], offer_id=offer.id, printer=config["KIOSK_PRINTER"],
    )
    if new and job.status in ("sent", "browser"):
        usage.record(db.session, "print", offer.id, config["KIOSK_SITE"], lang)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("offers.offer_detail", offer_id=offer.id))
    sheet_url = url_for("sheets.offer_sheet", offer_id=offer.id, lang=lang)
    return render("printing/offer.html", block="print_box", offer=offer, job=job, sheet_url=sheet_url,
                  print_token=tokens.new_token())
