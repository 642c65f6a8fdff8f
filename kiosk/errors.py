"""Error pages in the visitor's language, and problem details for the API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Something went wrong"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is no longer available.")),
    405: (_l("Something went wrong"), _l("The request could not be understood. Please go back and try again.")),
    429: (_l("Please wait a moment"), _l("Too many requests from this screen. Please try again in a minute.")),
    500: (
        _l("Something went wrong"),
        _l("Sorry, something went wrong on our side. Please try again or ask our staff."),
    ),
}


def init_app(app: Flask) -> None:
    """Answer errors with a page in the visitor's language, or problem details under /api/."""
    # Unhandled exceptions reach the 500 handler through Flask, which logs them (and lets tests see them).
    app.register_error_handler(HTTPException, handle_http_error)


def handle_http_error(error: HTTPException):
    if error.response is not None:  # a response made for this error already (e.g. a polite rate-limit answer)
        return error.response
    code = error.code or 500
    title, detail = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if request.path.startswith("/api/"):
        response = jsonify(type="about:blank", title=str(title), status=code, detail=str(detail))
        response.status_code = code
        response.content_type = "application/problem+json"
        return response
    return render_template("errors/error.html", title=title, detail=detail, code=code), code

