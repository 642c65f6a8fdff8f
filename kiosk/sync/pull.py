"""Placeholder: one step of the sync round (see kiosk.sync.loop)."""

from __future__ import annotations


def step(session, client) -> None:
    """Nothing yet."""
