"""A terminal or a receptionist's browser, as the benchmarks drive one over HTTP."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode

FIELD = re.compile(r'name="(csrf_token|request_token)"[^>]*value="([^"]+)"')


class Client:
    """A terminal: one keep-alive connection that keeps its session cookie."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response.status, text

    def form_fields(self, path: str) -> dict[str, str]:
        status, page = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return dict(FIELD.findall(page))
