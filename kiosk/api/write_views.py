"""The write API for partners: POST, PUT and DELETE /api/v1/offers with an organisation's bearer key.

Only the `Authorization: Bearer` header lets a request write: a browser's staff session is never looked at here,
so a page on another site cannot write through a signed-in admin's browser (and CSRF does not apply).
"""

from __future__ import annotations

import hashlib

from flask import current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kiosk import bearer, clock
from kiosk.api import keys, openapi, problems, serialise
from kiosk.api.models import ApiKey
from kiosk.api.views import bp
from kiosk.extensions import db, limiter
from kiosk.offers import jobposting, writing
from kiosk.offers.bulk import DEFAULT_STATUS
from kiosk.offers.models import Offer
from kiosk.offers.writing import OfferDraft, Problem

MEDIA_TYPES = ("application/json", "application/ld+json")
_DOCUMENT_URI = "urn:infolavoro:api:v1:openapi"
_REGISTRY = Registry().with_resource(_DOCUMENT_URI, Resource.from_contents(openapi.DOCUMENT,
                                                                           default_specification=DRAFT202012))
_VALIDATORS = {name: Draft202012Validator({"$ref": f"{_DOCUMENT_URI}#/components/schemas/{name}"},
                                          registry=_REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER)
               for name in ("OfferInput", "JobPosting")}


def write_rate() -> str:
    return current_app.config["KIOSK_API_WRITE_RATE"]


def rate_key() -> str:
    """Count requests per key (a hash of the bearer token), never per address: a partner may sit behind a NAT."""
    token = _bearer_token()
    if not token:
        return "api-anonymous:" + (request.remote_addr or "")
    return "api-key:" + hashlib.sha256(token.encode()).hexdigest()[:32]


@bp.post("/offers")
@limiter.limit(write_rate, key_func=rate_key)
def create_offer():
    """Create an offer of the key's organisation from the API's JSON or a JobPosting."""
    api_key, answer = _authenticate()
    if answer is not None:
        return answer
    draft, posting, answer = _read_body()
    if answer is not None:
        return answer
    found = writing.check(db.session, draft, clock.today(), organisation_id=api_key.organisation_id)
    if found:
        return _invalid(found)
    offer = writing.create_offer(db.session, draft, api_key.organisation_id, _actor(api_key), clock.now(),
                                 status=draft.status or DEFAULT_STATUS)
    db.session.commit()
    response = jsonify(serialise.offer_detail(offer, problems.message_language(), clock.today()))
    response.status_code = 201
    response.headers["Location"] = url_for("api.offer_detail", offer_id=offer.id, _external=True)
    return response


@bp.put("/offers/<int:offer_id>")
@limiter.limit(write_rate, key_func=rate_key)
def update_offer(offer_id: int):
    """Change an offer of the key's organisation: its texts as a whole, or (JobPosting) what the posting says."""
    api_key, offer, answer = _key_and_own_offer(offer_id)
    if answer is not None:
        return answer
    draft, posting, answer = _read_body()
    if answer is not None:
        return answer
    draft = jobposting.merge(draft, offer) if posting else draft
    found = writing.check(db.session, draft, clock.today(), offer)
    if found:
        return _invalid(found)
    writing.update_offer(db.session, offer, draft, _actor(api_key), clock.now())
    db.session.commit()
    return jsonify(serialise.offer_detail(offer, problems.message_language(), clock.today()))


@bp.delete("/offers/<int:offer_id>")
@limiter.limit(write_rate, key_func=rate_key)
def delete_offer(offer_id: int):
    """Delete an offer of the key's organisation for good."""
    api_key, offer, answer = _key_and_own_offer(offer_id)
    if answer is not None:
        return answer
    writing.delete_offer(db.session, offer, _actor(api_key), clock.now())
    db.session.commit()
    return "", 204


def _bearer_token() -> str:
    return bearer.bearer_token(request.headers.get("Authorization", ""))


def _authenticate() -> tuple[ApiKey | None, object]:
    token = _bearer_token()
    api_key = keys.find_key(db.session, token, clock.now()) if token else None
    if api_key is not None:
        return api_key, None
    answer = problems.bearer_refused(_l("An API key is needed"),
                                     _l("Send the organisation's key as Authorization: Bearer <key>."),
                                     _l("This key is not valid or has been revoked."), "InfoLavoro",
                                     sent=bool(token), lang=problems.message_language())
    return None, answer


def _key_and_own_offer(offer_id: int) -> tuple[ApiKey | None, Offer | None, object]:
    """Return the request's key and its organisation's offer by id, or the problem answer (401, or 404)."""
    api_key, answer = _authenticate()
    if answer is not None:
        return None, None, answer
    # Another organisation's offer is answered as if it did not exist: a key learns nothing by trying ids.
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.organisation_id != api_key.organisation_id:
        return api_key, None, problems.not_found(problems.message_language())
    return api_key, offer, None


def _read_body() -> tuple[OfferDraft | None, bool, object]:
    """Return the sent offer as a draft and whether it was a JobPosting, or the problem answer."""
    lang = problems.message_language()
    if request.mimetype not in MEDIA_TYPES:
        answer = problems.problem(415, _l("Unsupported media type"),
                                  _l("Send the offer as application/json or application/ld+json."), lang)
        return None, False, answer
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # brackets nested thousands deep
        data = None
    if data is None:
        return None, False, problems.problem(400, _l("Not JSON"), _l("The body is not valid JSON."), lang)
    posting = request.mimetype == "application/ld+json" or jobposting.is_posting(data)
    errors = sorted(_VALIDATORS["JobPosting" if posting else "OfferInput"].iter_errors(data),
                    key=lambda error: list(error.absolute_path))
    if errors:
        return None, posting, _invalid([problem for error in errors[:50] for problem in _schema_problems(error)])
    draft, found = jobposting.read_posting(data) if posting else writing.read_native(data)
    return (None, posting, _invalid(found)) if found else (draft, posting, None)


def _invalid(found: list[Problem]):
    type_ = url_for("api.openapi_document", _external=True) + "#/components/responses/InvalidOffer"
    return problems.problem(422, _l("The offer cannot be saved"), _l("Correct the fields listed in errors and send "
                                                                     "it again."), problems.message_language(),
                            type_=type_, field_errors=found)


def _schema_problems(error) -> list[Problem]:
    """Return a schema error as field problems: a missing property is named as the field it should be."""
    path = ".".join(str(part) for part in error.absolute_path)[:80]
    if error.validator == "required" and isinstance(error.instance, dict):
        return [Problem(f"{path}.{name}".lstrip("."), writing.REQUIRED_MESSAGE)
                for name in error.validator_value if name not in error.instance]
    return [Problem(path or "body", _l("This value is not allowed here: see the API's document."))]


def _actor(api_key: ApiKey):
    return keys.actor_of(api_key, request.remote_addr or "")
