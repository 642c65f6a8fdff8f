"""RFC 9457 problem details: every error under /api/v1 answers application/problem+json."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from kiosk import i18n
from kiosk.offers.services import FilterError

MEDIA_TYPE = "application/problem+json"

# Titles and details of the plain HTTP errors, whose problem type is about:blank.
_HTTP_ERRORS = {
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Method not allowed"), _l("This address does not accept this method.")),
    413: (_l("Too large"), _l("The request is too large.")),
    429: (_l("Too many requests"), _l("Too many requests with this key: wait a minute and try again.")),
    500: (_l("Server error"), _l("Something went wrong on our side: please try again later.")),
}


def problem(status: int, title, detail, lang: str, type_: str = "about:blank",
            errors: Iterable[FilterError] | None = None, field_errors: Iterable | None = None) -> Response:
    """Return a problem-details response; lazy strings are rendered in `lang`.

    `errors` names query parameters; `field_errors` (writing.Problem) names fields of a sent offer.
    """
    with force_locale(lang):
        body = {"type": type_, "title": str(title), "status": status, "detail": str(detail)}
        if errors is not None:
            body["errors"] = [{"parameter": e.parameter, "message": str(e.message)} for e in errors]
        if field_errors is not None:
            body["errors"] = [{"field": e.field, "message": str(e.message)} for e in field_errors]
    response = current_app.json.response(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    response.headers["Content-Language"] = i18n.language(lang).tag
    return response


def invalid_parameters(errors: list[FilterError], lang: str) -> Response:
    """Answer 400, naming each query parameter that is wrong and why."""
    type_ = url_for("api.openapi_document", _external=True) + "#/components/responses/InvalidParameters"
    title = _l("Some parameters are not valid.")
    detail = _l("Correct the parameters listed in errors and ask again.")
    return problem(400, title, detail, lang, type_=type_, errors=errors)


def not_found(lang: str) -> Response:
    """Answer 404 for an offer that does not exist."""
    return problem(404, _HTTP_ERRORS[404][0], _l("There is no offer with this number."), lang)


def http_error(error: HTTPException) -> Response:
    """Turn an HTTP error raised under /api/v1 into problem details, keeping its headers (Allow)."""
    code = error.code or 500
    title, detail = _HTTP_ERRORS.get(code, (error.name, error.description or error.name))
    response = problem(code, title, detail, message_language())
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers.add(name, value)
    return response


def message_language() -> str:
    """Return the language for error messages: a valid `lang`, otherwise Italian."""
    return i18n.normalise_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE


def init_blueprint(bp: Blueprint) -> None:
    """Answer problem details for HTTP errors of the blueprint and for unrouted URLs under it."""
    bp.register_error_handler(HTTPException, http_error)

    @bp.before_app_request
    def unrouted_api_url() -> Response | None:
        # An unknown path or method never reaches a view, so the blueprint's own handler cannot see it.
        error = request.routing_exception
        prefix = bp.url_prefix or ""
        inside = request.path == prefix or request.path.startswith(prefix + "/")
        if inside and isinstance(error, NotFound | MethodNotAllowed):
            return http_error(error)
        return None


def bearer_refused(title, how_to, refused, realm: str, sent: bool, lang: str) -> Response:
    """Return the 401 problem for a request without a valid bearer token: none sent, or an unknown or revoked one."""
    answer = problem(401, title, refused if sent else how_to, lang)
    answer.headers["WWW-Authenticate"] = f'Bearer realm="{realm}"' + (', error="invalid_token"' if sent else "")
    return answer
