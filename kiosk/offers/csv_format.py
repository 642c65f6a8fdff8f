"""Offers as CSV: one row per offer, the columns of docs/offers-csv.md; read as Excel writes it, written safe for it.

Read: UTF-8 with or without a BOM, comma or semicolon (Italian Excel) as found in the header, dates as YYYY-MM-DD or
DD/MM/YYYY. Written: UTF-8 with a BOM and semicolons, so a double click opens it in Italian Excel, and every cell a
spreadsheet could take for a formula starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from kiosk.offers.models import TEXT_FIELDS, Offer
from kiosk.offers.writing import FIELDS, LANGUAGE_CODES, OfferDraft, Problem, read_native

APPLY = ("apply_email", "apply_phone", "apply_url")
COLUMNS = ("reference", "status", "kind", "town", "sector", "contract", "hours", "published_on", "expires_on",
           *(name for name in FIELDS if name not in ("reference", "kind", "town", "sector", "contract", "hours",
                                                     "published_on", "expires_on")),
           *(f"{name}_{lang}" for lang in LANGUAGE_CODES for name in TEXT_FIELDS))
TEXT_COLUMNS = frozenset(f"{name}_{lang}" for lang in LANGUAGE_CODES for name in TEXT_FIELDS)
REQUIRED_COLUMNS = ("kind", "town", "sector", "contract", "hours", "expires_on", "title_it")
MAX_ROWS = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or LibreOffice read a cell as a formula
_CANONICAL = {name.lower(): name for name in COLUMNS}  # Title_IT and title_zh_hans are read as the template's
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATES = ("published_on", "expires_on", "starts_on")


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why, in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def read_csv(content: bytes) -> list[tuple[int, OfferDraft, list[Problem], set[str]]]:
    """Read a CSV file into (row number, draft, problems, columns given); raise FileProblem when it cannot be read."""
    text = _decode(content)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_CANONICAL.get(name.strip().lower(), name.strip()) for name in next(reader, [])]
        records = [(number, record) for number, record in enumerate(reader, start=2) if any(c.strip() for c in record)]
    except csv.Error:
        raise FileProblem(_l("The file is not a CSV file that can be read.")) from None
    _check_header(header)
    if len(records) > MAX_ROWS:
        raise FileProblem(_l("The file has %(count)s offers: at most %(max)s can be imported at once.",
                             count=len(records), max=MAX_ROWS))
    rows = []
    for number, record in records:
        if len(record) > len(header):
            rows.append((number, OfferDraft(), [Problem("row", _l("This row has more cells than the header."))],
                         set()))
            continue
        cells = {name: unescape(value).strip() for name, value in zip(header, record, strict=False)}
        draft, problems = read_native(_native(cells))
        rows.append((number, draft, problems, set(cells)))
    return rows


def write_csv(offers: Iterable[Offer], delimiter: str = ";") -> bytes:
    """Return offers as a CSV file of every column, with formulas neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for offer in offers:
        writer.writerow([neutralise(value) for value in _cells(offer)])
    return ("\ufeff" + out.getvalue()).encode()


def template(today: date, delimiter: str = ";") -> bytes:
    """Return the CSV template: the header and one example row that can be imported as it is."""
    example = {"reference": "ESEMPIO-001", "status": "published", "kind": "job", "town": "La Spezia", "sector": "I",
               "contract": "fixed_term", "hours": "part_time", "published_on": today.strftime("%d/%m/%Y"),
               "expires_on": (today + timedelta(days=60)).strftime("%d/%m/%Y"), "employer": "Trattoria del Porto",
               "positions": "2", "italian_level": "A2", "other_languages": "en:A2", "apply_phone": "+39 0187 000000",
               "apply_email": "lavoro@example.it", "title_it": "Aiuto cuoco",
               "summary_it": "Aiuto cuoco per la stagione estiva, turni serali.",
               "description_it": "<p>Preparazione degli ingredienti e pulizia della cucina.</p>",
               "title_en": "Kitchen assistant"}
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([neutralise(example.get(name, "")) for name in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def neutralise(value: str) -> str:
    """Return a cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    """Undo `neutralise`, so a file exported here comes back unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def _decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_l("The file is not in UTF-8. In Excel choose Save as, then “CSV UTF-8 (comma "
                             "delimited)”; in LibreOffice choose the character set Unicode (UTF-8).")) from None
    if "\x00" in text:
        raise FileProblem(_l("The file is not a CSV file that can be read."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise FileProblem(_l("These required columns are missing: %(columns)s. Start from the template.",
                             columns=", ".join(missing)))
    unknown = [name or "?" for name in header if name not in COLUMNS]
    if unknown:
        raise FileProblem(_l("These columns are not known: %(columns)s. The template lists every column.",
                             columns=", ".join(unknown)[:300]))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FileProblem(_l("These columns appear twice: %(columns)s.", columns=", ".join(repeated)))


def _native(cells: dict[str, str]) -> dict:
    """Return a row's cells as the API's own JSON, which writing.read_native reads."""
    native: dict = {name: cells[name] for name in FIELDS if name in cells and name not in APPLY}
    for name in _DATES:
        if name in native:
            match = _DAY_FIRST.match(native[name])
            if match:
                day, month, year = match.groups()
                native[name] = f"{year}-{int(month):02d}-{int(day):02d}"
    if "other_languages" in native:
        native["other_languages"] = _languages(native["other_languages"])
    native["apply"] = {name.removeprefix("apply_"): cells[name] for name in APPLY if name in cells}
    native["texts"] = {lang: {name: cells.get(f"{name}_{lang}", "") for name in TEXT_FIELDS}
                       for lang in LANGUAGE_CODES}
    if cells.get("status"):
        native["status"] = cells["status"]
    return native


def _languages(cell: str) -> list[dict[str, str]] | str:
    """Read `en:B1 fr:A2` (spaces, commas or semicolons between them); anything else is left to be refused."""
    items = []
    for part in re.split(r"[\s,;|]+", cell.strip()):
        if not part:
            continue
        lang, _, level = part.partition(":")
        if not re.fullmatch(r"[a-z]{2,3}", lang.lower()):
            return cell
        items.append({"lang": lang.lower(), "level": level.upper()})
    return items


def _cells(offer: Offer) -> list[str]:
    values = {name: getattr(offer, name) for name in FIELDS} | {"status": offer.status}
    values["other_languages"] = " ".join(f"{item['lang']}:{item.get('level') or ''}".rstrip(":")
                                         for item in offer.other_languages or [])
    for translation in offer.translations:
        for name in TEXT_FIELDS:
            values[f"{name}_{translation.lang}"] = getattr(translation, name) or ""
    return [_cell(values.get(name)) for name in COLUMNS]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
