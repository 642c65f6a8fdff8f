"""The desks' sync in the OpenAPI document, with a desk's bearer token: GET /api/v1/sync/changes (the pull of the
catalogue) and POST /api/v1/sync/events (the push of ticket and usage events and ratings)."""

from __future__ import annotations

from kiosk.feedback.models import CHANNELS as RATING_CHANNELS
from kiosk.feedback.models import FACES, REASONS
from kiosk.ids import MAX_ID
from kiosk.queue.models import Channel, EventKind, Status
from kiosk.sync import changelog, feed, openapi_requests
from kiosk.usage.models import EVENT_KINDS

SECURITY_SCHEME = "deskToken"
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_KINDS = sorted(changelog.MODELS)

SCHEMAS = {
    "SyncChange": {
        "type": "object",
        "description": "The newest change of one catalogue record: `upsert` carries the record's every column "
                       "(an offer with `translations`, a counter with `service_ids`, a user with the password "
                       "hash); `delete` is a tombstone.",
        "required": ["revision", "kind", "id", "op"],
        "properties": {
            "revision": {"type": "integer", "minimum": 1},
            "kind": {"type": "string", "enum": _KINDS},
            "id": {"type": "integer", "minimum": 1},
            "op": {"type": "string", "enum": [changelog.UPSERT, changelog.DELETE]},
            "data": {"type": "object", "description": "The record, for an upsert."},
        },
    },
    "SyncChanges": {
        "type": "object",
        "description": "The catalogue's changes after `since`, in revision order.",
        "required": ["changes", "next", "schema", "resync", "more"],
        "properties": {
            "changes": {"type": "array", "items": {"$ref": "#/components/schemas/SyncChange"},
                        "maxItems": feed.MAX_LIMIT},
            "next": {"type": "integer", "minimum": 0,
                     "description": "The revision to ask from next (the last one given, or `since`)."},
            "schema": {"type": ["string", "null"],
                       "description": "The database schema version (Alembic revision) the records are shaped by."},
            "resync": {"type": "boolean",
                       "description": "True when `since` is older than the tombstones kept: the desk must take a "
                                      "full copy; `changes` is then empty."},
            "more": {"type": "boolean", "description": "True when more changes follow: ask again from `next`."},
        },
    },
}
OPERATIONS = {"/sync/changes": {"get": {
    "operationId": "listSyncChanges",
    "summary": "The catalogue's changes after a revision, for a desk.",
    "security": [{SECURITY_SCHEME: []}],
    "parameters": [
        {"name": "since", "in": "query", "required": False, "allowEmptyValue": True,
         "description": "The last revision the desk holds; 0 (the default) for a desk that holds nothing. Empty: as "
                        "if absent.",
         "schema": {"type": "integer", "minimum": 0, "maximum": feed.MAX_REVISION, "default": 0}},
        {"name": "limit", "in": "query", "required": False, "allowEmptyValue": True,
         "description": "At most this many changes. Empty: as if absent.",
         "schema": {"type": "integer", "minimum": 1, "maximum": feed.MAX_LIMIT, "default": feed.DEFAULT_LIMIT}},
    ],
    "responses": {
        "200": {"description": "The changes.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncChanges"}}}},
        "400": {"$ref": "#/components/responses/InvalidParameters"},
        "401": {"description": "No live desk token: send `Authorization: Bearer <token>`.", "content": _PROBLEM,
                "headers": {"WWW-Authenticate": {"description": "Bearer, with the reason.",
                                                 "schema": {"type": "string"}}}},
    },
}}}
SECURITY = {SECURITY_SCHEME: {
    "type": "http", "scheme": "bearer",
    "description": "A desk's token, made at central with `flask --app wsgi kiosk desk-token make <site>`.",
}}


MAX_EVENTS = 500
MAX_SEQ = feed.MAX_REVISION
_UUID = {"type": "string", "format": "uuid", "maxLength": 36}
_MOMENT = {"type": "string", "format": "date-time", "maxLength": 40}
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _text(longest: int, shortest: int = 0) -> dict:
    return {"type": "string", "minLength": shortest, "maxLength": longest}


def _event(name: str, description: str, data: str, extra: dict | None = None) -> dict:
    properties = {"seq": {"type": "integer", "minimum": 1, "maximum": MAX_SEQ,
                          "description": "The event's place in the desk's outbox: 1, 2, 3… with nothing skipped."},
                  "type": {"type": "string", "const": name}, "data": {"$ref": f"#/components/schemas/{data}"}}
    return {"type": "object", "description": description, "required": ["seq", "type", "data"],
            "properties": properties | (extra or {})}


PUSH_SCHEMAS = {
    "SyncTicketEventData": {
        "type": "object", "description": "A ticket event's fields as the desk logged it.",
        "required": ["uuid", "ticket_uuid", "site", "kind", "at", "data"],
        "properties": {"uuid": _UUID, "ticket_uuid": _UUID, "site": _text(64, 1) | {"description": "The site's slug."},
                       "kind": {"type": "string", "enum": [kind.value for kind in EventKind]}, "at": _MOMENT,
                       "data": {"type": "object", "description": "Service, number, counter, language…"}},
    },
    "SyncUsageEventData": {
        "type": "object", "description": "A usage event's fields as the desk logged it.",
        "required": ["uuid", "kind", "offer_id", "site", "terminal", "lang", "created_at"],
        "properties": {"uuid": _UUID, "kind": {"type": "string", "enum": list(EVENT_KINDS)}, "offer_id": _ID,
                       "site": _text(64, 1), "terminal": _text(64), "lang": _text(10, 1), "created_at": _MOMENT},
    },
    "SyncVisitRatingData": {
        "type": "object", "description": "A visitor's rating of a finished visit, with its ticket's UUID so central "
                                         "keeps one rating per ticket (central does not store that link).",
        "required": ["uuid", "site", "service_id", "day", "face", "reason", "channel", "ticket_uuid"],
        "properties": {"uuid": _UUID, "site": _text(64, 1), "service_id": _ID,
                       "day": {"type": "string", "format": "date", "maxLength": 10},
                       "face": {"type": "string", "enum": list(FACES)},
                       "reason": {"type": "string", "enum": ["", *REASONS]},
                       "channel": {"type": "string", "enum": list(RATING_CHANNELS)},
                       "ticket_uuid": _UUID | {"type": ["string", "null"]}},
    },
    "SyncVisitReasonData": {
        "type": "object", "description": "The reason given after a rating's face: the rating's UUID and the reason.",
        "required": ["uuid", "site", "reason"],
        "properties": {"uuid": _UUID, "site": _text(64, 1), "reason": {"type": "string", "enum": list(REASONS)}},
    },
    "SyncTicket": {
        "type": ["object", "null"],
        "description": "The event's ticket as it stood when the desk pushed it, for central's copy (which phones "
                       "following the ticket read); null when the desk no longer holds it.",
        "required": ["uuid", "token", "site_id", "service_id", "day", "number", "prefix", "lang", "channel",
                     "priority", "status", "counter_id", "offer_reference", "request_token", "queued_at", "taken_at",
                     "called_at", "started_at", "finished_at"],
        "properties": {
            "uuid": _UUID, "token": _text(43, 1), "site_id": _ID, "service_id": _ID,
            "day": {"type": "string", "format": "date", "maxLength": 10}, "number": _ID, "prefix": _text(1, 1),
            "lang": _text(10, 1), "channel": {"type": "string", "enum": [channel.value for channel in Channel]},
            "priority": {"type": "boolean"}, "status": {"type": "string", "enum": [status.value for status in Status]},
            "counter_id": _ID | {"type": ["integer", "null"]}, "offer_reference": _text(40),
            "request_token": _text(64) | {"type": ["string", "null"]}, "queued_at": _MOMENT, "taken_at": _MOMENT,
            "called_at": _MOMENT | {"type": ["string", "null"]}, "started_at": _MOMENT | {"type": ["string", "null"]},
            "finished_at": _MOMENT | {"type": ["string", "null"]},
        },
    },
    "SyncEventBatch": {
        "type": "object", "description": "A batch of a desk's events, in the order of their sequence.",
        "required": ["site", "events"],
        "properties": {
            "site": _text(64, 1) | {"description": "The desk's site (its slug): the token's, or the batch is refused."},
            "events": {"type": "array", "maxItems": MAX_EVENTS, "items": {"anyOf": [
                _event("ticket_event", "A ticket event and its ticket.", "SyncTicketEventData",
                       {"ticket": {"$ref": "#/components/schemas/SyncTicket"}}),
                _event("usage_event", "A usage event.", "SyncUsageEventData"),
                _event("visit_rating", "A rating of a finished visit.", "SyncVisitRatingData"),
                _event("visit_reason", "The reason given for a rating.", "SyncVisitReasonData"),
            ]}},
        },
    },
    "SyncEventsReceived": {
        "type": "object", "description": "What central holds of the desk's events.",
        "required": ["acked", "gap"],
        "properties": {
            "acked": {"type": "integer", "minimum": 0, "maximum": MAX_SEQ,
                      "description": "The highest sequence central holds with nothing missing before it: the desk "
                                     "may forget every event up to it."},
            "gap": {"type": ["array", "null"], "items": {"type": "integer", "minimum": 1}, "minItems": 2,
                    "maxItems": 2, "description": "The sequences missing (from, to) before events central holds and "
                                                  "keeps waiting; null when nothing is missing."},
        },
    },
}
_REFUSED = {"description": "The token's site is not the batch's, or an event names another site: nothing is "
                           "stored.", "content": _PROBLEM}
PUSH_OPERATIONS = {"/sync/events": {"post": {
    "operationId": "pushSyncEvents",
    "summary": "A desk's ticket and usage events and visitors' ratings, stored once each.",
    "security": [{SECURITY_SCHEME: []}],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/SyncEventBatch"}}}},
    "responses": {
        "200": {"description": "What central holds now.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncEventsReceived"}}}},
        "400": {"description": "The body is not JSON.", "content": _PROBLEM},
        "401": OPERATIONS["/sync/changes"]["get"]["responses"]["401"],
        "403": _REFUSED,
        "413": {"description": "The batch is too large.", "content": _PROBLEM},
        "415": {"description": "Send application/json.", "content": _PROBLEM},
        "422": {"description": "The batch is not valid (more than 500 events, a field wrong): `errors` names each "
                               "field, and nothing is stored.", "content": _PROBLEM},
    },
}}}


def add_to(document: dict, lang_parameter: dict) -> None:
    """Add the sync operations, their schemas and their security scheme to the API's document."""
    OPERATIONS["/sync/changes"]["get"]["parameters"].append(lang_parameter)
    document["paths"].update(OPERATIONS)
    document["paths"].update(PUSH_OPERATIONS)
    document["components"]["schemas"].update(SCHEMAS)
    document["components"]["schemas"].update(PUSH_SCHEMAS)
    document["components"]["securitySchemes"].update(SECURITY)
    openapi_requests.add_to(document, lang_parameter)
