"""The printable sheet of an offer, as a PDF, and `flask kiosk sheets` to make the sheets ahead of time."""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import click
from flask import Blueprint, Response, abort, current_app, request

from kiosk import CONTENT_SECURITY_POLICY, i18n
from kiosk.cli import kiosk_cli
from kiosk.extensions import db, talisman
from kiosk.offers import sheets
from kiosk.offers.models import Offer

bp = Blueprint("sheets", __name__)
# `kiosk sheets` renders on every core when there is enough to do; each process loads the fonts once.
MAX_PROCESSES = 4
OFFERS_PER_PROCESS = 10
CHILD_SETTINGS = ("SQLALCHEMY_DATABASE_URI", "KIOSK_ROLE", "KIOSK_SITE", "KIOSK_PUBLIC_URL", "SECRET_KEY",
                  "KIOSK_SYNC_TOKEN", "KIOSK_CENTRAL_URL", "TESTING")
bp.record_once(lambda state: sheets.init_app(state.app))


@bp.get("/offers/<int:offer_id>/sheet.pdf")
# The kiosk browser prints the sheet from a hidden frame of its own page: same-origin framing only.
@talisman(frame_options="SAMEORIGIN", content_security_policy=CONTENT_SECURITY_POLICY | {"frame-ancestors": "'self'"})
def offer_sheet(offer_id: int):
    """Send the offer's A4 sheet in the asked language."""
    asked = request.args.get("lang")
    lang = i18n.normalise_language(asked) if asked is not None else i18n.current_language()
    if lang is None:
        abort(400)
    sheet = sheets.find_sheet(db.session, offer_id, lang)
    if sheet is None:
        abort(404)
    db.session.commit()  # a sheet made just now is kept for the next visitor
    response = Response(sheet.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{sheet.filename}"'
    response.set_etag(sheet.etag)
    response.cache_control.no_cache = True  # a browser asks again each time, so a stale sheet never stays
    return response.make_conditional(request)


@kiosk_cli.command("sheets")
@click.option("--force", is_flag=True, help="Make every sheet again, even the current ones.")
def sheets_command(force: bool) -> None:
    """Make the missing or stale sheets of the current offers, in every language each offer has."""
    make_sheets_now(force=force)


def make_sheets_now(force: bool = False, skip_prefix: str | None = None) -> int:
    """Make the stale sheets of the current offers here and now, on every core; say how long it took."""
    # `skip_prefix` leaves out references such as the synthetic offers of load tests.
    started = time.perf_counter()
    offer_ids = [offer.id for offer in sheets.current_offers(db.session, skip_prefix)]
    db.session.commit()  # no read transaction held open while other processes write
    processes = min(os.cpu_count() or 1, MAX_PROCESSES, len(offer_ids) // OFFERS_PER_PROCESS)
    if processes > 1:
        config = {name: value for name, value in current_app.config.items() if name in CHILD_SETTINGS}
        shares = [offer_ids[number::processes] for number in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            made = sum(pool.map(_make_share, [config] * processes, shares, [force] * processes))
    else:
        made = _make_sheets(offer_ids, force)
    seconds = time.perf_counter() - started
    click.echo(f"Offer sheets: {made} made for {len(offer_ids)} current offers in {seconds:.1f} s.")
    return made


def _make_share(config: dict, offer_ids: list[int], force: bool) -> int:
    from kiosk import create_app

    with create_app(config).app_context():
        return _make_sheets(offer_ids, force)


def _make_sheets(offer_ids: list[int], force: bool) -> int:
    made = 0
    for offer_id in offer_ids:
        offer = db.session.get(Offer, offer_id)
        made += sheets.prepare_sheets(db.session, [offer], force=force) if offer else 0
        db.session.commit()  # each offer's sheets can be served as soon as they are made
    return made
