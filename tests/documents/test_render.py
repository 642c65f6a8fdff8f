"""HTML to PDF: only files under static/ are fetched, and the QR codes read back."""

from __future__ import annotations

import pytest

from kiosk.documents import fetcher, qr
from kiosk.documents.render import render_pdf
from tests.documents.pdftools import page_png, pdf_text, qr_codes


def test_the_fetcher_serves_static_files():
    response = fetcher.static_fetcher().fetch(fetcher.STATIC_URL + "kiosk.css")
    assert response.read() == (fetcher.STATIC_DIR / "kiosk.css").read_bytes()
    assert response.content_type == "text/css"


def test_the_fetcher_serves_data_uris():
    assert fetcher.static_fetcher().fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    fetcher.STATIC_URL + "../kiosk/config.py",
    fetcher.STATIC_URL + "%2e%2e/kiosk/config.py",
    fetcher.STATIC_URL + "missing.css",
    "file://example.org" + fetcher.STATIC_DIR.as_posix() + "/kiosk.css",
    "http://127.0.0.1:9/x.png",
    "https://example.org/logo.png",
    "ftp://example.org/x",
])
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(fetcher.RefusedURL if url.startswith("file") else ValueError):
        fetcher.static_fetcher().fetch(url)


def test_a_document_cannot_read_files_or_the_network(monkeypatch):
    asked = []
    original = fetcher.StaticFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher.StaticFetcher, "fetch", spy)
    pdf = render_pdf('<p>Hello</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
                     '<link rel="stylesheet" href="../kiosk/config.py">')
    assert "Hello" in pdf_text(pdf)
    assert "file:///etc/passwd" in asked  # asked for, refused, and the page made without it


def test_a_qr_code_reads_back_as_its_url(tmp_path):
    url = "https://lavoro.example.it/m/o/12?lang=zh_Hans"
    html = (f'<p>{qr.qr_svg(url, "QR")}</p><img src="{qr.qr_data_uri(url)}">'
            "<style>svg, img { width: 35mm; height: 35mm; display: block; margin: 10mm }</style>")
    assert qr_codes(page_png(render_pdf(html), tmp_path / "qr", dpi=150)) == [url, url]


def test_the_inline_qr_code_has_a_title_and_scales():
    svg = qr.qr_svg("https://example.org/", "Open on your phone")
    assert svg.startswith("<svg") and "<title>Open on your phone</title>" in svg and 'viewBox="' in svg
    assert 'width="' not in svg.split(">")[0]
