"""Who may open which back-office page: a role check on every view, readable by the tests' role matrix."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, request
from flask_login import current_user

from kiosk.audit.services import Actor
from kiosk.extensions import login_manager

ADMIN = "admin"
EDITOR = "editor"
RECEPTIONIST = "receptionist"
STAFF = (ADMIN, EDITOR, RECEPTIONIST)


def allow(*roles: str) -> Callable:
    """Let in signed-in staff of these roles: nobody signed in goes to the sign-in page, another role gets 403.

    The roles are kept on the view as `allowed_roles`, which the role × route test reads.
    """
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        checked.allowed_roles = frozenset(roles)
        return checked

    return decorate


def organisation_scope() -> int | None:
    """Return the organisation whose offers the signed-in person may touch, or None for an admin (all of them)."""
    return None if current_user.role == ADMIN else current_user.organisation_id


def check_organisation(organisation_id: int) -> None:
    """Answer 404 when the signed-in person may not touch this organisation's records (an editor of another one).

    404 rather than 403: an editor learns nothing about another organisation's offers by trying ids.
    """
    scope = organisation_scope()
    if scope is not None and scope != organisation_id:
        abort(404)


def actor() -> Actor:
    """Return the signed-in person as the audit log names them."""
    return Actor.of(current_user, request.remote_addr or "")
