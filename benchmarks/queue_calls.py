"""Time a counter's call until the waiting-room display has it: a receptionist signed in at counter 1 calls the
next ticket over HTTP while a display's event stream is open, as the TV holds it, through another worker."""

from __future__ import annotations

import re
import socket
import threading
import time

from benchmarks.client import Client

SITE = "la-spezia"
SERVICE = "orientation"  # counter 1 at La Spezia serves it
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
OPEN_FORM = re.compile(r'action="/counter/(\d+)/open"')
CODE = re.compile(r'name="ticket_id" value="(\d+)"')


class Display:
    """A display's event stream, read in a thread: each complete `board` event with the moment it arrived."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET /display/{SITE}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.events: list[tuple[float, str]] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                if b"event: board" in block:
                    with self.arrived:
                        self.events.append((time.perf_counter(), block.decode(errors="replace")))
                        self.arrived.notify_all()

    def wait_for(self, code: str, since: float, timeout: float = 5.0) -> float:
        """Return when the first board showing `code` as the call on show arrived after `since`."""
        pattern = re.compile(r'class="now-code".*?<bdi>' + re.escape(code) + "</bdi>", re.S)
        deadline = time.monotonic() + timeout
        with self.arrived:
            while time.monotonic() < deadline:
                for moment, text in self.events:
                    if moment >= since and pattern.search(text):
                        return moment
                self.arrived.wait(0.05)
        raise RuntimeError(f"the display never showed {code}")

    def close(self) -> None:
        self.sock.close()


def time_calls(port: int, calls: int) -> list[float]:
    """Take a ticket, call it from the counter, and time until the display shows it; `calls` times."""
    terminal, receptionist = Client(port), Client(port)
    token = CSRF.search(receptionist.request("GET", "/staff/login")[1]).group(1)
    status, _ = receptionist.request("POST", "/staff/login", {"csrf_token": token, "username": "reception",
                                                              "password": "reception-demo-2026"})
    if status != 302:
        raise RuntimeError(f"sign-in answered {status}")
    page = receptionist.request("GET", "/counter")[1]
    counter = OPEN_FORM.search(page).group(1)
    token = CSRF.search(page).group(1)
    receptionist.request("POST", f"/counter/{counter}/open", {"csrf_token": token})
    display = Display(port)
    timings = []
    try:
        for _ in range(calls):
            fields = terminal.form_fields(f"/ticket/{SERVICE}?lang=ar")
            terminal.request("POST", f"/ticket/{SERVICE}", fields)
            time.sleep(0.3)  # the display shows the new waiting count first; the call is what is timed
            started = time.perf_counter()
            status, panel = receptionist.request("POST", f"/counter/{counter}/next", {"csrf_token": token},
                                                 {"HX-Request": "true"})
            ticket_id = CODE.search(panel)
            code = re.search(r'id="ticket-code"[^>]*>\s*([A-Z]\d{3})', panel)
            if status != 200 or not ticket_id or not code:
                raise RuntimeError(f"call next answered {status} without a ticket")
            arrived = display.wait_for(code.group(1), started)
            timings.append((arrived - started) * 1000)
            receptionist.request("POST", f"/counter/{counter}/no-show",
                                 {"csrf_token": token, "ticket_id": ticket_id.group(1)}, {"HX-Request": "true"})
    finally:
        display.close()
    return timings
