"""Creating staff accounts and checking passwords (Argon2id)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.network.services import organisation_is_active
from kiosk.staff.models import ROLES, User, new_session_token

_hasher = PasswordHasher()
# Checked against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200  # the sign-in form takes no longer one


class AccountError(ValueError):
    """An account cannot be made or changed as asked; `field` names the form field at fault, if one is."""

    def __init__(self, message, field: str = ""):
        super().__init__(message)
        self.field = field


def create_user(session: Session, username: str, password: str, role: str, *, site_id: int | None = None,
                organisation_id: int | None = None, demo: bool = False) -> User:
    """Make a staff account; an editor belongs to an organisation, a receptionist to a site."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(_l("Choose a role: administrator, editor or receptionist."), "role")
    if not username or len(username) > 80:
        raise AccountError(_l("The user name must have 1 to 80 characters."), "username")
    if role == "editor" and organisation_id is None:
        raise AccountError(_l("An editor belongs to an organisation: choose one."), "organisation_id")
    if role == "editor" and not organisation_is_active(session, organisation_id):
        raise AccountError(_l("This organisation was deactivated: it gets no new accounts."), "organisation_id")
    if role == "receptionist" and site_id is None:
        raise AccountError(_l("A receptionist belongs to a site: choose one."), "site_id")
    if session.scalar(select(User).where(User.username == username)):
        raise AccountError(_l("The user name %(name)s is taken.", name=username), "username")
    _check_password(password)
    user = User(username=username, password_hash=_hasher.hash(password), role=role,
                site_id=site_id if role == "receptionist" else None,
                organisation_id=organisation_id if role == "editor" else None, demo=demo)
    session.add(user)
    return user


def authenticate(session: Session, username: str, password: str, now: datetime) -> User | None:
    """Return the active user with this name and password, or None; the caller commits."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = now
    return user


def set_password(user: User, password: str, field: str = "password") -> None:
    """Give a person a new password and end the sessions opened with the old one; the caller commits."""
    _check_password(password, field)
    user.password_hash = _hasher.hash(password)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """End every session a person has open, on any browser (a copied cookie too); the caller commits."""
    user.session_token = new_session_token()


def session_user(session: Session, token: str) -> User | None:
    """Return the active person a session's token names, or None once it has been ended."""
    user = session.scalar(select(User).where(User.session_token == token)) if token else None
    return user if user is not None and user.active else None


def check_password(user: User, password: str) -> bool:
    """Return whether this is the person's password."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_user(session: Session, username: str) -> User | None:
    """Return the account with this user name, active or not."""
    return session.scalar(select(User).where(User.username == username.strip()))


def _check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("The password must have at least %(count)s characters.", count=MIN_PASSWORD_LENGTH),
                           field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(_l("The password must have at most %(count)s characters.", count=MAX_PASSWORD_LENGTH),
                           field)


def demo_accounts(session: Session) -> list[str]:
    """Return the names of the demo accounts still present."""
    return list(session.scalars(select(User.username).where(User.demo.is_(True))))
