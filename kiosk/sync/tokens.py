"""Desks' sync tokens: made (the token shown once), found from a request's bearer token, revoked; all audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import bearer
from kiosk.audit.services import Actor, record
from kiosk.network.models import Site
from kiosk.sync.models import DeskToken

TOKEN_START = "ild_"  # says what a leaked string is: an InfoLavoro desk token
USE_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


def make_token(session: Session, site: Site, actor: Actor, now: datetime) -> tuple[DeskToken, str]:
    """Make a token for a site's desk; return it and the token itself, which is never kept and cannot be shown again."""
    secret = bearer.make_secret(TOKEN_START, lambda prefix: session.scalar(
        select(DeskToken.id).where(DeskToken.prefix == prefix)) is not None)
    token = DeskToken(site=site, prefix=bearer.prefix_of(secret, TOKEN_START), secret_hash=bearer.digest(secret),
                      created_by=actor.name[:120], created_at=now)
    session.add(token)
    session.flush()
    record(session, actor, "desk_token.create", now, target_kind="desk_token", target_id=token.id,
           target_label=label(token), changes={"site": [None, site.slug], "prefix": [None, token.prefix]})
    return token, secret


def revoke_token(session: Session, token: DeskToken, actor: Actor, now: datetime) -> bool:
    """Revoke a token for good; return False when it was revoked already. Flushed, not committed."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = now
    record(session, actor, "desk_token.revoke", now, target_kind="desk_token", target_id=token.id,
           target_label=label(token), changes={"revoked_at": [None, now.isoformat()]})
    session.flush()
    return True


def find_token(session: Session, secret: str, now: datetime) -> DeskToken | None:
    """Return the live token a bearer token names (and note its use), or None for an unknown or revoked one."""
    if not bearer.plausible(secret, TOKEN_START):
        return None
    token = session.scalar(select(DeskToken).where(DeskToken.secret_hash == bearer.digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_PRECISION:
        token.last_used_at = now
    return token


def by_prefix(session: Session, prefix: str) -> DeskToken | None:
    """Return the token a prefix names, or None."""
    return session.scalar(select(DeskToken).where(DeskToken.prefix == prefix.strip().rstrip("…")))


def list_tokens(session: Session) -> list[DeskToken]:
    """Return every token, live ones first, newest first."""
    return list(session.scalars(select(DeskToken).order_by(DeskToken.revoked_at.is_not(None), DeskToken.id.desc())))


def label(token: DeskToken) -> str:
    """Return how the audit log names a token."""
    return f"{token.prefix}… ({token.site.slug})"
