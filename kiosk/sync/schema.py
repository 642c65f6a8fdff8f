"""The schema versions this code knows: the Alembic revisions of its own migrations."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@cache
def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def head() -> str:
    """Return the newest schema version this code migrates to."""
    return _scripts().get_current_head()


@cache
def known() -> frozenset[str]:
    """Return every schema version this code knows: its head and every one before it."""
    return frozenset(script.revision for script in _scripts().walk_revisions())


def is_newer(version: str | None) -> bool:
    """Say whether a schema version is one this code does not know (so, made by newer code)."""
    return bool(version) and version not in known()
