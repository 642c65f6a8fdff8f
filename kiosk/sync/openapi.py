"""GET /api/v1/sync/changes in the OpenAPI document: the desks' pull of the catalogue, with a desk's bearer token."""

from __future__ import annotations

from kiosk.sync import changelog, feed, openapi_requests

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


def add_to(document: dict, lang_parameter: dict) -> None:
    """Add the pull operation, its schemas and its security scheme to the API's document."""
    OPERATIONS["/sync/changes"]["get"]["parameters"].append(lang_parameter)
    document["paths"].update(OPERATIONS)
    document["components"]["schemas"].update(SCHEMAS)
    document["components"]["securitySchemes"].update(SECURITY)
    openapi_requests.add_to(document, lang_parameter)
