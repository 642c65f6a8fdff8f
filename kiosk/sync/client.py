"""A desk's HTTP client for central's sync API: the desk's token, timeouts, and two kinds of failure.

`LinkDown` is anything that says "try again later" (no route, refused connection, timeout, a 5xx or 429 answer);
`Refused` is central saying no for good until someone acts (401 revoked token, 403 another site, 422 a bad batch):
the loop keeps trying either way, but only a refusal is worth an admin's attention.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import httpx

API = "/api/v1/sync"
CONNECT_TIMEOUT, READ_TIMEOUT = 5.0, 30.0


class SyncError(Exception):
    """The exchange with central failed; `str()` is the one line the health status and the admin show."""


class LinkDown(SyncError):
    """Central could not be reached or could not answer now."""


class Refused(SyncError):
    """Central answered and refused: the token, the site or the batch is wrong."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"{status}: {detail}")
        self.status = status


@dataclass
class CentralClient:
    """Talks to central's `/api/v1/sync/...` with the desk's bearer token. One per loop; closes its connections."""

    base_url: str
    token: str
    transport: httpx.BaseTransport | None = None  # tests: httpx.WSGITransport(app=central), central in process
    timeout: float = READ_TIMEOUT

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            base_url=self.base_url.rstrip("/"), transport=self.transport,
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
            timeout=httpx.Timeout(self.timeout, connect=CONNECT_TIMEOUT),
        )

    def get(self, path: str, **params) -> dict:
        """GET `/api/v1/sync/<path>` and return the JSON answer."""
        return self._send("GET", path, params=params)

    def post(self, path: str, body: dict) -> dict:
        """POST a JSON body to `/api/v1/sync/<path>` and return the JSON answer."""
        return self._send("POST", path, json=body)

    def tell(self, error: str, schema: str) -> None:
        """Say on every call from now on the desk's last error and its schema, which central's admin shows."""
        # Percent-encoded: a header carries ASCII, an error may quote a message in any language.
        self._http.headers["X-Kiosk-Desk-Error"] = quote(error[:300], safe=" :/,;()=<>[]'")
        self._http.headers["X-Kiosk-Desk-Schema"] = quote(schema[:32], safe="")

    def close(self) -> None:
        self._http.close()

    def _send(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self._http.request(method, f"{API}/{path.lstrip('/')}", **kwargs)
        except httpx.HTTPError as error:  # connection refused or reset, DNS, timeout, a cut in mid-answer
            raise LinkDown(f"{type(error).__name__}: {error}".strip(": ")) from error
        if response.status_code >= 500 or response.status_code == 429:
            raise LinkDown(f"{response.status_code}: {_detail(response)}")
        if response.status_code >= 400:
            raise Refused(response.status_code, _detail(response))
        try:
            return response.json()
        except ValueError as error:  # a proxy's error page, or a body cut short
            raise LinkDown(f"{response.status_code}: the answer is not JSON") from error


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or "no answer"
    return str(body.get("detail") or body.get("title") or response.reason_phrase)[:300]
