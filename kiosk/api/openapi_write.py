"""The write operations of /api/v1 in the OpenAPI document: request schemas, the bearer key, their answers.

The server validates every request body against these very schemas before reading it, so the document and the
server cannot disagree on what is well-formed; what a schema cannot say (a closing date already past, a reference
taken) is answered 422 with each field named.
"""

from __future__ import annotations

from kiosk import i18n
from kiosk.api import params
from kiosk.offers import vocab, writing

_LANGS = [language.code for language in i18n.LANGUAGES]
SECURITY_SCHEME = "partnerKey"


def _text(description: str, max_length: int, nullable: bool = False, **extra) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "maxLength": max_length,
            "description": description, **extra}


def _choice(values, description: str) -> dict:
    return {"type": "string", "enum": list(values), "description": description}


def _number(description: str, name: str, nullable: bool = False) -> dict:
    low, high = writing.NUMBERS[name]
    return {"type": ["integer", "null"] if nullable else "integer", "minimum": low, "maximum": high,
            "description": description}


_TEXTS = {
    "type": "object",
    "description": "The offer's texts per language: Italian (`it`) is required, the other eight are optional. "
                   "description, requirements and how_to_apply may hold paragraphs, lists, bold and links (other "
                   "markup is removed); title and summary are plain text.",
    "required": ["it"],
    "propertyNames": {"enum": _LANGS},
    "additionalProperties": {
        "type": "object",
        "required": ["title"],
        "properties": {name: _text(f"The {name.replace('_', ' ')}.", limit)
                       for name, limit in writing.TEXT_LIMITS.items()},
    },
}
OFFER_INPUT = {
    "type": "object",
    "description": "An offer in the API's own JSON: the fields of an Offer as GET returns them (others are ignored). "
                   "PUT replaces the offer's fields it names and all its texts.",
    "required": ["kind", "town", "sector", "contract", "hours", "expires_on", "texts"],
    "properties": {
        "reference": _text("Your reference, unique in the network; made up when absent, e.g. O7-20261205-K3F9.",
                           writing.LENGTHS["reference"], nullable=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"),
        "status": _choice(writing.STATUSES, "draft (not on the kiosk), published, withdrawn or archived. "
                                            "Default on creation: published."),
        "kind": _choice(vocab.KINDS, "What sort of opportunity this is."),
        "town": _text("The comune.", writing.LENGTHS["town"], minLength=1),
        "sector": _choice(vocab.SECTORS, "The ATECO 2025 section letter."),
        "contract": _choice(vocab.CONTRACTS, "The type of contract."),
        "hours": _choice(vocab.HOURS, "The working hours."),
        "published_on": _text("The publishing day (YYYY-MM-DD); default today.", 10, nullable=True, format="date"),
        "expires_on": _text("The last day to apply (YYYY-MM-DD), not in the past.", 10, format="date"),
        "starts_on": _text("When a course or event starts (YYYY-MM-DD).", 10, nullable=True, format="date"),
        "employer": _text("The employer; null keeps it undisclosed.", writing.LENGTHS["employer"], nullable=True),
        "address": _text("The street address.", writing.LENGTHS["address"], nullable=True),
        "ateco_code": _text("The ATECO 2025 activity code.", writing.LENGTHS["ateco_code"], nullable=True),
        "profession_code": _text("The ISTAT CP2021 code.", writing.LENGTHS["profession_code"], nullable=True),
        "positions": _number("How many people are sought.", "positions"),
        "experience_years": _number("Years of experience asked.", "experience_years"),
        "duration_hours": _number("A course's length in hours.", "duration_hours", nullable=True),
        "education": _choice(vocab.EDUCATION, "The education asked for."),
        "italian_level": _choice(vocab.ITALIAN_LEVELS, "The Italian needed."),
        "protected_category": _choice(vocab.PROTECTED, "Reserved to categorie protette, or none."),
        "driving_licence": {"type": ["string", "null"], "enum": [*vocab.DRIVING_LICENCES, "", None],
                            "description": "The driving licence needed."},
        "other_languages": {
            "type": "array", "maxItems": 10, "description": "Other languages asked for, with a CEFR level.",
            "items": {"type": "object", "required": ["lang"], "properties": {
                "lang": {"type": "string", "pattern": "^[a-z]{2,3}$", "description": "ISO 639 code."},
                "level": {"type": ["string", "null"], "enum": [*vocab.LANGUAGE_LEVELS, "", None]}}},
        },
        "apply": {
            "type": "object", "description": "How to apply: at least one of them, or texts.it.how_to_apply.",
            "properties": {
                "email": _text("An e-mail address.", writing.LENGTHS["apply_email"], nullable=True),
                "phone": _text("A phone number.", writing.LENGTHS["apply_phone"], nullable=True),
                "url": _text("A web address (http or https).", writing.LENGTHS["apply_url"], nullable=True),
            },
        },
        "texts": _TEXTS,
    },
}
_CONTACT = {"type": "object", "properties": {"email": {"type": "string"}, "telephone": {"type": "string"},
                                             "url": {"type": "string"}}}
_PLACE = {"type": "object", "properties": {"address": {"type": "object", "properties": {
    "addressLocality": {"type": "string", "description": "The comune: the offer's town."},
    "streetAddress": {"type": "string"}}}}}
JOB_POSTING = {
    "type": "object",
    "description": "A schema.org JobPosting. Mapped: title and description (in inLanguage, default it), datePosted, "
                   "validThrough, employmentType (hours and contract), industry (the ATECO section letter), "
                   "hiringOrganization.name (employer), jobLocation.address.addressLocality (town), identifier "
                   "(reference), totalJobOpenings, applicationContact (email, telephone, url) or url. On PUT, what "
                   "a JobPosting cannot say, and the texts of the other languages, stay as they are.",
    "required": ["@type", "title"],
    "properties": {
        "@type": {"const": "JobPosting"},
        "title": {"type": "string", "minLength": 1, "maxLength": writing.TEXT_LIMITS["title"]},
        "description": {"type": "string", "maxLength": writing.TEXT_LIMITS["description"]},
        "inLanguage": {"type": "string", "enum": _LANGS},
        "datePosted": {"type": "string", "description": "A date or date-time."},
        "validThrough": {"type": "string", "description": "A date or date-time: the last day to apply."},
        "employmentType": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "industry": {"type": "string"},
        "hiringOrganization": {"type": "object", "properties": {"name": {"type": "string"}}},
        "jobLocation": {"anyOf": [_PLACE, {"type": "array", "items": _PLACE}]},
        "identifier": {"anyOf": [{"type": "string"},
                                 {"type": "object", "properties": {"value": {"type": "string"}}}]},
        "totalJobOpenings": {"type": "integer", "minimum": 1, "maximum": writing.NUMBERS["positions"][1]},
        "applicationContact": {"anyOf": [_CONTACT, {"type": "array", "items": _CONTACT}]},
        "url": {"type": "string"},
    },
}
SCHEMAS = {"OfferInput": OFFER_INPUT, "JobPosting": JOB_POSTING}


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


_PROBLEM_RESPONSES = {
    "Unauthorized": "No valid API key: send `Authorization: Bearer <key>` with a key that is not revoked.",
    "UnsupportedMediaType": "Send application/json (or application/ld+json for a JobPosting).",
    "InvalidOffer": "The offer cannot be saved: `errors` names each field (e.g. expires_on, texts.it.title) and why.",
    "TooManyRequests": "Too many requests with this key: wait a minute.",
    "BadRequest": "The body is not JSON.",
}
RESPONSES = {name: {"description": description,
                    "content": {"application/problem+json": {"schema": _ref("schemas", "Problem")}}}
             for name, description in _PROBLEM_RESPONSES.items()}
RESPONSES["Unauthorized"]["headers"] = {"WWW-Authenticate": {
    "description": "Bearer, with the reason.", "schema": {"type": "string"}}}
_BODY = {
    "required": True,
    "description": "The offer, in the API's own JSON or as a schema.org JobPosting (told apart by `@type`).",
    "content": {
        "application/json": {"schema": {"anyOf": [_ref("schemas", "OfferInput"), _ref("schemas", "JobPosting")]}},
        "application/ld+json": {"schema": _ref("schemas", "JobPosting")},
    },
}
_ERRORS = {"400": _ref("responses", "BadRequest"), "401": _ref("responses", "Unauthorized"),
           "415": _ref("responses", "UnsupportedMediaType"), "422": _ref("responses", "InvalidOffer"),
           "429": _ref("responses", "TooManyRequests")}
_OFFER_ID = {"name": "offer_id", "in": "path", "required": True, "description": "The offer's id.",
             "schema": {"type": "integer", "minimum": 1, "maximum": params.MAX_OFFER_ID}}
_SAVED = {"description": "The offer as saved.", "content": {"application/json": {"schema": _ref("schemas", "Offer")}}}
_SECURITY = [{SECURITY_SCHEME: []}]
OPERATIONS = {
    "/offers": {"post": {
        "operationId": "createOffer", "summary": "Create an offer of the key's organisation.", "security": _SECURITY,
        "requestBody": _BODY,
        "responses": {"201": _SAVED | {"headers": {"Location": {"description": "The new offer's address.",
                                                                "schema": {"type": "string"}}}}, **_ERRORS},
    }},
    "/offers/{offer_id}": {
        "put": {
            "operationId": "updateOffer", "summary": "Change an offer of the key's organisation.",
            "security": _SECURITY, "parameters": [_OFFER_ID], "requestBody": _BODY,
            "responses": {"200": _SAVED, **_ERRORS, "404": _ref("responses", "NotFound")},
        },
        "delete": {
            "operationId": "deleteOffer", "summary": "Delete an offer of the key's organisation for good.",
            "security": _SECURITY, "parameters": [_OFFER_ID],
            "responses": {"204": {"description": "Deleted."}, "401": _ref("responses", "Unauthorized"),
                          "404": _ref("responses", "NotFound"), "429": _ref("responses", "TooManyRequests")},
        },
    },
}
SECURITY_SCHEMES = {SECURITY_SCHEME: {
    "type": "http", "scheme": "bearer",
    "description": "An organisation's API key, made by an administrator in the back office (API keys). It writes "
                   "only that organisation's offers; another organisation's offer is answered 404.",
}}


def add_to(document: dict) -> None:
    """Add the write operations, their schemas, answers and security scheme to the read API's document."""
    for path, operations in OPERATIONS.items():
        document["paths"][path].update(operations)
    document["components"]["schemas"].update(SCHEMAS)
    document["components"]["responses"].update(RESPONSES)
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
