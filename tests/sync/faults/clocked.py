"""Run `flask` or `gunicorn` with the app's clock moved: `python -m tests.sync.faults.clocked flask --app wsgi ...`.

A real process cannot be monkeypatched from the test, so this launcher replaces `kiosk.clock.now` before the app is
imported. The offset, in seconds, is read from the file `FAULTS_CLOCK_FILE` names each time the clock is asked
(cached by the file's modification time), so a test can move a running process's clock, forwards or back, by
rewriting the file. No file, or no variable: the real time.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import clock

_cache: dict[str, tuple[float, float]] = {}


def offset() -> float:
    """Return the clock's offset in seconds, as the file says now."""
    name = os.environ.get("FAULTS_CLOCK_FILE", "")
    if not name:
        return 0.0
    path = Path(name)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0.0
    cached = _cache.get(name)
    if cached is None or cached[0] != mtime:
        text = path.read_text().strip()
        cached = (mtime, float(text or 0))
        _cache[name] = cached
    return cached[1]


def now() -> datetime:
    """Return the moved time in Europe/Rome."""
    return datetime.now(clock.LOCAL_ZONE) + timedelta(seconds=offset())


def main() -> None:
    clock.now = now
    program, args = sys.argv[1], sys.argv[2:]
    sys.argv = [program, *args]
    if program == "flask":
        from flask.cli import main as flask_main

        flask_main()
    elif program == "gunicorn":
        from gunicorn.app.wsgiapp import run

        sys.exit(run())
    else:
        sys.exit(f"clocked: run flask or gunicorn, not {program!r}")


if __name__ == "__main__":
    main()
