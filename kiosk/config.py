"""Settings from the environment, with safe defaults for the standalone role."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROLES = ("standalone", "desk", "central")
DEFAULT_SECRET_KEY = "standalone-demo-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32
MIN_SECRET_LETTERS = 12  # different characters: "aaaa…" or "1234…" repeated is not a secret
WORKERS, THREADS = 2, 16  # gunicorn's processes and threads per process (deploy/gunicorn.conf.py reads these too)


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the chosen role."""


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def _seconds(env: dict[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not value >= minimum:  # also refuses nan
        raise ConfigError(f"{name} must be at least {minimum} seconds, not {raw}")
    return value


def _choice(env: dict[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _flag(env: dict[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw not in ("", "0", "1", "false", "true", "no", "yes"):
        raise ConfigError(f"{name} must be 1 or 0, not {raw!r}")
    return raw in ("1", "true", "yes")


def from_environment(env: dict[str, str] | None = None) -> dict:
    """Build the Flask configuration from environment variables."""
    env = dict(os.environ if env is None else env)
    role = env.get("KIOSK_ROLE", "standalone")
    if role not in ROLES:
        raise ConfigError(f"KIOSK_ROLE must be one of {', '.join(ROLES)}, not {role!r}")
    default_db = f"sqlite:///{PROJECT_ROOT / 'instance' / 'kiosk.sqlite3'}"
    threads = _int(env, "KIOSK_THREADS", THREADS, minimum=2)
    config = {
        "KIOSK_ROLE": role,
        "KIOSK_SITE": env.get("KIOSK_SITE", "la-spezia"),
        "SQLALCHEMY_DATABASE_URI": env.get("KIOSK_DATABASE_URL", default_db),
        "KIOSK_CENTRAL_URL": env.get("KIOSK_CENTRAL_URL", ""),
        "KIOSK_SYNC_TOKEN": env.get("KIOSK_SYNC_TOKEN", ""),
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        "KIOSK_PUBLIC_URL": env.get("KIOSK_PUBLIC_URL", ""),
        "KIOSK_IDLE_SECONDS": _int(env, "KIOSK_IDLE_SECONDS", 60, minimum=5),
        "KIOSK_IDLE_COUNTDOWN_SECONDS": _int(env, "KIOSK_IDLE_COUNTDOWN_SECONDS", 20, minimum=20),
        "KIOSK_PAGE_SIZE": _int(env, "KIOSK_PAGE_SIZE", 8, minimum=1),
        "KIOSK_PROXIES": _int(env, "KIOSK_PROXIES", 0),
        "KIOSK_PRINT_BACKEND": _choice(env, "KIOSK_PRINT_BACKEND", "browser", ("browser", "cups", "none")),
        "KIOSK_PRINTER": env.get("KIOSK_PRINTER", ""),
        "KIOSK_PRINT_RATE": env.get("KIOSK_PRINT_RATE", "6 per minute"),
        "KIOSK_TICKET_RATE": env.get("KIOSK_TICKET_RATE", "5 per minute"),
        # New recordings a terminal may ask the server's voice for (a recording already made is not counted).
        "KIOSK_SIGN_IN_RATE": env.get("KIOSK_SIGN_IN_RATE", "10 per minute"),  # per address, right or wrong
        "KIOSK_LISTEN_RATE": env.get("KIOSK_LISTEN_RATE", "20 per minute"),
        "KIOSK_SPEECH_CACHE_MB": _int(env, "KIOSK_SPEECH_CACHE_MB", 200, minimum=1),
        "KIOSK_API_WRITE_RATE": env.get("KIOSK_API_WRITE_RATE", "60 per minute"),  # per partner's API key
        "KIOSK_REMOTE_RATE": env.get("KIOSK_REMOTE_RATE", "5 per hour"),  # tickets asked from a phone, per address
        # How long central keeps the catalogue's tombstones: a desk offline for longer takes a full copy again.
        "KIOSK_SYNC_TOMBSTONE_DAYS": _int(env, "KIOSK_SYNC_TOMBSTONE_DAYS", 30, minimum=1),
        # A desk's sync loop: seconds between rounds while the link is up, and the longest wait while it is down.
        "KIOSK_SYNC_INTERVAL": _seconds(env, "KIOSK_SYNC_INTERVAL", 3.0, minimum=0.05),
        "KIOSK_SYNC_MAX_BACKOFF": _seconds(env, "KIOSK_SYNC_MAX_BACKOFF", 60.0, minimum=1.0),
        # A desk's pull starts a low-priority sheet maker after it changed offers: unset means yes (but in tests).
        "KIOSK_SYNC_SHEETS": _flag(env, "KIOSK_SYNC_SHEETS") if env.get("KIOSK_SYNC_SHEETS") else None,
        "KIOSK_PRIORITY_IN_ROW": _int(env, "KIOSK_PRIORITY_IN_ROW", 3, minimum=1),
        "KIOSK_LANGUAGE_WINDOW_MINUTES": _int(env, "KIOSK_LANGUAGE_WINDOW_MINUTES", 3),
        "KIOSK_ALWAYS_OPEN": _flag(env, "KIOSK_ALWAYS_OPEN"),  # demos and tests: tickets at any hour
        # `make run-network` only: a desk or central on this machine alone may serve with the demo's accounts.
        "KIOSK_DEMO_NETWORK": _flag(env, "KIOSK_DEMO_NETWORK"),
        "KIOSK_STREAM_SECONDS": _int(env, "KIOSK_STREAM_SECONDS", 300, minimum=1),  # then a display reconnects
        # How the server runs: deploy/gunicorn.conf.py starts this many processes and threads; the database
        # pool of each process and its number of live streams follow from them.
        "KIOSK_WORKERS": _int(env, "KIOSK_WORKERS", WORKERS, minimum=1),
        "KIOSK_THREADS": threads,
        "KIOSK_STREAMS_PER_WORKER": _int(env, "KIOSK_STREAMS_PER_WORKER", max(1, threads // 4), minimum=1),
        # Rate limits are shared by every worker (and survive a reload) only in Redis.
        "RATELIMIT_STORAGE_URI": env.get("KIOSK_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_KEY_PREFIX": env.get("KIOSK_RATELIMIT_PREFIX", "infolavoro"),
        "RATELIMIT_SWALLOW_ERRORS": True,  # Redis down: tickets are still issued, counted in memory meanwhile
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Keys Flask itself defines, so they are set here and never with setdefault.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int(env, "KIOSK_STAFF_SESSION_HOURS", 9, minimum=1)),
        "MAX_CONTENT_LENGTH": _int(env, "KIOSK_MAX_REQUEST_KB", 1024, minimum=64) * 1024,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
    }
    check(config)
    return config


def check(config: dict) -> None:
    """Refuse an unsafe configuration for the desk and central roles."""
    role = config["KIOSK_ROLE"]
    if role == "standalone":
        return
    secret = config["SECRET_KEY"] or ""
    if secret == DEFAULT_SECRET_KEY or len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < MIN_SECRET_LETTERS:
        raise ConfigError(
            f"KIOSK_ROLE={role} needs SECRET_KEY set to at least {MIN_SECRET_LENGTH} random characters: "
            'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    check_rate_limit_storage(role, config.get("RATELIMIT_STORAGE_URI", "memory://"), config.get("KIOSK_WORKERS", 1))
    if role == "desk" and not config["KIOSK_SYNC_TOKEN"]:
        raise ConfigError("KIOSK_ROLE=desk needs KIOSK_SYNC_TOKEN, the desk's token issued by the central server")
    if role == "desk" and not config["KIOSK_CENTRAL_URL"]:
        raise ConfigError("KIOSK_ROLE=desk needs KIOSK_CENTRAL_URL, the central server's address")


def check_rate_limit_storage(role: str, storage: str, workers: int) -> None:
    """Refuse limits kept in each process's memory when a desk or central runs more than one process."""
    if role != "standalone" and workers > 1 and storage.startswith("memory://"):
        raise ConfigError(
            f"KIOSK_ROLE={role} with {workers} workers needs KIOSK_RATELIMIT_STORAGE_URL=redis://…: "
            "limits kept in memory count each worker apart and forget everything on a reload"
        )
