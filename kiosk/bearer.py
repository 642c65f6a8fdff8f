"""Bearer secrets (partners' API keys, desks' sync tokens): made with 256 random bits, kept only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

PREFIX_RANDOM = 8  # random characters after the start that name a secret in lists and the audit log
MAX_LENGTH = 100  # a longer bearer token is not one of ours: no hashing of megabytes


def digest(secret: str) -> str:
    """Return the SHA-256 of a secret, as kept in the database.

    A secret carries 256 random bits, so a fast hash is right: nobody can try enough of them, and a slow password
    hash would only slow every request.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str, start: str) -> str:
    """Return the visible prefix that names a secret."""
    return secret[:len(start) + PREFIX_RANDOM]


def make_secret(start: str, prefix_taken: Callable[[str], bool]) -> str:
    """Return a fresh secret beginning with `start` whose prefix is not taken yet."""
    while True:
        secret = start + secrets.token_urlsafe(32)
        if not prefix_taken(prefix_of(secret, start)):
            return secret


def plausible(token: str, start: str) -> bool:
    """Say whether a bearer token may be one of ours, before hashing it."""
    return token.startswith(start) and len(token) <= MAX_LENGTH


def bearer_token(authorization: str) -> str:
    """Return the token of an `Authorization: Bearer <token>` header's value, or "" for any other."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
