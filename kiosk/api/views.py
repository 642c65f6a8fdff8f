"""The JSON API's endpoints."""

from flask import Blueprint, jsonify, request

from kiosk import clock
from kiosk.api import openapi, params, problems, serialise
from kiosk.extensions import db
from kiosk.offers import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
problems.init_blueprint(bp)


@bp.get("/offers")
def offer_list():
    """List one page of the current offers that pass the terminal's filters."""
    query, errors = params.parse_list(request.args)
    if errors:
        return problems.invalid_parameters(errors, query.lang)
    page = services.list_offers(db.session, query.filters, query.page, query.per_page, clock.today())
    return jsonify(serialise.offer_list(page, query.page, query.lang))


@bp.get("/offers/<int:offer_id>")
def offer_detail(offer_id: int):
    """Show every field of an offer, open or closed, in the asked language."""
    lang, errors = params.parse_language(request.args)
    if errors:
        return problems.invalid_parameters(errors, lang)
    offer = services.get_offer(db.session, offer_id)
    if offer is None:
        return problems.not_found(lang)
    return jsonify(serialise.offer_detail(offer, lang, clock.today()))


@bp.get("/openapi.json")
def openapi_document():
    """Describe this API as an OpenAPI 3.1 document."""
    return jsonify(openapi.DOCUMENT)


# The partners' write operations register themselves on this blueprint.
from kiosk.api import write_views  # noqa: E402, F401
from kiosk.sync import events_view as sync_events_view  # noqa: E402, F401
from kiosk.sync import request_views as _sync_request_views  # noqa: E402, F401
from kiosk.sync import views as sync_views  # noqa: E402, F401
