"""The printable sheet of an offer, as a PDF, and `flask kiosk sheets` to make the sheets ahead of time."""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import click
from flask import Blueprint, Response, abort, current_app, request
from flask.cli import with_appcontext

from kiosk import CONTENT_SECURITY_POLICY, i18n
from kiosk.extensions import db, talisman
from kiosk.offers import sheets
from kiosk.offers.models import Offer

bp = Blueprint("sheets", __name__)
# `kiosk sheets` runs beside the server: at the lowest priority, on every core but one, so the kiosks always
# have a core of their own; each process loads the fonts once.
MAX_PROCESSES = 4
OFFERS_PER_PROCESS = 10
NICENESS = 19  # the lowest priority: the serving processes always go first
CHILD_SETTINGS = ("SQLALCHEMY_DATABASE_URI", "KIOSK_ROLE", "KIOSK_SITE", "KIOSK_PUBLIC_URL", "SECRET_KEY",
                  "KIOSK_SYNC_TOKEN", "KIOSK_CENTRAL_URL", "TESTING")


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


@click.command("sheets")
@click.option("--force", is_flag=True, help="Make every sheet again, even the current ones.")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Processes to render with (default: one per core but one, at most 4).")
@click.option("--niceness", type=click.IntRange(min=0, max=19), default=NICENESS, show_default=True,
              help="CPU priority to run at, as `nice` counts (0 leaves it as it is).")
@with_appcontext
def sheets_command(force: bool, processes: int | None, niceness: int) -> None:
    """Make the missing or stale sheets of the current offers, at low priority, beside a serving desk."""
    lower_priority(niceness)
    make_sheets_now(force=force, processes=processes)


def lower_priority(niceness: int) -> int:
    """Run this process (and the processes it starts) at least as nice as `niceness`; return its niceness."""
    current = os.nice(0)
    return os.nice(niceness - current) if niceness > current else current


def background_processes() -> int:
    """Return how many processes may render beside the server: every core but one, at least one."""
    return max(1, min((os.cpu_count() or 1) - 1, MAX_PROCESSES))


def make_sheets_now(force: bool = False, skip_prefix: str | None = None, processes: int | None = None) -> int:
    """Make the stale sheets of the current offers here and now; say how long it took."""
    # `skip_prefix` leaves out references such as the synthetic offers of load tests.
    started = time.perf_counter()
    offer_ids = [offer.id for offer in sheets.current_offers(db.session, skip_prefix)]
    db.session.commit()  # no read transaction held open while other processes write
    processes = min(processes or background_processes(), len(offer_ids) // OFFERS_PER_PROCESS)
    if processes > 1:
        config = {name: value for name, value in current_app.config.items() if name in CHILD_SETTINGS}
        shares = [offer_ids[number::processes] for number in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            made = sum(pool.map(_make_share, [config] * processes, shares, [force] * processes))
    else:
        made = _make_sheets(offer_ids, force)
    seconds = time.perf_counter() - started
    click.echo(f"Offer sheets: {made} made for {len(offer_ids)} current offers in {seconds:.1f} s "
               f"({max(processes, 1)} process{'es' if processes > 1 else ''} at niceness {os.nice(0)}).")
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
