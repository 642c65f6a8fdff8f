"""CSV that Italian Excel opens, with formulas neutralised."""

from __future__ import annotations

import pytest

from kiosk.reports.export import csv_text, neutralise


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


def test_ordinary_cells_are_kept():
    assert [neutralise(v) for v in ("Sarzana", 12, "12,5", None, "a=b")] == ["Sarzana", "12", "12,5", "", "a=b"]


def test_csv_starts_with_a_bom_and_uses_semicolons():
    text = csv_text(["Lingua", "Biglietti"], [["italiano", 4], ["=1+1", "2;3"]])
    assert text.startswith("\ufeff")
    assert text[1:].split("\r\n") == ["Lingua;Biglietti", "italiano;4", "'=1+1;\"2;3\"", ""]
