"""One-time tokens: a print button and a take-a-ticket form carry one, so that a double touch counts once."""

from __future__ import annotations

import secrets

from flask import abort, request

TOKEN_BYTES = 24  # 32 characters
SHORTEST, LONGEST = 16, 64  # what a form may send back: the print job's and the ticket's columns hold 64


def new_token() -> str:
    """Return a fresh one-time token for a form."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def form_token(field: str = "token") -> str:
    """Return the one-time token the form sent in `field`; answer 400 when it sent none or one that cannot be."""
    token = request.form.get(field, "")
    if not SHORTEST <= len(token) <= LONGEST:
        abort(400)
    return token
