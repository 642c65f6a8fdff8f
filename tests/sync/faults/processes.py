"""Central and desks as real processes: gunicorn on PostgreSQL, a desk's SQLite file, its `kiosk sync` commands.

Every process runs through `tests.sync.faults.clocked`, so a test can move its clock (`set_clock`) while it runs.
In-process helpers (`session`, `take_tickets`) open the same databases the processes use, for what a test does
around the faults: writing the catalogue at central, taking walk-ins' tickets at a desk.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from kiosk import bearer, clock, create_app
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.queue.issuing import ServiceRef, take_ticket
from kiosk.queue.models import Service
from kiosk.sync.tokens import TOKEN_START
from kiosk.usage import services as usage
from tests.conftest import POSTGRES_URL, PRODUCTION_SETTINGS, base_config, unavailable
from tests.serving import GUNICORN_CONFIG, ROOT, environment, free_port, wait_until_healthy

SECRET = PRODUCTION_SETTINGS["SECRET_KEY"]


def launcher(program: str, *args: str) -> list[str]:
    """The command line of `flask` or `gunicorn` with a movable clock."""
    return [sys.executable, "-m", "tests.sync.faults.clocked", program, *args]


@dataclass
class Run:
    """A finished command: its exit status and everything it printed."""

    returncode: int
    output: str


def run(command: list[str], env: dict[str, str], timeout: float = 120) -> Run:
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout)
    return Run(done.returncode, done.stdout)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, seconds: float = 15) -> None:
    """Stop a process: the signal, then SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def set_clock_file(path: Path, offset: timedelta) -> None:
    path.write_text(str(offset.total_seconds()))


# PostgreSQL databases for central.
def admin_engine() -> sa.Engine:
    return sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def create_database(template: str | None = None) -> str:
    """Create a database (a copy of `template`, if given) and return its URL; unavailable PostgreSQL skips or fails."""
    name = f"kiosk_faults_{uuid.uuid4().hex[:10]}"
    source = f'"{template}"' if template else "template0"
    engine = admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE \"{name}\" TEMPLATE {source} ENCODING 'UTF8'"))
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error.orig.__class__.__name__}")
    finally:
        engine.dispose()
    return sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    engine = admin_engine()
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)'))
    engine.dispose()


@contextmanager
def app_session(config: dict):
    """An app on a database, in this process: yield its session; the engine is closed afterwards."""
    app = create_app(config)
    with app.app_context():
        try:
            yield db.session
        finally:
            db.session.remove()
            db.engine.dispose()


@dataclass
class Central:
    """Central's gunicorn on its own PostgreSQL database, on a port kept across restarts."""

    db_url: str
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def clock_file(self) -> Path:
        return self.workdir / "central.clock"

    def env(self) -> dict[str, str]:
        return environment(self.db_url, KIOSK_ROLE="central", SECRET_KEY=SECRET, KIOSK_WORKERS="1",
                           KIOSK_THREADS="4", KIOSK_PUBLIC_URL=self.url, FAULTS_CLOCK_FILE=str(self.clock_file))

    def start(self) -> None:
        """Start gunicorn as deployed and wait until it answers /healthz."""
        self.starts += 1
        log = self.workdir / f"central-{self.starts}.log"
        with log.open("w") as output:
            self.process = subprocess.Popen(
                launcher("gunicorn", "-c", str(GUNICORN_CONFIG), "--bind", f"127.0.0.1:{self.port}", "wsgi:app"),
                cwd=ROOT, env=self.env(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_healthy(self.url, self.process, log)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            stop(self.process, sig)

    def kill(self) -> None:
        """Kill gunicorn's master and its workers at once, as a power cut would."""
        if self.process is not None and self.process.poll() is None:
            import os

            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def set_clock(self, offset: timedelta) -> None:
        set_clock_file(self.clock_file, offset)

    def flask(self, *args: str, check: bool = True) -> Run:
        """Run `flask --app wsgi ARGS` on central's database as its own process."""
        done = run(launcher("flask", "--app", "wsgi", *args), self.env())
        if check and done.returncode:
            pytest.fail(f"`flask {' '.join(args)}` at central failed:\n{done.output}", pytrace=False)
        return done

    def make_token(self, site: str) -> str:
        """Make a desk token with central's own command and return it."""
        return self.flask("kiosk", "desk-token", "make", site).output.strip().splitlines()[-1]

    def revoke(self, token: str) -> None:
        self.flask("kiosk", "desk-token", "revoke", bearer.prefix_of(token, TOKEN_START))

    @contextmanager
    def session(self):
        """Central's database in this process, for writing the catalogue as the back office would."""
        with app_session(base_config(self.db_url)) as session:
            yield session


@dataclass
class Desk:
    """A desk: its SQLite file, its site and token, and the address it knows central by (often the proxy)."""

    site: str
    path: Path
    token: str
    central_url: str
    workdir: Path

    @property
    def clock_file(self) -> Path:
        return self.path.with_suffix(".clock")

    def env(self, **settings: str) -> dict[str, str]:
        return environment(f"sqlite:///{self.path}", KIOSK_ROLE="desk", KIOSK_SITE=self.site,
                           KIOSK_CENTRAL_URL=self.central_url, KIOSK_SYNC_TOKEN=self.token, SECRET_KEY=SECRET,
                           KIOSK_WORKERS="1", KIOSK_PUBLIC_URL=self.central_url, KIOSK_SYNC_INTERVAL="0.1",
                           KIOSK_SYNC_MAX_BACKOFF="1", KIOSK_SYNC_SHEETS="0",  # sheets: not what these tests look at
                           FAULTS_CLOCK_FILE=str(self.clock_file)) | settings

    def sync_once(self, timeout: float = 120) -> Run:
        """Run `flask --app wsgi kiosk sync --once` for this desk as its own process; return its status and output."""
        return run(launcher("flask", "--app", "wsgi", "kiosk", "sync", "--once"), self.env(), timeout)

    def start_sync(self, *, once: bool = False) -> subprocess.Popen:
        """Start the desk's sync loop (or one round) in the background; its output goes to a log beside the desk."""
        log = self.path.with_suffix(f".sync-{uuid.uuid4().hex[:6]}.log")
        with log.open("w") as output:
            return subprocess.Popen(launcher("flask", "--app", "wsgi", "kiosk", "sync", *(["--once"] if once else [])),
                                    cwd=ROOT, env=self.env(), stdout=output, stderr=subprocess.STDOUT)

    def set_clock(self, offset: timedelta) -> None:
        set_clock_file(self.clock_file, offset)

    def now(self):
        """The desk's own time, offset as its processes see it."""
        try:
            seconds = float(self.clock_file.read_text() or 0)
        except FileNotFoundError:
            seconds = 0.0
        return clock.now() + timedelta(seconds=seconds)

    @contextmanager
    def session(self):
        """The desk's database in this process, as its server would open it."""
        settings = base_config(f"sqlite:///{self.path}") | PRODUCTION_SETTINGS | {
            "KIOSK_ROLE": "desk", "KIOSK_SITE": self.site, "KIOSK_CENTRAL_URL": self.central_url,
            "KIOSK_SYNC_TOKEN": self.token}
        with app_session(settings) as session:
            yield session

    def take_tickets(self, count: int, lang: str = "it", views: int = 0) -> list[str]:
        """Take `count` walk-ins' tickets at the kiosk, one transaction each, and record `views` offer views; return
        the tickets' uuids. The desk must have pulled its site's services."""
        taken = []
        with self.session() as session:
            site = session.scalar(select(Site).where(Site.slug == self.site))
            assert site is not None, f"the desk {self.site} has not pulled its own site yet"
            services = list(session.scalars(select(Service).where(Service.site_id == site.id).order_by(Service.id)))
            assert services, f"the desk {self.site} has no services yet"
            for number in range(count):
                service = services[number % len(services)]
                ticket = take_ticket(session, ServiceRef(service.id, site.id, site.slug, service.prefix), lang,
                                     self.now())
                session.commit()
                taken.append(ticket.uuid)
            offer_ids = list(session.scalars(sa.text("SELECT id FROM offer ORDER BY id LIMIT 5")))
            for number in range(views if offer_ids else 0):
                usage.record(session, "view", offer_ids[number % len(offer_ids)], self.site, lang)
                session.commit()
        return taken

    def state(self) -> dict:
        """The desk's sync row as plain values (empty before its first round)."""
        engine = sa.create_engine(f"sqlite:///{self.path}")
        try:
            with engine.connect() as conn:
                row = conn.execute(sa.text("SELECT * FROM desk_sync WHERE id = 1")).mappings().first()
        finally:
            engine.dispose()
        return dict(row) if row else {}
