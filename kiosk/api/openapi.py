"""The OpenAPI 3.1 description of /api/v1; its enums come from the vocabularies, so they cannot drift."""

from __future__ import annotations

from kiosk import i18n
from kiosk.api import openapi_write, params
from kiosk.offers import services, vocab
from kiosk.sync import openapi as sync_openapi

_LANGS = [language.code for language in i18n.LANGUAGES]


def _enum(values, description: str, nullable: bool = False) -> dict:
    values = list(values)
    if nullable:
        return {"type": ["string", "null"], "enum": [*values, None], "description": description}
    return {"type": "string", "enum": values, "description": description}


def _string(description: str, nullable: bool = False, **extra) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "description": description, **extra}


def _date(description: str, nullable: bool = False) -> dict:
    return _string(description, nullable, format="date")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_SUMMARY_PROPERTIES = {
    "id": {"type": "integer", "minimum": 1},
    "reference": _string("The offer's reference code, e.g. SP-2026-0412."),
    "kind": _enum(vocab.KINDS, "What sort of opportunity this is."),
    "title": _string("The title, in `lang` or in Italian when not translated."),
    "summary": _string("The summary, in `lang` or in Italian when not translated; may be empty."),
    "town": _string("The comune where the work, course or event takes place."),
    "employer": _string("The employer, or null when the employer is not disclosed.", nullable=True),
    "contract": _enum(vocab.CONTRACTS, "The type of contract."),
    "hours": _enum(vocab.HOURS, "The working hours."),
    "italian_level": _enum(vocab.ITALIAN_LEVELS, "The Italian needed, as a CEFR level."),
    "protected_category": _enum(vocab.PROTECTED, "Reserved to categorie protette (L. 68/1999), or none."),
    "published_on": _date("The day the offer was published."),
    "expires_on": _date("The last day to apply."),
    "lang": _enum(_LANGS, "The language the title is in: Italian when the translation is missing."),
    "translated": {"type": "boolean", "description": "False when Italian stands in for some missing text."},
    "url": _string("The offer's page on the terminal, in `lang`.", format="uri"),
}
_TEXT_FIELDS = {
    "description": _string("The description, in `lang` or Italian; may be empty."),
    "requirements": _string("What is asked of candidates, in `lang` or Italian; may be empty."),
    "how_to_apply": _string("How to apply, in `lang` or Italian; may be empty."),
}
_DETAIL_PROPERTIES = {
    "status": _enum(("open", "closed"), "closed when the offer was withdrawn or has expired."),
    "sector": _enum(vocab.SECTORS, "The ATECO 2025 section letter."),
    "ateco_code": _string("The ATECO 2025 activity code, e.g. 52.24.10.", nullable=True),
    "profession_code": _string("The ISTAT CP2021 profession code, e.g. 5.2.2.1.0.", nullable=True),
    "positions": {"type": "integer", "minimum": 0, "description": "How many people are sought."},
    "education": _enum(vocab.EDUCATION, "The education asked for."),
    "experience_years": {"type": "integer", "minimum": 0, "description": "Years of experience asked."},
    "driving_licence": _enum(vocab.DRIVING_LICENCES, "The driving licence needed, or null.", nullable=True),
    "other_languages": {
        "type": "array",
        "description": "Other languages asked for, as ISO 639-1 codes with a CEFR level.",
        "items": {
            "type": "object",
            "required": ["lang", "level"],
            "properties": {
                "lang": _string("ISO 639-1 code."),
                "level": _enum(vocab.LANGUAGE_LEVELS, "CEFR level, or null.", nullable=True),
            },
        },
    },
    "starts_on": _date("When a course, event or internship starts, or null.", nullable=True),
    "duration_hours": {
        "type": ["integer", "null"], "minimum": 0, "description": "A course's length in hours.",
    },
    "address": _string("The street address, or null.", nullable=True),
    "organisation": {
        "type": "object",
        "description": "The partner organisation that publishes the offer.",
        "required": ["slug", "name"],
        "properties": {"slug": _string("The organisation's slug."), "name": _string("Its name.")},
    },
    "apply": {
        "type": "object",
        "description": "How to apply; at least one of them is given.",
        "required": ["email", "phone", "url"],
        "properties": {
            "email": _string("An e-mail address, or null.", nullable=True, format="email"),
            "phone": _string("A phone number, or null.", nullable=True),
            "url": _string("A web address, or null.", nullable=True),
        },
    },
    **_TEXT_FIELDS,
    "text_langs": {
        "type": "object",
        "description": "The language each text field is in.",
        "required": ["title", "summary", *_TEXT_FIELDS],
        "properties": {name: _enum(_LANGS, f"The language of `{name}`.") for name in ["title", "summary",
                                                                                       *_TEXT_FIELDS]},
    },
}

_SCHEMAS = {
    "OfferSummary": {
        "type": "object",
        "description": "An offer as a list shows it.",
        "required": list(_SUMMARY_PROPERTIES),
        "properties": _SUMMARY_PROPERTIES,
    },
    "Offer": {
        "type": "object",
        "description": "Every field of an offer.",
        "required": [*_SUMMARY_PROPERTIES, *_DETAIL_PROPERTIES],
        "properties": _SUMMARY_PROPERTIES | _DETAIL_PROPERTIES,
    },
    "OfferList": {
        "type": "object",
        "description": "One page of the current offers, newest first. A page past the last one is empty.",
        "required": ["items", "total", "page", "per_page", "pages"],
        "properties": {
            "items": {"type": "array", "items": _ref("OfferSummary")},
            "total": {"type": "integer", "minimum": 0, "description": "How many offers pass the filters."},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 1, "description": "How many pages there are."},
        },
    },
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details, in the language of a valid `lang`, Italian otherwise.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": _string(
                "The problem type: about:blank for plain HTTP errors; for 400, this document's "
                "#/components/responses/InvalidParameters.", format="uri-reference"),
            "title": _string("A short summary of the problem type."),
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": _string("What went wrong with this request."),
            "errors": {
                "type": "array",
                "description": "Each query parameter (`parameter`) or field of the sent offer (`field`, e.g. "
                               "texts.it.title) that is not valid, and why.",
                "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {"parameter": _string("The parameter's name."),
                                   "field": _string("The field's name, dotted for nested ones."),
                                   "message": _string("Why.")},
                },
            },
        },
    },
}


def _query(name: str, description: str, schema: dict) -> dict:
    # Empty is as if absent, for every parameter: a form's empty choice sends `name=`.
    return {"name": name, "in": "query", "required": False, "description": f"{description} Empty: as if absent.",
            "schema": schema, "allowEmptyValue": True}


_FLAG = "1, true, yes or on (set); 0, false, no or off (not set)."
_FLAG_SCHEMA = {"type": "string", "enum": [*services.FLAG_SET, *services.FLAG_UNSET]}
_LANG_PARAMETER = _query(
    "lang", "The language of the texts and messages; zh and zh-Hans are also understood. Default: it.",
    {"type": "string", "enum": list(params.LANGUAGE_NAMES), "default": i18n.DEFAULT_LANGUAGE},
)
_FILTER_PARAMETERS = [
    _query("kind", "Only offers of this kind.", {"type": "string", "enum": list(vocab.KINDS)}),
    _query("town", "Only offers in this comune (exact name).",
           {"type": "string", "maxLength": services.MAX_TOWN_LENGTH}),
    _query("sector", "Only offers in this ATECO section.", {"type": "string", "enum": list(vocab.SECTORS)}),
    _query("contract", "Only offers with this contract.", {"type": "string", "enum": list(vocab.CONTRACTS)}),
    _query("hours", "Only offers with these working hours.", {"type": "string", "enum": list(vocab.HOURS)}),
    _query("italian", "The Italian the visitor has: only offers that need at most this level.",
           {"type": "string", "enum": list(vocab.ITALIAN_LEVELS)}),
    _query("protected", f"Only offers reserved to categorie protette (L. 68/1999). {_FLAG}", _FLAG_SCHEMA),
    _query("recent", f"Only offers published in the last {services.RECENT_DAYS} days. {_FLAG}", _FLAG_SCHEMA),
    _query("q", "Words to find in the offer's texts in any language, its reference, employer or town; any "
                "character that is not part of a word separates words.",
           {"type": "string", "maxLength": services.MAX_QUERY_LENGTH}),
]
_PAGING_PARAMETERS = [
    _query("page", "The page to show, from 1; a page past the last one is empty.",
           {"type": "integer", "minimum": 1, "maximum": services.MAX_PAGE, "default": 1}),
    _query("per_page", "How many offers a page holds.", {
        "type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE, "default": params.DEFAULT_PER_PAGE,
    }),
]


def _json(schema: str, description: str, media_type: str = "application/json") -> dict:
    return {"description": description, "content": {media_type: {"schema": _ref(schema)}}}


_RESPONSES = {
    "InvalidParameters": _json("Problem", "Some query parameters are not valid; `errors` names each of them.",
                               "application/problem+json"),
    "NotFound": _json("Problem", "There is no such offer.", "application/problem+json"),
}

DOCUMENT: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "InfoLavoro kiosk API",
        "version": "1.0.0",
        "description": "The current job offers, courses, internships and events of the InfoLavoro desks, in "
                       "nine languages. Reading needs no key; a partner organisation writes its own offers with "
                       "the API key an administrator made for it (60 writes a minute per key, unless the server says "
                       "otherwise). Errors are RFC 9457 problem details (application/problem+json).",
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/offers": {
            "get": {
                "operationId": "listOffers",
                "summary": "List the offers on show today, newest first.",
                "parameters": [*_FILTER_PARAMETERS, _LANG_PARAMETER, *_PAGING_PARAMETERS],
                "responses": {
                    "200": _json("OfferList", "One page of offers."),
                    "400": {"$ref": "#/components/responses/InvalidParameters"},
                },
            }
        },
        "/offers/{offer_id}": {
            "get": {
                "operationId": "getOffer",
                "summary": "Show every field of an offer, open or closed.",
                "parameters": [
                    {"name": "offer_id", "in": "path", "required": True, "description": "The offer's id.",
                     "schema": {"type": "integer", "minimum": 1, "maximum": params.MAX_OFFER_ID}},
                    _LANG_PARAMETER,
                ],
                "responses": {
                    "200": _json("Offer", "The offer."),
                    "400": {"$ref": "#/components/responses/InvalidParameters"},
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApiDocument",
                "summary": "This document.",
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
    },
    "components": {"schemas": _SCHEMAS, "responses": _RESPONSES},
}
openapi_write.add_to(DOCUMENT)
sync_openapi.add_to(DOCUMENT, _LANG_PARAMETER)
