"""GET and POST /api/v1/sync/requests: a desk takes the phones' requests for its site and says what it made of them.

Each call is the desk being heard from, so a phone is told at once when its desk has gone quiet.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kiosk import clock
from kiosk.api import params, problems
from kiosk.api.views import bp
from kiosk.extensions import db
from kiosk.remote import services as remote
from kiosk.sync.views import authenticate, heard_from

_validator: Draft202012Validator | None = None


@bp.get("/sync/requests")
def sync_requests():
    """Answer the pending phone requests of the token's site, oldest first."""
    token, lang, answer = _desk_call()
    if answer is not None:
        return answer
    now = clock.now()
    heard_from(token)
    pending = remote.pending_for_site(db.session, token.site_id, now)
    body = {"requests": [
        {"uuid": asked.uuid, "kind": asked.kind, "token": asked.token, "service_id": asked.service_id,
         "lang": asked.lang, "created_at": asked.created_at.isoformat(), "ticket_uuid": asked.ticket_uuid}
        for asked in pending]}
    db.session.commit()  # the desk's last contact, the expired requests
    return jsonify(body)


@bp.post("/sync/requests")
def sync_request_outcomes():
    """Record what the token's desk made of its requests; refuse the whole answer if one is not its site's."""
    token, lang, answer = _desk_call()
    if answer is not None:
        return answer
    if not request.is_json:
        return problems.problem(415, _l("Not JSON"), _l("Send the outcomes as application/json."), lang)
    body = request.get_json(silent=True)
    if body is None or not outcomes_validator().is_valid(body):
        return problems.problem(422, _l("Not valid outcomes"),
                                _l("Send the outcomes as the API's document describes them."), lang)
    now = clock.now()
    heard_from(token)
    try:
        recorded = remote.record_outcomes(db.session, token.site_id, body["outcomes"], now)
    except remote.NotThisSite:
        db.session.rollback()
        return problems.problem(403, _l("Not this desk's requests"),
                                _l("An outcome names a request of another desk, or none: nothing was recorded."), lang)
    db.session.commit()
    return jsonify({"recorded": recorded})


def outcomes_validator() -> Draft202012Validator:
    """Return the validator of a desk's outcomes, made once from the API's own document."""
    global _validator
    if _validator is None:
        from kiosk.api import openapi

        uri = "urn:infolavoro:api:v1:openapi"
        registry = Registry().with_resource(uri, Resource.from_contents(openapi.DOCUMENT,
                                                                        default_specification=DRAFT202012))
        _validator = Draft202012Validator({"$ref": f"{uri}#/components/schemas/RemoteOutcomes"}, registry=registry)
    return _validator


def _desk_call():
    """Return the calling desk's token and the answer's language, or the refusal to give instead."""
    token, answer = authenticate()
    if answer is not None:
        return None, None, answer
    lang, errors = params.parse_language(request.args)
    if errors:
        return None, None, problems.invalid_parameters(errors, lang)
    return token, lang, None
