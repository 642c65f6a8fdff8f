"""What a document may load while it is rendered: files under static/ and data: URIs, nothing else."""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from kiosk import ROOT

STATIC_DIR = ROOT / "static"
STATIC_URL = STATIC_DIR.as_uri() + "/"


class RefusedURL(ValueError):
    """A document asked for something outside static/."""


class StaticFetcher(URLFetcher):
    """Serve files under one folder and data: URIs; refuse the network and every other file."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"not a local file: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"not a file under {self.root}: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


@lru_cache(maxsize=1)
def static_fetcher() -> StaticFetcher:
    """Return the fetcher limited to static/."""
    return StaticFetcher(STATIC_DIR)
