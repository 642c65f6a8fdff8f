"""The sheets of pulled offers, made by a child process at the lowest priority, never by a serving worker.

After a pull that changed offers the loop starts `nice -n 19 flask --app wsgi kiosk sheets --processes 1` and does
not wait for it. At most one runs at a time, across every loop process: the child inherits a lock on a file beside
the desk's database and holds it until it ends. A pull that finds the lock taken notes that sheets are wanted, and
the next round starts a child once the lock is free (the command makes every missing sheet, not a list).
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

from kiosk.config import PROJECT_ROOT

log = logging.getLogger(__name__)
NICENESS = 19
# What the child needs to reach the same database as the same desk, by the environment's names.
ENVIRONMENT = {"SQLALCHEMY_DATABASE_URI": "KIOSK_DATABASE_URL", "KIOSK_ROLE": "KIOSK_ROLE", "KIOSK_SITE": "KIOSK_SITE",
               "KIOSK_PUBLIC_URL": "KIOSK_PUBLIC_URL", "SECRET_KEY": "SECRET_KEY",
               "KIOSK_CENTRAL_URL": "KIOSK_CENTRAL_URL", "KIOSK_SYNC_TOKEN": "KIOSK_SYNC_TOKEN",
               "RATELIMIT_STORAGE_URI": "KIOSK_RATELIMIT_STORAGE_URL"}


def enabled(app: Flask) -> bool:
    """Tell whether pulls start the sheet maker: KIOSK_SYNC_SHEETS when set, else on every app but a test's."""
    setting = app.config.get("KIOSK_SYNC_SHEETS")
    return bool(setting) if setting is not None else not app.testing


def command() -> list[str]:
    """Return the child's command line."""
    return ["nice", "-n", str(NICENESS), sys.executable, "-m", "flask", "--app", "wsgi", "kiosk", "sheets",
            "--processes", "1"]


def environment(app: Flask) -> dict[str, str]:
    """Return the child's environment: this one, with the app's own database and role."""
    env = dict(os.environ)
    env.update({name: str(app.config[key]) for key, name in ENVIRONMENT.items() if app.config.get(key)})
    env["KIOSK_WORKERS"] = "1"  # a command, not a server: no worker count to check the limits' storage against
    return env


def lock_path(app: Flask) -> Path:
    """Return the file whose lock the running child holds: beside the desk's SQLite file, or in the instance folder."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).with_suffix(".sheets-lock")
    return Path(app.instance_path) / "sheets.lock"


_wanted = False  # offers were pulled while a child ran: start another when it has ended
_child: subprocess.Popen | None = None


def wanted() -> bool:
    """Tell whether a pull left offers whose sheets no child has started on yet."""
    return _wanted


def start(app: Flask) -> subprocess.Popen | None:
    """Start the sheet maker unless it is off or one runs already; return the child, without waiting for it."""
    global _wanted, _child
    if not enabled(app):
        return None
    if _child is not None and _child.poll() is not None:
        _child = None  # reaped
    path = lock_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _wanted = True  # a child is making sheets, perhaps listed before these offers came
            return None
        try:
            # The child gets the locked file as an inherited descriptor: the lock lasts as long as the child does.
            _child = subprocess.Popen(command(), cwd=PROJECT_ROOT, env=environment(app), pass_fds=(handle.fileno(),),
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as error:
            log.warning("sync: the sheet maker could not start: %s", error)
            return None
    _wanted = False
    log.info("sync: making the sheets of pulled offers in process %s", _child.pid)
    return _child
