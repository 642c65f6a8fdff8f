"""`make run-network`: central and two desks on this machine, each server with its sync loop, logs prefixed.

    .venv/bin/python deploy/network.py          (FRESH=1 starts from empty databases)

Central: gunicorn on 127.0.0.1:$CENTRAL_PORT (5000) with the local PostgreSQL, database `infolavoro_network`
($NETWORK_DATABASE_URL), created if missing, migrated, with the demo loaded once. Desks: la-spezia on
$LA_SPEZIA_PORT (5001) and sarzana on $SARZANA_PORT (5002), each on its own SQLite file in instance/network/,
migrated and empty: they fill themselves by syncing with central, with a token each made at central and kept in
instance/network/<site>.token. Rate limits in Redis ($NETWORK_REDIS_URL, redis://127.0.0.1:6379) when it answers,
two workers each; otherwise one worker each with limits in memory. Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kiosk, whatever the venv has installed

import sqlalchemy as sa  # noqa: E402

INSTANCE = ROOT / "instance" / "network"
SITES = (("la-spezia", "LA_SPEZIA_PORT", 5001), ("sarzana", "SARZANA_PORT", 5002))
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/infolavoro_network"
ACCOUNTS = "admin / admin-demo-2026, editor / editor-demo-2026, reception / reception-demo-2026 (La Spezia)"
local = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def say(line: str) -> None:
    print(f"[network] {line}", flush=True)


@dataclass
class Process:
    """A started process whose output is printed line by line behind its name."""

    name: str
    popen: subprocess.Popen
    reported: bool = False  # its unexpected end has been said

    def pump(self) -> None:
        for line in self.popen.stdout:
            sys.stdout.write(f"[{self.name}] {line}")
            sys.stdout.flush()


def flask(env: dict[str, str], *args: str) -> str:
    """Run `flask --app wsgi ARGS`; stop everything with its output if it fails."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"[network] `flask {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def secret_key() -> str:
    """The network's session key, made once and kept beside the desks' files."""
    path = INSTANCE / "secret-key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def redis_answers(url: str) -> bool:
    parts = sa.engine.make_url(url.replace("redis://", "postgresql://", 1))  # host and port only
    try:
        with socket.create_connection((parts.host or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def prepare_database(url: str, fresh: bool) -> bool:
    """Create central's database if missing (dropping it first with FRESH); return whether it was made now."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if fresh:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": target.database})
            if not exists:
                conn.execute(sa.text(f"CREATE DATABASE \"{target.database}\" TEMPLATE template0 ENCODING 'UTF8' "
                                     "LOCALE 'C.UTF-8'"))
    except sa.exc.OperationalError as error:
        sys.exit(f"[network] PostgreSQL does not answer at {target.render_as_string()}: {error.orig}\n"
                 "Set NETWORK_DATABASE_URL to a server where this user may create databases.")
    finally:
        admin.dispose()
    return not exists


def has_demo(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(sa.text("SELECT count(*) FROM site")))
    finally:
        engine.dispose()


def desk_token(central_env: dict[str, str], site: str) -> str:
    """Return the desk's kept token while central still knows it, else a new one made at central."""
    from kiosk import bearer
    from kiosk.sync.tokens import TOKEN_START

    path = INSTANCE / f"{site}.token"
    if path.exists():
        token = path.read_text().strip()
        engine = sa.create_engine(central_env["KIOSK_DATABASE_URL"])
        with engine.connect() as conn:
            live = conn.scalar(sa.text("SELECT count(*) FROM desk_token WHERE secret_hash = :hash "
                                       "AND revoked_at IS NULL"), {"hash": bearer.digest(token)})
        engine.dispose()
        if live and token.startswith(TOKEN_START):
            return token
    token = flask(central_env, "kiosk", "desk-token", "make", site).strip().splitlines()[-1]
    path.write_text(token)
    path.chmod(0o600)
    return token


def wait_until_healthy(name: str, url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped at start (status {process.returncode}); see its lines above")
        try:
            with local.open(f"{url}/healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer {url}/healthz within {seconds:.0f} s")


def main() -> int:
    fresh = os.environ.get("FRESH", "") not in ("", "0")
    host = "127.0.0.1"
    central_port = int(os.environ.get("CENTRAL_PORT", "5000"))
    database = os.environ.get("NETWORK_DATABASE_URL", DEFAULT_DATABASE)
    redis = os.environ.get("NETWORK_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
    if fresh and INSTANCE.exists():
        shutil.rmtree(INSTANCE)
    INSTANCE.mkdir(parents=True, exist_ok=True)
    with_redis = redis_answers(redis)
    workers = "2" if with_redis else "1"
    base = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")} | {
        "PYTHONUNBUFFERED": "1", "SECRET_KEY": secret_key(), "KIOSK_WORKERS": workers,
        "KIOSK_THREADS": os.environ.get("THREADS", "8"), "KIOSK_DEMO_NETWORK": "1", "KIOSK_ALWAYS_OPEN": "1"}
    central_url = f"http://{host}:{central_port}"
    central_env = base | {"KIOSK_ROLE": "central", "KIOSK_DATABASE_URL": database, "KIOSK_SITE": "la-spezia",
                          "KIOSK_PUBLIC_URL": central_url + "/", "KIOSK_BIND": f"{host}:{central_port}",
                          "KIOSK_RATELIMIT_PREFIX": "infolavoro-network-central"}
    if with_redis:
        central_env["KIOSK_RATELIMIT_STORAGE_URL"] = f"{redis}/1"
    else:
        say(f"Redis does not answer at {redis}: one worker per server, rate limits in memory")

    made = prepare_database(database, fresh)
    say(f"central's database {sa.engine.make_url(database).database}: {'created' if made else 'kept'}; migrating")
    flask(central_env, "db", "upgrade")
    if has_demo(database):
        say("central already holds the demo: nothing reloaded (FRESH=1 starts again)")
    else:
        say("loading the demo into central (a minute)")
        say(flask(central_env, "kiosk", "demo").strip())

    desks = []
    for number, (site, variable, default_port) in enumerate(SITES, start=2):
        port = int(os.environ.get(variable, str(default_port)))
        env = base | {"KIOSK_ROLE": "desk", "KIOSK_SITE": site,
                      "KIOSK_DATABASE_URL": f"sqlite:///{INSTANCE / (site + '.sqlite3')}",
                      "KIOSK_CENTRAL_URL": central_url, "KIOSK_SYNC_TOKEN": desk_token(central_env, site),
                      "KIOSK_PUBLIC_URL": central_url + "/", "KIOSK_BIND": f"{host}:{port}",
                      "KIOSK_SYNC_INTERVAL": os.environ.get("SYNC_INTERVAL", "2"),
                      "KIOSK_RATELIMIT_PREFIX": f"infolavoro-network-{site}"}
        if with_redis:
            env["KIOSK_RATELIMIT_STORAGE_URL"] = f"{redis}/{number}"
        flask(env, "db", "upgrade")
        desks.append((site, port, env))

    processes: list[Process] = []

    def start(name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, bufsize=1, start_new_session=True)  # Ctrl-C reaches this script only
        process = Process(name, popen)
        processes.append(process)
        threading.Thread(target=process.pump, daemon=True).start()
        return popen

    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"]
    sync = [sys.executable, "-m", "flask", "--app", "wsgi", "kiosk", "sync"]
    interrupted = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: interrupted.set())
    signal.signal(signal.SIGTERM, lambda *_: interrupted.set())
    try:
        wait_until_healthy("central", central_url, start("central", gunicorn, central_env))
        for site, port, env in desks:
            wait_until_healthy(site, f"http://{host}:{port}", start(site, gunicorn, env))
            start(f"{site} sync", sync, env)
    except RuntimeError as error:
        say(str(error))
        stop_all(processes)
        return 1
    print(f"\ncentral    {central_url}/  (back office {central_url}/admin, phones {central_url}/m); "
          f"sign in at {central_url}/staff/login as {ACCOUNTS}")
    for site, port, _env in desks:
        print(f"{site:<10} http://{host}:{port}/  (kiosk; counters at /counter, display at /display/{site}); "
              f"synced with central every {_env['KIOSK_SYNC_INTERVAL']} s")
    print("Ctrl-C stops everything; `make run-network FRESH=1` starts from empty databases.\n", flush=True)
    while not interrupted.wait(1):
        for process in processes:
            if process.popen.poll() is not None and not process.reported:
                process.reported = True
                say(f"{process.name} stopped with status {process.popen.returncode}; the others go on")
    stop_all(processes)
    return 0


def stop_all(processes: list[Process]) -> None:
    """Stop the sync loops and desks first, central last: SIGTERM, then SIGKILL after ten seconds."""
    say("stopping")
    for process in reversed(processes):
        if process.popen.poll() is None:
            process.popen.send_signal(signal.SIGTERM)
    for process in reversed(processes):
        try:
            process.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait()
    say("stopped")


if __name__ == "__main__":
    sys.exit(main())
