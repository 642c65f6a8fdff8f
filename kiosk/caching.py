"""Answers that carry someone's state are never stored by a browser or a proxy."""

from __future__ import annotations

from flask import Response


def no_store(response: Response) -> Response:
    """Mark an answer as never to be stored (a blueprint's after_request): Back on a shared screen asks again."""
    response.cache_control.no_store = True
    return response
