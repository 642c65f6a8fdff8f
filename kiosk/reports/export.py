"""A report's table as CSV that Italian Excel opens as it is, with no formula a cell could smuggle in."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Return a cell as text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """Return a table as CSV: a byte-order mark, semicolons between cells (Italian Excel's own), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()
