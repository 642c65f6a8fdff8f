"""A fault-injecting TCP proxy between a desk and central, on 127.0.0.1: the network's failures, made on demand.

The desk's real client talks to the proxy as if it were central; the proxy forwards bytes both ways and, when told,
fails the way a real link fails:

- `cut()`: every open connection is closed at once and new ones are refused (the listening socket is gone, so a
  connect gets ECONNREFUSED) until `restore()`.
- `drop_next_response(match)`: the next request whose request line contains `match` reaches central whole; as soon
  as central starts answering (so it has committed), the proxy closes the desk's connection without a byte of the
  answer: the acknowledgement is lost.
- `cut_next_response_after(n, match)`: the desk gets the first `n` bytes of the answer, then the connection dies
  (the link cut in the middle of a pull batch).
- `delay(seconds)`: every answer waits this long before its first byte (a slow link; a window to kill a process in).

It understands just enough HTTP to tell where a request starts (a chunk from the desk that begins with a request
line: clients here never pipeline), so a fault lands on one request of a keep-alive connection and not on its
neighbours. Threads, not asyncio: the tests drive it from plain synchronous code.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass, field

REQUEST_LINE = re.compile(rb"^([A-Z]{3,7}) (/\S*) HTTP/1\.[01]\r\n")
CHUNK = 65536


@dataclass
class Fault:
    """A fault armed for the next matching request; `fired` is set once it has struck, `request` names it."""

    kind: str  # drop, cut_after
    match: str = ""
    nbytes: int = 0
    fired: threading.Event = field(default_factory=threading.Event)
    request: str = ""

    def wait(self, seconds: float = 10) -> bool:
        """Wait until the fault has struck; say whether it did."""
        return self.fired.wait(seconds)


class _Link:
    """One desk connection and its connection to central, with the fault (if any) of the request in flight."""

    def __init__(self, proxy: FaultProxy, client: socket.socket, upstream: socket.socket):
        self.proxy, self.client, self.upstream = proxy, client, upstream
        self.fault: Fault | None = None
        self.sent = 0  # bytes of the current answer forwarded
        self.answering = False  # the current request's answer has started
        self.closed = threading.Event()
        self.captured = bytearray()  # the current request's bytes as sent

    def start(self) -> None:
        for pump in (self._up, self._down):
            threading.Thread(target=pump, daemon=True).start()

    def _up(self) -> None:
        """Desk → central: note each request and the fault armed for it."""
        while not self.closed.is_set():
            data = _recv(self.client)
            if not data:
                _shutdown_write(self.upstream)
                return
            line = REQUEST_LINE.match(data)
            if line:
                request = f"{line[1].decode()} {line[2].decode()}"
                self.fault, self.sent, self.answering = self.proxy._request(request), 0, False
                self.captured = bytearray()
                self.proxy.captured.append((request, self.captured))
            self.captured += data
            try:
                self.upstream.sendall(data)
            except OSError:
                self.kill()
                return

    def _down(self) -> None:
        """Central → desk: delay, drop or cut the answer as armed."""
        while not self.closed.is_set():
            data = _recv(self.upstream)
            if not data:
                _shutdown_write(self.client)
                return
            if not self.answering:
                self.answering = True
                if self.proxy.latency:
                    time.sleep(self.proxy.latency)
            fault = self.fault
            if fault is not None and fault.kind == "drop":
                fault.fired.set()  # central answered, so it committed; the desk hears nothing
                self.kill()
                return
            if fault is not None and fault.kind == "cut_after":
                data = data[:max(0, fault.nbytes - self.sent)]
            try:
                self.client.sendall(data)
            except OSError:
                self.kill()
                return
            self.sent += len(data)
            if fault is not None and fault.kind == "cut_after" and self.sent >= fault.nbytes:
                fault.fired.set()
                self.kill()
                return

    def kill(self) -> None:
        """Close both connections at once, with a reset to the desk, as a dead link does."""
        if self.closed.is_set():
            return
        self.closed.set()
        with contextlib.suppress(OSError):  # RST rather than FIN: nothing more will come
            self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.proxy._forget(self)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(CHUNK)
    except OSError:
        return b""


def _shutdown_write(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)


class FaultProxy:
    """Forward 127.0.0.1:`port` to central at `upstream`, failing on demand. Use as a context manager."""

    def __init__(self, upstream: tuple[str, int], port: int = 0):
        self.upstream = upstream
        self.port = port
        self.latency = 0.0
        self.requests: list[str] = []  # every request line seen, "GET /api/v1/sync/changes?since=0&limit=500"
        self.captured: list[tuple[str, bytearray]] = []  # every request with its bytes, for replaying
        self.accepted = 0  # connections accepted, whether central answered or not
        self._faults: list[Fault] = []
        self._links: set[_Link] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._listen()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # The controls.
    def restore(self) -> None:
        """Pass everything through again: accept connections, no faults armed, no delay."""
        with self._lock:
            self._faults.clear()
            self.latency = 0.0
        if self._listener is None:
            self._listen()

    def cut(self) -> None:
        """Close every open connection now and refuse new ones until `restore()`."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for link in list(self._links):
            link.kill()

    def drop_next_response(self, match: str = "") -> Fault:
        """Forward the next request matching `match` but lose its answer: central commits, the desk never hears."""
        return self._arm(Fault("drop", match))

    def cut_next_response_after(self, nbytes: int, match: str = "") -> Fault:
        """Forward the first `nbytes` of the next matching request's answer, then cut the connection."""
        return self._arm(Fault("cut_after", match, nbytes))

    def delay(self, seconds: float) -> None:
        """Hold every answer this long before its first byte."""
        self.latency = seconds

    def close(self) -> None:
        self._stopped.set()
        self.cut()

    def bodies(self, match: str) -> list[bytes]:
        """Return the bodies of the requests seen so far whose request line contains `match`, in order."""
        return [bytes(raw).partition(b"\r\n\r\n")[2] for request, raw in list(self.captured) if match in request]

    def count(self, match: str) -> int:
        """Return how many requests seen so far contain `match`."""
        return sum(match in request for request in list(self.requests))

    # The machinery.
    def _arm(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def _request(self, request: str) -> Fault | None:
        """Note a request and return the first armed fault it matches, disarming it."""
        with self._lock:
            self.requests.append(request)
            for fault in self._faults:
                if fault.match in request:
                    self._faults.remove(fault)
                    fault.request = request
                    return fault
        return None

    def _forget(self, link: _Link) -> None:
        with self._lock:
            self._links.discard(link)

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut() or close()
                return
            self.accepted += 1
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:  # central is down: the desk sees its connection closed at once
                client.close()
                continue
            link = _Link(self, client, upstream)
            with self._lock:
                self._links.add(link)
            link.start()
