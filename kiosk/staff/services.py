"""Creating staff accounts and checking passwords (Argon2id)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.staff.models import ROLES, User, new_session_token

_hasher = PasswordHasher()
# Checked against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """An account cannot be made as asked."""


def create_user(session: Session, username: str, password: str, role: str, *, site_id: int | None = None,
                organisation_id: int | None = None, demo: bool = False) -> User:
    """Make a staff account; an editor belongs to an organisation, a receptionist to a site."""
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"the role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 80:
        raise AccountError("the user name must have 1 to 80 characters")
    _check_password(password)
    if role == "editor" and organisation_id is None:
        raise AccountError("an editor belongs to an organisation")
    if role == "receptionist" and site_id is None:
        raise AccountError("a receptionist belongs to a site")
    if session.scalar(select(User).where(User.username == username)):
        raise AccountError(f"the user name {username!r} is taken")
    user = User(username=username, password_hash=_hasher.hash(password), role=role, site_id=site_id,
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


def set_password(user: User, password: str) -> None:
    """Give a person a new password and end the sessions opened with the old one; the caller commits."""
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """End every session a person has open, on any browser (a copied cookie too); the caller commits."""
    user.session_token = new_session_token()


def session_user(session: Session, token: str) -> User | None:
    """Return the active person a session's token names, or None once it has been ended."""
    user = session.scalar(select(User).where(User.session_token == token)) if token else None
    return user if user is not None and user.active else None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def demo_accounts(session: Session) -> list[str]:
    """Return the names of the demo accounts still present."""
    return list(session.scalars(select(User.username).where(User.demo.is_(True))))
