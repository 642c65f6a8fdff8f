"""Start the real app under gunicorn on a prepared database and time requests to it."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    """Run a `flask --app wsgi` command against the benchmark's database; say what it said only if it failed."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} stopped with status {done.returncode}:\n{done.stderr[-4000:]}")


@dataclass
class Served:
    """A gunicorn serving the app: its port, and its master's process id (the workers are its children)."""

    port: int
    pid: int


@contextmanager
def gunicorn(env: dict, args: list[str], log: Path | None = None):
    """Serve the app with gunicorn and these arguments on a free loopback port, once /healthz answers."""
    port = free_port()
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below, after the server)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=output, stderr=output,
    )
    try:
        _wait_until_healthy(port, process)
        yield Served(port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a held event stream keeps a worker in its graceful shutdown
            process.kill()
            process.wait()
        if log:
            output.close()


@contextmanager
def server(env: dict, workers: int = 2, threads: int = 4):
    """Serve the app with gunicorn on a free loopback port; yield the port."""
    with gunicorn(env, ["--workers", str(workers), "--threads", str(threads)]) as served:
        yield served.port


def _wait_until_healthy(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until a worker answers /healthz (the master listens before its workers have booted)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start with status {process.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s")


@dataclass
class Timing:
    name: str
    server_ms: list[float]
    wall_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.server_ms)

    @property
    def p99(self) -> float:
        return percentile(self.server_ms, 99)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def wall_p99(self) -> float:
        return percentile(self.wall_ms, 99)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(port: int, name: str, paths: list[str], count: int, headers: dict | None = None) -> Timing:
    """Ask for the paths in turn `count` times over one keep-alive connection; read Server-Timing."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    server_ms, wall_ms = [], []
    for path in paths[:3]:  # warm up
        connection.request("GET", path, headers=headers or {})
        connection.getresponse().read()
    for number in range(count):
        path = paths[number % len(paths)]
        started = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        wall_ms.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        timing = response.getheader("Server-Timing", "app;dur=nan")
        server_ms.append(float(timing.split("dur=")[1]))
    connection.close()
    return Timing(name, server_ms, wall_ms)


def bench_env(database: Path | str, **extra: str) -> dict:
    """The app's settings for a benchmark: its database (an SQLite file, or a URL), the standalone role, and a desk
    open whatever the hour of the run."""
    url = f"sqlite:///{database}" if isinstance(database, Path) else database
    return dict(os.environ) | {"KIOSK_DATABASE_URL": url, "KIOSK_ROLE": "standalone", "KIOSK_ALWAYS_OPEN": "1"} | extra
