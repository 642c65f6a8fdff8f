"""What an admin does to staff accounts and anyone to their own password, each change in the audit log.

Every function checks everything before it changes anything, so a refusal leaves the account as it was.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.audit import services as audit
from kiosk.audit.services import Actor
from kiosk.counter import receptionist
from kiosk.network.models import Organisation, Site
from kiosk.network.services import organisation_is_active
from kiosk.staff import services
from kiosk.staff.models import ROLES, User
from kiosk.staff.services import AccountError

ADMIN, EDITOR, RECEPTIONIST = ROLES
KIND = "user"  # the audit log's kind of record for an account
# Letters and digits nobody misreads when a password is read aloud or copied by hand (no 0/O, 1/l/I).
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class Account:
    """An account as the list shows it: the person, and the organisation or site they work for."""

    user: User
    organisation: str
    site: str


@dataclass(frozen=True)
class Scope:
    """What an account may do and where: a role, and the editor's organisation or the receptionist's site."""

    role: str
    organisation_id: int | None = None
    site_id: int | None = None


def list_accounts(session: Session) -> list[Account]:
    """Return every staff account, active ones first, by user name."""
    query = (select(User, Organisation.name, Site.name)
             .outerjoin(Organisation, Organisation.id == User.organisation_id)
             .outerjoin(Site, Site.id == User.site_id)
             .order_by(User.active.desc(), User.username))
    return [Account(user, organisation or "", site or "") for user, organisation, site in session.execute(query)]


def scope_choices(session: Session) -> tuple[list[Organisation], list[Site]]:
    """Return the organisations an editor and the sites a receptionist may belong to, by name."""
    return (list(session.scalars(select(Organisation).order_by(Organisation.name))),
            list(session.scalars(select(Site).order_by(Site.name))))


def generate_password() -> str:
    """Return a new password that is easy to read out and type: three groups of four, e.g. "kq7m-x3pd-w9ta"."""
    return "-".join("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(3))


def create_account(session: Session, actor: Actor, at: datetime, username: str, scope: Scope,
                   password: str) -> User:
    """Make a staff account with its role, scope and first password; the caller commits."""
    _check_scope(session, scope)
    user = services.create_user(session, username, password, scope.role, site_id=scope.site_id,
                                organisation_id=scope.organisation_id)
    record_created(session, actor, at, user)
    return user


def record_created(session: Session, actor: Actor, at: datetime, user: User) -> None:
    """Log a new account with its role, scope and (masked) password; the caller commits."""
    session.flush()
    changes = audit.differences({}, snapshot(session, user) | {"password": ""}, secret=("password",))
    audit.record(session, actor, "account.create", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username, changes=changes)


def record_deleted(session: Session, actor: Actor, at: datetime, user: User) -> None:
    """Log an account about to be deleted (from the command line), with what it was; the caller commits."""
    audit.record(session, actor, "account.delete", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username, changes=audit.differences(snapshot(session, user), {}))


def rescope(session: Session, actor: Actor, at: datetime, user: User, scope: Scope) -> None:
    """Give an account another role, organisation or site; the caller commits.

    An admin cannot take the administrator role from themselves, nor from the last active administrator.
    """
    _check_scope(session, scope)
    if (scope.role == EDITOR and scope.organisation_id != user.organisation_id
            and not organisation_is_active(session, scope.organisation_id)):
        raise AccountError(_l("This organisation was deactivated: it gets no new accounts."), "organisation_id")
    if user.role == ADMIN and scope.role != ADMIN:
        if user.id == actor.user_id:
            raise AccountError(_l("You cannot take the administrator role from yourself."), "role")
        _check_not_last_admin(session, user)
    before = snapshot(session, user)
    moves = scope.role != user.role or (scope.site_id != user.site_id and user.role == RECEPTIONIST)
    user.role = scope.role
    user.organisation_id = scope.organisation_id if scope.role == EDITOR else None
    user.site_id = scope.site_id if scope.role == RECEPTIONIST else None
    if moves:  # a counter of the old desk must not stay open in the name of someone who no longer works there
        receptionist.leave_all(session, user.id)
    _record_change(session, actor, at, user, "account.update", before)


def deactivate(session: Session, actor: Actor, at: datetime, user: User) -> None:
    """Close an account: its sessions end at once and its counters close; the caller commits."""
    if user.id == actor.user_id:
        raise AccountError(_l("You cannot deactivate your own account."))
    if not user.active:
        return
    if user.role == ADMIN:
        _check_not_last_admin(session, user)
    before = snapshot(session, user)
    user.active = False
    services.end_sessions(user)
    receptionist.leave_all(session, user.id)
    _record_change(session, actor, at, user, "account.deactivate", before)


def reactivate(session: Session, actor: Actor, at: datetime, user: User) -> None:
    """Open a closed account again, with the password it had; the caller commits."""
    if user.active:
        return
    before = snapshot(session, user)
    user.active = True
    _record_change(session, actor, at, user, "account.reactivate", before)


def reset_password(session: Session, actor: Actor, at: datetime, user: User, password: str) -> None:
    """Give someone a new password (from an admin) and end their sessions; the caller commits."""
    services.set_password(user, password)
    audit.record(session, actor, "account.password_reset", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username, changes={"password": [audit.SECRET, audit.SECRET]})


def change_own_password(session: Session, user: User, at: datetime, address: str, current: str, new: str,
                        repeated: str) -> None:
    """Change one's own password: every session of that person ends; the caller commits and keeps this one."""
    if not services.check_password(user, current):
        raise AccountError(_l("That is not your current password."), "current")
    if new != repeated:
        raise AccountError(_l("The two new passwords are not the same."), "repeated")
    if new == current:
        raise AccountError(_l("The new password must differ from the current one."), "new")
    services.set_password(user, new, "new")
    audit.record(session, Actor.of(user, address), "password.change", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username, changes={"password": [audit.SECRET, audit.SECRET]})


def record_sign_in(session: Session, user: User, at: datetime, address: str) -> None:
    """Log that someone signed in, from which address; the caller commits."""
    audit.record(session, Actor.of(user, address), "sign_in", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username)


def record_failed_sign_in(session: Session, username: str, at: datetime, address: str) -> None:
    """Log a refused sign-in with the user name tried and the address it came from; the caller commits."""
    tried = username.strip()[:120]
    known = services.find_user(session, tried) if tried else None
    audit.record(session, Actor(name=tried, address=address), "sign_in_failed", at, target_kind=KIND,
                 target_id=known.id if known else None, target_label=tried)


def record_sign_out(session: Session, user: User, at: datetime, address: str) -> None:
    """Log that someone signed out; the caller commits."""
    audit.record(session, Actor.of(user, address), "sign_out", at, target_kind=KIND, target_id=user.id,
                 target_label=user.username)


def snapshot(session: Session, user: User) -> dict:
    """Return an account's fields as the audit log compares them: names, not ids, so the log reads by itself."""
    organisation = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    site = session.get(Site, user.site_id) if user.site_id else None
    return {"username": user.username, "role": user.role, "organisation": organisation.name if organisation else None,
            "site": site.name if site else None, "active": user.active}


def _record_change(session: Session, actor: Actor, at: datetime, user: User, action: str, before: dict) -> None:
    changes = audit.differences(before, snapshot(session, user))
    if changes:
        audit.record(session, actor, action, at, target_kind=KIND, target_id=user.id, target_label=user.username,
                     changes=changes)


def _check_scope(session: Session, scope: Scope) -> None:
    """Refuse an unknown role, an editor without an existing organisation, a receptionist without a site."""
    if scope.role not in ROLES:
        raise AccountError(_l("Choose a role: administrator, editor or receptionist."), "role")
    if scope.role == EDITOR and (scope.organisation_id is None
                                 or session.get(Organisation, scope.organisation_id) is None):
        raise AccountError(_l("An editor belongs to an organisation: choose one."), "organisation_id")
    if scope.role == RECEPTIONIST and (scope.site_id is None or session.get(Site, scope.site_id) is None):
        raise AccountError(_l("A receptionist belongs to a site: choose one."), "site_id")


def _check_not_last_admin(session: Session, user: User) -> None:
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == ADMIN, User.active.is_(True), User.id != user.id))
    if not others:
        raise AccountError(_l("This is the last active administrator: make another one first."))
