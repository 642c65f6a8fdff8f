"""Numbers from addresses and forms, bounded to what the database can hold.

Every id column is an INTEGER: 32 bits on PostgreSQL (which refuses a larger value outright), 64 on SQLite.
A number past that range names no row, so it is "not found" before any query sees it.
"""

from __future__ import annotations

import builtins
import re

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the smaller of the two databases' ranges
_MAX_DIGITS = len(str(MAX_ID))
# A parameter may be a bigint (the sync's revisions): each caller of parse_whole bounds the value itself.
_WHOLE = re.compile(rf"([0-9]{{1,{len(str(2**63 - 1))}}})(?:\.0+)?")


class BoundedIntegerConverter(IntegerConverter):
    """Flask's `int` converter, limited to ASCII digits and to the database's range: anything else is a 404."""

    regex = rf"[0-9]{{1,{_MAX_DIGITS}}}"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        lowest = -MAX_ID - 1 if signed else 0
        min = lowest if min is None else builtins.max(min, lowest)
        max = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits, min, max, signed)
        if signed:
            self.regex = "-?" + BoundedIntegerConverter.regex


def parse_id(raw: str | None) -> int | None:
    """Return the id a form or query parameter gives, or None when it is not a number from 1 to MAX_ID.

    It also serves as `request.form.get(name, type=parse_id)`.
    """
    return parse_whole(raw, 1, MAX_ID)


def parse_whole(raw: str | None, lowest: int, highest: int) -> int | None:
    """Return the whole number from `lowest` to `highest` a parameter gives, or None.

    Written in ASCII digits (int() would also take spaces, underscores and other scripts' digits), with a zero
    fraction allowed: 15.0 is a whole number to JSON Schema, so to the API's clients too.
    """
    match = _WHOLE.fullmatch(raw or "")
    number = int(match.group(1)) if match else None
    return number if number is not None and lowest <= number <= highest else None


def init_app(app: Flask) -> None:
    """Make `<int:...>` in every route the bounded converter; call before any blueprint registers."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_not_found_past_the_range)


def _not_found_past_the_range() -> None:
    """Say 404, not 405, for an address whose number is out of range while another method has the same shape.

    Werkzeug answers 405 when a rule of another method has the path's shape (POST /admin/terminals/9999999999/revoke
    beside its GET), even though no method's converter accepts the number: nothing is there, so it is a 404.
    """
    error = request.routing_exception
    if isinstance(error, MethodNotAllowed) and not _any_method_matches(error.valid_methods or ()):
        request.routing_exception = NotFound()


def _any_method_matches(methods) -> bool:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in methods:
        try:
            adapter.match(method=method)
        except HTTPException:
            continue
        return True
    return False
