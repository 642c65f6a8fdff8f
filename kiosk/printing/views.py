"""Printing an offer's sheet from the kiosk: once per touch, with a clear result."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for

from kiosk import i18n, tokens
from kiosk.extensions import db, limiter
from kiosk.htmx import render
from kiosk.offers import services as offers
from kiosk.printing import services
from kiosk.terminal import enrolment
from kiosk.usage import services as usage

bp = Blueprint("printing", __name__)


def too_many_prints(_limit):
    """Answer a terminal that prints too much with a polite note in the print box, and no print."""
    offer_id = request.view_args.get("offer_id") if request.view_args else None
    offer = offers.get_offer(db.session, offer_id) if offer_id else None
    if offer is None:
        return None
    return render("printing/offer.html", block="print_box", offer=offer, job=None, too_many=True,
                  print_token=tokens.new_token())


@bp.post("/offers/<int:offer_id>/print")
# One count of printouts per terminal, shared with the tickets' receipts.
@limiter.shared_limit(enrolment.print_rate, scope="print", key_func=enrolment.rate_key, on_breach=too_many_prints)
def print_offer(offer_id: int):
    """Print the offer's sheet in the visitor's language through this desk's backend."""
    from kiosk.offers import sheets

    offer = offers.get_offer(db.session, offer_id)
    if offer is None:
        abort(404)
    token = tokens.form_token()
    lang, here = i18n.current_language(), enrolment.current_terminal()
    job, new = services.print_once(
        db.session, token, lambda: sheets.get_sheet(db.session, offer, lang),
        document="offer_sheet", title=offer.reference, lang=lang, site=here.site_slug,
        backend=here.print_backend, offer_id=offer.id, printer=here.printer, terminal=here.name,
    )
    if new and job.status in ("sent", "browser"):
        usage.record(db.session, "print", offer.id, here.site_slug, lang, terminal=here.name)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("offers.offer_detail", offer_id=offer.id))
    sheet_url = url_for("sheets.offer_sheet", offer_id=offer.id, lang=lang)
    return render("printing/offer.html", block="print_box", offer=offer, job=job, sheet_url=sheet_url,
                  print_token=tokens.new_token())
