"""Reading PDFs back as a person or a phone would: the text, the fonts, page images, the QR code."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import unavailable

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes) -> str:
    """Return the text layer of every page, as pypdf reads it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    """Fold a text for comparison: NFKC, no direction marks, no white space at all."""
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text)))


def words(text: str) -> list[str]:
    """Split a text into words without the punctuation around them."""
    found = []
    for word in unicodedata.normalize("NFKC", text).split():
        start, end = 0, len(word)
        while start < end and unicodedata.category(word[start])[0] in "PS":
            start += 1
        while end > start and unicodedata.category(word[end - 1])[0] in "PS":
            end -= 1
        if word[start:end]:
            found.append(word[start:end])
    return found


def missing_words(pdf_text_: str, expected: str) -> list[str]:
    """Return the words of `expected` that the PDF's text lacks (each word whole, in any order)."""
    have = squeeze(pdf_text_)
    return [word for word in words(expected) if squeeze(word) not in have]


def missing_letters(pdf_text_: str, expected: str) -> str:
    """Return the letters of `expected` that the PDF's text has fewer of, whatever their order.

    For a line that mixes right-to-left and left-to-right runs, where text extractors may cut a word in two
    at the change of direction.
    """
    have = Counter(c for c in squeeze(pdf_text_) if c.isalpha())
    want = Counter(c for c in squeeze(expected) if c.isalpha())
    return "".join(sorted((want - have).elements()))


def embedded_fonts(pdf: bytes) -> dict[str, str]:
    """Return each font's base name and how its program is embedded (FontFile, FontFile2, FontFile3 or '')."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            kind = next((key[1:] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor), "")
            fonts[str(font["/BaseFont"])] = kind
    return fonts


def page_png(pdf: bytes, target: Path, dpi: int = 150, page: int = 1) -> Path:
    """Render one page to a PNG with poppler's pdftoppm and return its path."""
    if shutil.which("pdftoppm") is None:
        unavailable("pdftoppm (poppler-utils) is not installed")
    source = target.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(source), str(target.with_suffix(""))], check=True)
    source.unlink()
    return target.with_suffix(".png")


def qr_codes(png: Path) -> list[str]:
    """Return the text of every QR code zxing-cpp finds in an image."""
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image)
    return [result.text for result in found if result.format == zxingcpp.BarcodeFormat.QRCode]


def page_words(pdf: bytes) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """Return each page's width, height and words (top, bottom, text) in points, with poppler's pdftotext -bbox."""
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', done.stdout.decode(), re.S):
        found = [(float(top), float(bottom), text) for top, bottom, text in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>',
                            page.group(3))]
        pages.append((float(page.group(1)), float(page.group(2)), found))
    return pages


def content_fills(pdf: bytes, top_mm: float, bottom_mm: float) -> list[float]:
    """Return how far down its content area each page is written (0 to 1), leaving out the page margins'
    running texts (a page counter, a footer)."""
    top, bottom = top_mm * 72 / 25.4, bottom_mm * 72 / 25.4
    fills = []
    for _width, height, found in page_words(pdf):
        inside = [low for high, low, _text in found if high >= top and low <= height - bottom]
        fills.append((max(inside, default=top) - top) / (height - top - bottom))
    return fills
