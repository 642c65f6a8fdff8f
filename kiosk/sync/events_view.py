"""POST /api/v1/sync/events: a desk's ticket and usage events and ratings, with the desk's own bearer token.

A batch is taken whole or refused whole: a body the OpenAPI document does not allow, or a field central cannot
store, is answered 422 naming each field; a batch that names another site than the token's, or holds an event or a
ticket of another site, 403. Either way nothing is stored.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kiosk import clock
from kiosk.api import openapi, problems
from kiosk.api.views import bp
from kiosk.extensions import db
from kiosk.offers.writing import Problem
from kiosk.sync import inbox
from kiosk.sync.outbox import USAGE_EVENT, VISIT_RATING
from kiosk.sync.views import authenticate, heard_from

MAX_BODY = 8 * 1024 * 1024  # 500 events with their tickets, well within
_URI = "urn:infolavoro:api:v1:openapi"
_VALIDATOR = Draft202012Validator(
    {"$ref": f"{_URI}#/components/schemas/SyncEventBatch"},
    registry=Registry().with_resource(_URI, Resource.from_contents(openapi.DOCUMENT,
                                                                   default_specification=DRAFT202012)),
    format_checker=Draft202012Validator.FORMAT_CHECKER)
_MOMENTS = ("queued_at", "taken_at", "called_at", "started_at", "finished_at")


@bp.post("/sync/events")
def sync_events():
    """Take a batch of a desk's events: store each once, in the desk's order, and say how far central holds them."""
    token, answer = authenticate()
    if answer is not None:
        return answer
    heard_from(token)
    db.session.commit()  # heard from, whatever the batch
    body, answer = _read_body()
    if answer is not None:
        return answer
    found = check(body)
    if found:
        return _invalid(found)
    if not same_site(body, token.site):
        return problems.problem(403, _l("Another site's events"),
                                _l("This token is a desk's of %(site)s: a batch naming another site is refused whole.",
                                   site=token.site.slug), problems.message_language())
    received = inbox.receive(db.session, token.site, body["events"], clock.now())
    db.session.commit()
    return jsonify(received.as_json())


def _read_body() -> tuple[dict | None, object]:
    lang = problems.message_language()
    if request.mimetype != "application/json":
        return None, problems.problem(415, _l("Unsupported media type"), _l("Send the batch as application/json."),
                                      lang)
    request.max_content_length = MAX_BODY
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:
        body = None
    if body is None:
        return None, problems.problem(400, _l("Not JSON"), _l("The body is not valid JSON."), lang)
    return body, None


def check(body) -> list[Problem]:
    """Return what is wrong with a batch, field by field; make its UUIDs and moments canonical in place."""
    errors = [leaf for error in _VALIDATOR.iter_errors(body) for leaf in _leaves(error)]
    errors.sort(key=lambda error: [str(part) for part in error.absolute_path])
    if errors:
        return [Problem(".".join(str(part) for part in error.absolute_path)[:80] or "body",
                        _l("Not valid here: %(reason)s", reason=error.message[:200])) for error in errors[:50]]
    found, seen = [], set()
    for index, event in enumerate(body["events"]):
        where = f"events.{index}"
        if event["seq"] in seen:
            found.append(Problem(f"{where}.seq", _l("Each sequence may come once in a batch.")))
        seen.add(event["seq"])
        event["seq"] = int(event["seq"])
        found += _canonical(event["data"], f"{where}.data", ("uuid", "ticket_uuid"), ("at", "created_at"))
        if event.get("ticket"):
            ticket = event["ticket"]
            found += _canonical(ticket, f"{where}.ticket", ("uuid",), _MOMENTS)
            if not found and ticket["uuid"] != event["data"]["ticket_uuid"]:
                found.append(Problem(f"{where}.ticket.uuid", _l("The ticket is not the event's.")))
            _integers(ticket, ("site_id", "service_id", "number", "counter_id"))
        if event["type"] == USAGE_EVENT:
            _integers(event["data"], ("offer_id",))
        elif event["type"] == VISIT_RATING:
            _integers(event["data"], ("service_id",))
    if _holds_nul(body):
        found.append(Problem("events", _l("Text may not contain the NUL character.")))
    return found


def _leaves(error) -> list:
    """Return the errors under an event that fits neither kind: those of the kind its `type` names."""
    if error.validator != "anyOf" or not error.context:
        return [error]
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    named = [subs for subs in branches.values() if not any(list(sub.relative_path) == ["type"] for sub in subs)]
    return [leaf for sub in (named[0] if named else [error]) for leaf in ([sub] if sub is error else _leaves(sub))]


def same_site(body: dict, site) -> bool:
    """Say whether the batch, each of its events and each of its tickets are the token's site's."""
    return body["site"] == site.slug and all(
        event["data"]["site"] == site.slug and (not event.get("ticket") or event["ticket"]["site_id"] == site.id)
        for event in body["events"])


def _canonical(fields: dict, where: str, uuids: tuple, moments: tuple) -> list[Problem]:
    found = []
    for name in uuids:
        if fields.get(name) is not None:
            fields[name] = str(uuid.UUID(fields[name]))
    for name in moments:
        if name in fields and fields[name] is not None:
            try:
                moment = datetime.fromisoformat(fields[name].upper())
                if moment.tzinfo is None:
                    raise ValueError("no offset")
                fields[name] = moment.astimezone(UTC).isoformat()
            except (ValueError, OverflowError):
                found.append(Problem(f"{where}.{name}", _l("Give a date and time with its offset, as ISO 8601.")))
    if "day" in fields:
        try:
            fields["day"] = date.fromisoformat(fields["day"]).isoformat()
        except ValueError:
            found.append(Problem(f"{where}.day", _l("Give a date as YYYY-MM-DD.")))
    return found


def _integers(fields: dict, names: tuple) -> None:
    """Make integral floats (15.0 is an integer to JSON Schema) ints."""
    for name in names:
        if isinstance(fields.get(name), float):
            fields[name] = int(fields[name])


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _invalid(found: list[Problem]):
    type_ = url_for("api.openapi_document", _external=True) + "#/paths/~1sync~1events"
    return problems.problem(422, _l("The batch cannot be stored"),
                            _l("Nothing was stored: correct the fields listed in errors and send it again."),
                            problems.message_language(), type_=type_, field_errors=found)
