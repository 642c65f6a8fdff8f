"""The people of a desk's busiest morning, as Locust users: terminals, receptionists, displays and phones.

Run by `benchmarks/morning.py` in a process of its own, because Locust patches the standard library for gevent when
it is imported and the other benchmarks must not run patched:

    BENCH_RECEPTIONIST_PASSWORD=… python -m benchmarks.crowd --host http://127.0.0.1:PORT --seconds 60 --server-pid PID

It takes the tickets the phones follow, starts the crowd, measures SECONDS of steady load, then 50 simultaneous
takes while the crowd goes on, then the crowd while `flask kiosk sheets` makes every offer's sheet (until it ends, at
most SECONDS / 2), and prints one JSON object: per phase and surface the response times, failures, errors and CPU.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

import gevent
import gevent.event
import gevent.pool
import psutil
from locust import FastHttpUser, User, between, constant, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment
from locust.event import EventHook

from benchmarks.client import FIELD
from benchmarks.harness import ROOT
from benchmarks.offers import LIST_PATHS, SEARCH_PATHS
from benchmarks.queue_calls import CODE, CSRF, OPEN_FORM

TERMINALS, RECEPTIONISTS, DISPLAYS, PHONES = 8, 4, 2, 100
BURST = 50
SITE = "la-spezia"
SERVICES = ("orientation", "cv-help", "registration", "training", "agency", "rights")
BURST_SERVICE = "cv-help"
LANGUAGES = ("it", "en", "ar", "uk", "sq", "ro", "fr", "es", "zh_Hans")
TAKE_SHARE = 0.6  # of the visitors at a terminal, those who take a ticket
RECEPTIONIST_NAME = "bench-reception-{}"  # made by morning.py, one per counter
LINE_POLL_SECONDS = 2  # the counter screen's waiting list
PHONE_POLL_SECONDS = 5  # the phone page's status
HTMX = {"HX-Request": "true"}
HTMX_STOP_POLLING = 286  # the phone's status for a finished ticket
SESSION = {"network_timeout": 60.0, "connection_timeout": 60.0}  # as a FastHttpUser's; a bare session waits 5 s
LIST_FRAGMENT = {"HX-Request": "true", "HX-Target": "offer-list"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# The surfaces, as named in Locust's statistics and in morning.py's table.
TERMINAL, OFFER_LIST, TAKE = "terminal pages", "offer list", "ticket take"
COUNTER, LINE, DISPLAY = "counter actions", "counter line", "display first event"
PHONE_PAGE, PHONE = "phone page", "phone status"
BURST_TAKE, BURST_FORM, SETUP = "ticket take, 50 at once", "burst: the take form", "setup"

OFFER_LINK = re.compile(r'href="/offers/(\d+)[?"]')
TICKET_LOCATION = re.compile(r"/ticket/t/([A-Za-z0-9_-]+)$")
STATUS_URL = re.compile(r'hx-get="(/m/t/[^"]+/status[^"]*)"')
PANEL_STATE = re.compile(r'id="panel-state" name="state" value="([^"]*)"')
LINE_SEEN = re.compile(r'id="line-seen" name="seen" value="([^"]*)"')


class Morning:
    """What the users share: the tickets waiting for a phone to follow them, and the counters' order."""

    tickets: deque[str] = deque()
    followed: list[str] = []
    receptionists = iter(range(1, RECEPTIONISTS + 1))
    password = ""
    display_events = 0
    display_first: list[tuple[float, str | None]] = []  # each stream's wait for its first board, and its error


# --- Taking a ticket over HTTP, as the kiosk's browser does -------------------------------------------------------

def take_form(client: FastHttpSession, slug: str, lang: str, name: str) -> dict[str, str] | None:
    """Open a service's page and return its form's fields (the session's CSRF token, a one-time request token)."""
    response = client.get(f"/ticket/{slug}?lang={lang}", name=name)
    fields = dict(FIELD.findall(response.text or "")) if response.status_code == 200 else {}
    return fields if {"csrf_token", "request_token"} <= fields.keys() else None


def take(client: FastHttpSession, slug: str, fields: dict[str, str] | None, name: str) -> str | None:
    """Press "take the ticket"; return the new ticket's token (the 303's address), or None after a failure."""
    if fields is None:  # the form page failed, or changed: a kiosk could not have taken its ticket either
        client.request_event.fire(request_type="POST", name=name, start_time=time.time(), url=f"/ticket/{slug}",
                                  response_time=0, response_length=0, response=None, context={},
                                  exception=RuntimeError("the service's page had no form to take a ticket"))
        return None
    with client.post(f"/ticket/{slug}", data=urlencode(fields), headers=FORM, name=name, allow_redirects=False,
                     catch_response=True) as response:
        found = TICKET_LOCATION.search(response.headers.get("Location", "") if response.headers else "")
        if response.status_code != 303 or not found:
            response.failure(f"take answered {response.status_code}")
            return None
        return found.group(1)


def take_tickets(host: str, count: int) -> list[str]:
    """Take `count` tickets before the morning starts, for the phones to follow (not measured)."""
    quiet = EventHook()

    def one(_number: int) -> str | None:
        client = FastHttpSession(host, request_event=quiet, user=None, **SESSION)
        slug = random.choice(SERVICES)
        return take(client, slug, take_form(client, slug, random.choice(LANGUAGES), SETUP), SETUP)

    tokens = [token for token in gevent.pool.Pool(10).imap_unordered(one, range(count)) if token]
    if len(tokens) < count:
        raise RuntimeError(f"only {len(tokens)} of the {count} tickets for the phones could be taken")
    return tokens


def burst(environment: Environment, host: str) -> dict:
    """Fifty kiosks, each its own session with its own form, press "take" at the same moment."""
    clients = [FastHttpSession(host, request_event=environment.events.request, user=None, **SESSION)
               for _ in range(BURST)]
    forms = gevent.pool.Pool(10).map(lambda client: take_form(client, BURST_SERVICE, "it", BURST_FORM), clients)
    go = gevent.event.Event()

    def press(client: FastHttpSession, fields: dict | None) -> tuple[float, str | None]:
        go.wait()
        started = time.perf_counter()
        token = take(client, BURST_SERVICE, fields, BURST_TAKE)
        return (time.perf_counter() - started) * 1000, token

    presses = [gevent.spawn(press, client, fields) for client, fields in zip(clients, forms, strict=True)]
    gevent.sleep(0.2)  # every kiosk waits at the button
    go.set()
    gevent.joinall(presses)
    answers = [press.value for press in presses]
    tokens = [token for _ms, token in answers if token]
    Morning.tickets.extend(tokens)
    return {"ms": [ms for ms, _token in answers], "tokens": tokens}


# --- The users -----------------------------------------------------------------------------------------------------

class Terminal(FastHttpUser):
    """A kiosk terminal: visitor after visitor browses the offers, one in a few takes a ticket, then starts over."""

    fixed_count = TERMINALS
    wait_time = between(2, 5)  # the screen waits for the next visitor

    @task
    def visit(self) -> None:
        self.client.cookiejar.clear()  # "start over": the next visitor has a session of their own
        lang = random.choice(LANGUAGES)
        self.client.get(f"/?lang={lang}", name=TERMINAL)
        self.think()
        self.client.get("/home", name=TERMINAL)
        self.think()
        page = self.client.get(random.choice(LIST_PATHS), name=OFFER_LIST)  # the whole page, then filters in place
        for path in (random.choice(LIST_PATHS), random.choice(SEARCH_PATHS)):
            self.think()
            page = self.client.get(path, headers=LIST_FRAGMENT, name=OFFER_LIST)
        offers = OFFER_LINK.findall(page.text or "")
        if offers:
            self.think()
            self.client.get(f"/offers/{random.choice(offers)}", name=TERMINAL)
        if random.random() < TAKE_SHARE:
            self.think()
            self.client.get("/ticket", name=TERMINAL)
            self.think()
            slug = random.choice(SERVICES)
            fields = take_form(self.client, slug, lang, TERMINAL)
            self.think()
            token = take(self.client, slug, fields, TAKE)
            if token:
                self.client.get(f"/ticket/t/{token}", name=TERMINAL)
                Morning.tickets.append(token)  # the visitor scans the code with their phone

    @staticmethod
    def think() -> None:
        gevent.sleep(random.uniform(1, 3))


class Receptionist(FastHttpUser):
    """A receptionist at a counter of their own: call next, start, finish, with the waiting list polled meanwhile."""

    fixed_count = RECEPTIONISTS
    wait_time = constant(0)  # the work paces itself

    def on_start(self) -> None:
        number = next(Morning.receptionists)
        login = self.client.get("/staff/login", name=SETUP)
        self.client.post("/staff/login", data=urlencode({
            "csrf_token": CSRF.search(login.text).group(1), "username": RECEPTIONIST_NAME.format(number),
            "password": Morning.password}), headers=FORM, name=SETUP)
        choice = self.client.get("/counter", name=SETUP).text
        self.counter = OPEN_FORM.findall(choice)[number - 1]
        screen = self.client.post(f"/counter/{self.counter}/open", data=urlencode(
            {"csrf_token": CSRF.search(choice).group(1)}), headers=FORM, name=SETUP).text
        self.csrf = CSRF.search(screen).group(1)
        self.state = PANEL_STATE.search(screen).group(1)
        self.seen = LINE_SEEN.search(screen).group(1)

    @task
    def serve(self) -> None:
        ticket = CODE.search(self.act("next") or "")
        if ticket is None:  # nobody waits for this counter
            self.watch_line(LINE_POLL_SECONDS)
            return
        self.watch_line(random.uniform(2, 4))  # the person walks to the counter
        self.act("start", ticket.group(1))
        self.watch_line(random.uniform(4, 8))  # and is served
        self.act("finish", ticket.group(1))

    def act(self, action: str, ticket_id: str | None = None) -> str | None:
        """Press an action button as htmx does (the CSRF token in a header); return the panel."""
        form = {"csrf_token": self.csrf} | ({"ticket_id": ticket_id} if ticket_id else {})
        with self.client.post(f"/counter/{self.counter}/{action}", data=urlencode(form), name=COUNTER,
                              headers=FORM | HTMX | {"X-CSRFToken": self.csrf}, catch_response=True) as response:
            panel = response.text or ""
            if response.status_code != 200 or (ticket_id and "status-refused" in panel):
                response.failure(f"{action} answered {response.status_code}"
                                 + (" and was refused" if "status-refused" in panel else ""))
                return None
        state = PANEL_STATE.search(panel)
        self.state = state.group(1) if state else self.state
        return panel

    def watch_line(self, seconds: float) -> None:
        """Keep the counter screen open: its waiting list asks every two seconds, 204 when nothing changed."""
        until = time.monotonic() + seconds / 2
        while time.monotonic() < until:
            gevent.sleep(min(LINE_POLL_SECONDS, max(0.0, until - time.monotonic())))
            query = urlencode({"state": self.state, "seen": self.seen})
            response = self.client.get(f"/counter/{self.counter}/line?{query}", headers=HTMX, name=LINE)
            seen = LINE_SEEN.search(response.text or "") if response.status_code == 200 else None
            self.seen = seen.group(1) if seen else self.seen


class Display(User):
    """A waiting-room TV: holds the site's event stream open the whole morning and counts the boards it gets."""

    fixed_count = DISPLAYS
    wait_time = constant(1)  # the stream's retry, after it ends

    @task
    def watch(self) -> None:
        address = urlsplit(self.host)
        path = f"/display/{SITE}/events"
        started_at, started = time.time(), time.perf_counter()
        connection = socket.create_connection((address.hostname, address.port), timeout=60)
        try:
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
                               "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode())
            first = True
            for events, received in _sse_blocks(connection):
                if first:
                    status = received.split(b" ", 2)[1] if received.startswith(b"HTTP/") else b"?"
                    error = None if status == b"200" and events else RuntimeError(f"stream answered {status!r}")
                    self.first_event(path, started_at, started, len(received), error)
                    first = False
                Morning.display_events += events
            if first:
                self.first_event(path, started_at, started, 0, RuntimeError("stream ended before its first event"))
        finally:
            connection.close()

    def first_event(self, path: str, started_at: float, started: float, length: int, error: Exception | None):
        """Count the wait for the stream's first board: in Locust's statistics, and kept apart, since a display
        connects once a morning, before the measured stretch starts."""
        waited = (time.perf_counter() - started) * 1000
        self.environment.events.request.fire(
            request_type="SSE", name=DISPLAY, start_time=started_at, url=path, context={}, response=None,
            response_time=waited, response_length=length, exception=error)
        Morning.display_first.append((waited, str(error) if error else None))


def _sse_blocks(connection: socket.socket) -> Iterable[tuple[int, bytes]]:
    """Read a stream until it ends: yield the number of complete `board` events in each new read."""
    buffer = b""
    while chunk := connection.recv(65536):
        buffer += chunk
        complete, _, buffer = buffer.rpartition(b"\n\n")
        events = complete.count(b"event: board")
        if events or complete:
            yield events, complete


class Phone(FastHttpUser):
    """A phone that scanned a ticket's code: its page asks for the status every five seconds, as htmx does."""

    fixed_count = PHONES
    wait_time = constant(PHONE_POLL_SECONDS)

    def on_start(self) -> None:
        self.status_url: str | None = None
        gevent.sleep(random.uniform(0, PHONE_POLL_SECONDS))  # phones were not all opened in the same second

    @task
    def look(self) -> None:
        if self.status_url is None:
            self.follow(Morning.tickets.popleft() if Morning.tickets else random.choice(Morning.followed))
            return
        with self.client.get(self.status_url, headers=HTMX, name=PHONE, catch_response=True) as response:
            if response.status_code not in (200, 204, HTMX_STOP_POLLING):
                response.failure(f"status answered {response.status_code}")
            else:
                response.success()
        if response.status_code == HTMX_STOP_POLLING:  # finished: another visitor's phone takes this one's place
            self.status_url = None
        elif response.status_code == 200:
            self.status_url = _status_url(response.text or "") or self.status_url

    def follow(self, token: str) -> None:
        page = self.client.get(f"/m/t/{token}", name=PHONE_PAGE)
        self.status_url = _status_url(page.text or "") if page.status_code == 200 else None


def _status_url(page: str) -> str | None:
    found = STATUS_URL.search(page)
    return html.unescape(found.group(1)) if found else None


# --- One run -------------------------------------------------------------------------------------------------------

def processes(pid: int) -> list[psutil.Process]:
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process and its children have used so far."""
    total = 0.0
    for process in processes(pid):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


class Phase:
    """A measured stretch of the morning: Locust's statistics and the CPU used, from start to snapshot."""

    def __init__(self, environment: Environment, server_pid: int, keep_first_events: bool = False):
        self.environment, self.server_pid = environment, server_pid
        environment.stats.reset_all()
        Morning.display_events = 0
        self.first_events = 0 if keep_first_events else len(Morning.display_first)
        self.started = time.monotonic()
        self.server_cpu, self.crowd_cpu = cpu_seconds(server_pid), cpu_seconds(os.getpid())

    def snapshot(self, **extra) -> dict:
        stats = self.environment.stats
        surfaces: dict[str, dict] = {}
        for (name, _method), entry in stats.entries.items():
            surface = surfaces.setdefault(name, {"count": 0, "failures": 0, "times": {}})
            surface["count"] += entry.num_requests
            surface["failures"] += entry.num_failures
            for ms, count in entry.response_times.items():
                surface["times"][ms] = surface["times"].get(ms, 0) + count
        streams = Morning.display_first[self.first_events:]
        surfaces[DISPLAY] = {"count": len(streams), "failures": sum(bool(error) for _ms, error in streams),
                             "times": _histogram(round(ms) for ms, _error in streams)}
        return {
            "seconds": time.monotonic() - self.started,
            "server_cpu": cpu_seconds(self.server_pid) - self.server_cpu,
            "crowd_cpu": cpu_seconds(os.getpid()) - self.crowd_cpu,
            "surfaces": surfaces,
            "errors": [[error.name, str(error.error), error.occurrences] for error in stats.errors.values()],
            "display_events": Morning.display_events,
            **extra,
        }


def _histogram(times: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for ms in times:
        counts[ms] = counts.get(ms, 0) + 1
    return counts


def morning(host: str, seconds: float, server_pid: int) -> dict:
    Morning.password = os.environ["BENCH_RECEPTIONIST_PASSWORD"]
    Morning.followed = take_tickets(host, PHONES)
    Morning.tickets.extend(Morning.followed)
    environment = Environment(user_classes=[Terminal, Receptionist, Display, Phone], host=host)
    runner = environment.create_local_runner()
    runner.start(TERMINALS + RECEPTIONISTS + DISPLAYS + PHONES, spawn_rate=50)
    gevent.sleep((TERMINALS + RECEPTIONISTS + DISPLAYS + PHONES) / 50 + PHONE_POLL_SECONDS + 1)  # all on, warm

    steady = Phase(environment, server_pid, keep_first_events=True)
    gevent.sleep(seconds)
    result = {"steady": steady.snapshot()}
    during = Phase(environment, server_pid)  # the crowd goes on while fifty kiosks take a ticket at once
    result["burst"] = during.snapshot(**burst(environment, host))

    sheets = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "kiosk", "sheets"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    with_sheets = Phase(environment, server_pid)
    try:
        until = time.monotonic() + seconds / 2
        while time.monotonic() < until and sheets.poll() is None:
            gevent.sleep(0.5)
        result["sheets"] = with_sheets.snapshot(sheets_finished=sheets.poll() is not None)
    finally:
        if sheets.poll() is None:
            os.killpg(sheets.pid, 15)  # its own process group: the command and its pool
        sheets.wait()
        runner.quit()
    result["cpu_warning"] = runner.cpu_warning_emitted
    result["exceptions"] = [[found["count"], found["msg"]] for found in runner.exceptions.values()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    options = parser.parse_args()
    print(json.dumps(morning(options.host, options.seconds, options.server_pid)))


if __name__ == "__main__":
    main()
