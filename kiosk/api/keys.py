"""Partners' API keys: made (the key shown once), found from a request's bearer token, revoked; all audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import bearer
from kiosk.api.models import ApiKey
from kiosk.audit.services import Actor, record
from kiosk.bearer import digest

KEY_START = "ilk_"  # says what a leaked string is, for people and for secret scanners
PREFIX_LENGTH = len(KEY_START) + bearer.PREFIX_RANDOM
USE_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute per key


def make_key(session: Session, organisation_id: int, name: str, actor: Actor, now: datetime) -> tuple[ApiKey, str]:
    """Make a key for an organisation; return it and the key itself, which is never kept and cannot be shown again."""
    key = bearer.make_secret(KEY_START, lambda prefix: session.scalar(
        select(ApiKey.id).where(ApiKey.prefix == prefix)) is not None)
    api_key = ApiKey(organisation_id=organisation_id, name=name.strip()[:80], prefix=bearer.prefix_of(key, KEY_START),
                     secret_hash=digest(key), created_by=actor.name[:120], created_at=now)
    session.add(api_key)
    session.flush()
    record(session, actor, "api_key.create", now, target_kind="api_key", target_id=api_key.id,
           target_label=label(api_key), changes={"organisation_id": [None, organisation_id],
                                                 "name": [None, api_key.name], "prefix": [None, api_key.prefix]})
    return api_key, key


def revoke_key(session: Session, api_key: ApiKey, actor: Actor, now: datetime) -> bool:
    """Revoke a key for good; return False when it was revoked already. Flushed, not committed."""
    if api_key.revoked_at is not None:
        return False
    api_key.revoked_at = now
    record(session, actor, "api_key.revoke", now, target_kind="api_key", target_id=api_key.id,
           target_label=label(api_key), changes={"revoked_at": [None, now.isoformat()]})
    session.flush()
    return True


def find_key(session: Session, key: str, now: datetime) -> ApiKey | None:
    """Return the live key a bearer token names (and note its use), or None for an unknown or revoked one."""
    if not bearer.plausible(key, KEY_START):
        return None
    api_key = session.scalar(select(ApiKey).where(ApiKey.secret_hash == digest(key)))
    if api_key is None or api_key.revoked_at is not None:
        return None
    if api_key.last_used_at is None or now - api_key.last_used_at >= USE_PRECISION:
        api_key.last_used_at = now
    return api_key


def list_keys(session: Session) -> list[ApiKey]:
    """Return every key, live ones first, newest first."""
    query = select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())
    return list(session.scalars(query))


def actor_of(api_key: ApiKey, address: str = "") -> Actor:
    """Return the audit log's actor for a request made with a key."""
    return Actor(f"api key {api_key.prefix} ({api_key.organisation.slug})", address=address)


def label(api_key: ApiKey) -> str:
    """Return how the audit log names a key."""
    return f"{api_key.prefix}… {api_key.name} ({api_key.organisation.slug})"
