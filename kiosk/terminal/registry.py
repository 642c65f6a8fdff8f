"""The registered terminals: register, change, give a one-time enrolment link, enrol a browser, revoke.

Plain functions of a session; each change is written to the audit log in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import limits
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from kiosk.audit import services as audit
from kiosk.audit.services import Actor
from kiosk.network.models import Site
from kiosk.sync import changelog
from kiosk.terminal.models import Terminal

ENROLMENT_VALID = timedelta(hours=24)
SEEN_EVERY = timedelta(minutes=5)  # last seen is written at most this often, not on every touch
IDLE_SECONDS = (15, 900)  # what an admin may set, both ends included
PER_MINUTE = (1, 60)  # tickets or printouts a minute: one a second at most stops a child, not a queue
# Lowercase letters and digits without l, o, 0 and 1: a link an admin can read out and type without doubt.
TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 26  # 130 bits
LONGEST_TOKEN = 64
ENROLLED, WAITING, REVOKED = "enrolled", "waiting", "revoked"


@dataclass(frozen=True)
class Settings:
    """What an admin sets for a terminal."""

    site_id: int
    name: str
    print_backend: str
    printer: str
    idle_seconds: int
    ticket_limit: int
    print_limit: int


class NameTaken(ValueError):
    """Another terminal has this name already."""


def digest(secret: str) -> str:
    """Return the SHA-256 of a token or a cookie's secret, as stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    """Return a fresh one-time enrolment token."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def per_minute(rate: str) -> int:
    """Return a rate such as "5 per minute" or "100/hour" as a whole number a minute, within PER_MINUTE."""
    item = limits.parse(rate)
    return clamp(math.ceil(item.amount * 60 / item.get_expiry()), PER_MINUTE)


def clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def defaults(config) -> dict:
    """Return a new terminal's settings as the server's own configuration has them (a guest terminal's)."""
    return {
        "print_backend": config["KIOSK_PRINT_BACKEND"], "printer": config["KIOSK_PRINTER"],
        "idle_seconds": clamp(config["KIOSK_IDLE_SECONDS"], IDLE_SECONDS),
        "ticket_limit": per_minute(config["KIOSK_TICKET_RATE"]),
        "print_limit": per_minute(config["KIOSK_PRINT_RATE"]),
    }


def list_terminals(session: Session) -> list[Terminal]:
    """Return every terminal, by site and name."""
    return list(session.scalars(select(Terminal).join(Site).order_by(Site.name, Terminal.name)))


def state(terminal: Terminal) -> str:
    """Return whether a terminal is enrolled, waiting for its enrolment, or revoked."""
    if not terminal.active:
        return REVOKED
    return ENROLLED if terminal.key_hash else WAITING


def link_pending(terminal: Terminal, now: datetime) -> bool:
    """Tell whether the terminal has an enrolment link that still works."""
    return bool(terminal.enrolment_token_hash and terminal.enrolment_expires_at
                and terminal.enrolment_expires_at > now)


def register(session: Session, settings: Settings, actor: Actor, now: datetime) -> Terminal:
    """Register a terminal, waiting for its enrolment link."""
    _check_name(session, settings.name)
    terminal = Terminal(**asdict(settings), active=True, created_at=now)
    session.add(terminal)
    session.flush()
    audit.record(session, actor, "terminal.create", now, target_kind="terminal", target_id=terminal.id,
                 target_label=terminal.name, changes=audit.differences({}, asdict(settings)))
    return terminal


def change(session: Session, terminal: Terminal, settings: Settings, actor: Actor, now: datetime) -> dict:
    """Change a terminal's settings; return what changed ({} for nothing, and nothing is logged)."""
    if settings.name != terminal.name:
        _check_name(session, settings.name, terminal.id)
    before = {key: getattr(terminal, key) for key in asdict(settings)}
    changes = audit.differences(before, asdict(settings))
    if changes:
        for key, value in asdict(settings).items():
            setattr(terminal, key, value)
        audit.record(session, actor, "terminal.update", now, target_kind="terminal", target_id=terminal.id,
                     target_label=terminal.name, changes=changes)
    return changes


def new_enrolment_link(session: Session, terminal: Terminal, actor: Actor, now: datetime) -> str:
    """Give a terminal a new one-time enrolment token, valid 24 hours, and return it; an earlier link stops working.

    A revoked terminal comes back waiting for its enrolment; an enrolled one keeps working until the link is used.
    """
    token = new_token()
    terminal.enrolment_token_hash, terminal.enrolment_expires_at = digest(token), now + ENROLMENT_VALID
    changes = {"enrolment_link": [audit.SECRET, audit.SECRET]}
    if not terminal.active:
        terminal.active, changes["active"] = True, [False, True]
    audit.record(session, actor, "terminal.enrolment_link", now, target_kind="terminal", target_id=terminal.id,
                 target_label=terminal.name, changes=changes)
    return token


def revoke(session: Session, terminal: Terminal, actor: Actor, now: datetime) -> None:
    """Revoke a terminal: its browser's cookie and any enrolment link stop working at once."""
    changes = {"active": [terminal.active, False]} if terminal.active else {}
    terminal.active, terminal.key_hash = False, None
    terminal.enrolment_token_hash = terminal.enrolment_expires_at = None
    audit.record(session, actor, "terminal.revoke", now, target_kind="terminal", target_id=terminal.id,
                 target_label=terminal.name, changes=changes)


def find_by_token(session: Session, token: str) -> Terminal | None:
    """Return the terminal an enrolment token was made for (expired or not), or None for a used or unknown one."""
    if not 0 < len(token) <= LONGEST_TOKEN:
        return None
    return session.scalar(select(Terminal).where(Terminal.enrolment_token_hash == digest(token)))


def enrol(session: Session, token: str, now: datetime, address: str = "") -> tuple[Terminal, str] | None:
    """Spend an enrolment token: return the terminal and the secret its browser's cookie carries, or None.

    The token is spent by one conditional UPDATE, so two browsers sending the same link enrol one terminal once.
    A new secret ends the cookie of any browser enrolled before.
    """
    terminal = find_by_token(session, token)
    if terminal is None or not link_pending(terminal, now):
        return None
    secret = secrets.token_urlsafe(32)
    spent = session.execute(
        update(Terminal)
        .where(Terminal.id == terminal.id, Terminal.enrolment_token_hash == digest(token),
               Terminal.enrolment_expires_at > now)
        .values(enrolment_token_hash=None, enrolment_expires_at=None, key_hash=digest(secret), active=True,
                enrolled_at=now, last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return None
    session.refresh(terminal)
    changelog.touch(session, terminal)  # the UPDATE above went past the ORM, so past the change log's hook
    audit.record(session, Actor("enrolment link", address=address), "terminal.enrol", now,
                 target_kind="terminal", target_id=terminal.id, target_label=terminal.name)
    return terminal, secret


def identify(session: Session, terminal_id: int, secret: str) -> Terminal | None:
    """Return the active terminal a cookie names when its secret is the current one; None otherwise."""
    terminal = session.get(Terminal, terminal_id)
    if terminal is None or not terminal.active or not terminal.key_hash:
        return None
    return terminal if hmac.compare_digest(terminal.key_hash, digest(secret)) else None


def note_seen(session: Session, terminal_id: int, last_seen: datetime | None, now: datetime) -> bool:
    """Write that a terminal was seen now, unless it was within SEEN_EVERY; return whether it was written."""
    if last_seen is not None and now - last_seen < SEEN_EVERY:
        return False
    session.execute(update(Terminal).where(Terminal.id == terminal_id,
                                           or_(Terminal.last_seen_at.is_(None),
                                               Terminal.last_seen_at < now - SEEN_EVERY))
                    .values(last_seen_at=now).execution_options(synchronize_session=False))
    return True


def _check_name(session: Session, name: str, except_id: int | None = None) -> None:
    query = select(Terminal.id).where(Terminal.name == name)
    if except_id is not None:
        query = query.where(Terminal.id != except_id)
    if session.scalar(query) is not None:
        raise NameTaken(name)
