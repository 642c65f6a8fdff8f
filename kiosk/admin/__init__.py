"""The back office at /admin: offers, the desks' set-up, accounts, terminals, keys and reports."""

from flask import Blueprint

from kiosk.caching import no_store

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(no_store)
