"""GET and POST /api/v1/sync/requests in the OpenAPI document: the phones' requests a desk carries out."""

from __future__ import annotations

from kiosk.remote import services as remote

SECURITY_SCHEME = "deskToken"
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_UUID = {"type": "string", "minLength": 36, "maxLength": 36,
         "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
_UNAUTHORISED = {"description": "No live desk token: send `Authorization: Bearer <token>`.", "content": _PROBLEM,
                 "headers": {"WWW-Authenticate": {"description": "Bearer, with the reason.",
                                                  "schema": {"type": "string"}}}}

ISSUED = {
    "type": "object", "additionalProperties": False,
    "description": "The desk issued a ticket for a ticket request (or cancelled the ticket of a cancellation).",
    "required": ["uuid", "ticket_uuid", "number", "code"],
    "properties": {
        "uuid": _UUID, "ticket_uuid": _UUID,
        "number": {"type": "integer", "minimum": 1, "maximum": 999_999},
        "code": {"type": "string", "minLength": 2, "maxLength": 8, "pattern": "^[A-Z][0-9]+$"},
    },
}
REFUSED = {
    "type": "object", "additionalProperties": False,
    "description": "The desk refused the request, with why.",
    "required": ["uuid", "refused"],
    "properties": {"uuid": _UUID, "refused": {"type": "string", "enum": list(remote.REASONS)}},
}
OUTCOMES = {
    "type": "object", "additionalProperties": False,
    "description": "What the desk made of some of its requests.",
    "required": ["outcomes"],
    "properties": {"outcomes": {"type": "array", "maxItems": remote.MAX_PER_ROUND,
                                "items": {"oneOf": [{"$ref": "#/components/schemas/RemoteIssued"},
                                                    {"$ref": "#/components/schemas/RemoteRefused"}]}}},
}
SCHEMAS = {
    "RemoteRequest": {
        "type": "object",
        "description": "A phone's request to a desk: `ticket` asks for a new ticket of `service_id`, given `token` "
                       "as its phone address; `cancel` asks the desk to cancel its ticket `ticket_uuid`.",
        "required": ["uuid", "kind", "token", "service_id", "lang", "created_at", "ticket_uuid"],
        "properties": {
            "uuid": _UUID,
            "kind": {"type": "string", "enum": ["ticket", "cancel"]},
            "token": {"type": "string", "maxLength": 43},
            "service_id": {"type": "integer", "minimum": 1},
            "lang": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "ticket_uuid": {"type": ["string", "null"]},
        },
    },
    "RemoteRequests": {
        "type": "object",
        "description": "The desk's pending requests, oldest first.",
        "required": ["requests"],
        "properties": {"requests": {"type": "array", "maxItems": remote.MAX_PER_ROUND,
                                    "items": {"$ref": "#/components/schemas/RemoteRequest"}}},
    },
    "RemoteIssued": ISSUED,
    "RemoteRefused": REFUSED,
    "RemoteOutcomes": OUTCOMES,
    "RemoteRecorded": {
        "type": "object", "required": ["recorded"],
        "description": "The requests whose outcome central holds now (a repeated outcome changes nothing).",
        "properties": {"recorded": {"type": "array", "items": _UUID}},
    },
}
OPERATIONS = {"/sync/requests": {
    "get": {
        "operationId": "listRemoteRequests",
        "summary": "The phones' pending requests to the token's desk.",
        "security": [{SECURITY_SCHEME: []}],
        "parameters": [],
        "responses": {
            "200": {"description": "The pending requests.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RemoteRequests"}}}},
            "400": {"$ref": "#/components/responses/InvalidParameters"},
            "401": _UNAUTHORISED,
        },
    },
    "post": {
        "operationId": "answerRemoteRequests",
        "summary": "What the token's desk made of its requests: a ticket issued, or refused with why.",
        "security": [{SECURITY_SCHEME: []}],
        "parameters": [],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/RemoteOutcomes"}}}},
        "responses": {
            "200": {"description": "The outcomes are recorded.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RemoteRecorded"}}}},
            "400": {"$ref": "#/components/responses/InvalidParameters"},
            "401": _UNAUTHORISED,
            "403": {"description": "An outcome names a request that is not this desk's: none is recorded.",
                    "content": _PROBLEM},
            "415": {"description": "The body is not JSON.", "content": _PROBLEM},
            "422": {"description": "The body is not a list of outcomes as described.", "content": _PROBLEM},
        },
    },
}}


def add_to(document: dict, lang_parameter: dict) -> None:
    """Add the requests' operations and schemas to the API's document."""
    for operation in OPERATIONS["/sync/requests"].values():
        operation["parameters"] = [lang_parameter]
    document["paths"].update(OPERATIONS)
    document["components"]["schemas"].update(SCHEMAS)
