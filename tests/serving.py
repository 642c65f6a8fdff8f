"""The real server for tests: gunicorn with the deployed configuration on a prepared database, and its commands."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

# Nothing on the way to 127.0.0.1 goes through a proxy.
local = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, **settings: str) -> dict[str, str]:
    """The process environment of a server on a database: this one's, without its KIOSK_ settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    return env | {"KIOSK_ROLE": "standalone", "KIOSK_SITE": "la-spezia", "KIOSK_DATABASE_URL": database_url,
                  "PYTHONUNBUFFERED": "1"} | settings


def flask(env: dict[str, str], *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` as its own process."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode:
        pytest.fail(f"`flask {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return done


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}", pytrace=False)
        try:
            with local.open(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz in {seconds} s:\n{log.read_text()[-3000:]}", pytrace=False)


def gunicorn_command(url: str, *args: str) -> list[str]:
    """Gunicorn as deployed (deploy/gunicorn.conf.py), bound to `url`'s address."""
    return [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "--bind", url.removeprefix("http://"),
            *args, "wsgi:app"]


@contextmanager
def gunicorn(env: dict[str, str], log: Path, *args: str):
    """Serve the app with gunicorn on a free loopback port until the block ends; yield the server and its URL."""
    url = f"http://127.0.0.1:{free_port()}"
    with log.open("w") as output:
        server = subprocess.Popen(gunicorn_command(url, *args), cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(url, server, log)
        yield server, url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
