"""The glossary's first terms, as shipped: `data/terms.json` (keys, headwords, forms) and `data/texts/<lang>.json`.

Migration 0022 writes them on every server (central, desk, standalone) under the same ids, so a desk has them before
its first pull; from then on central's edits travel as catalogue records. A term added to these files later needs a
migration of its own: a server that has migrated never reads them again.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from kiosk.i18n import LANGUAGES

DATA = Path(__file__).resolve().parent / "data"


@cache
def seed_rows() -> tuple[dict, ...]:
    """Return the shipped terms as rows of glossary_term, ids from 1 in the files' order."""
    terms = json.loads((DATA / "terms.json").read_text(encoding="utf-8"))
    texts = {language.code: json.loads((DATA / "texts" / f"{language.code}.json").read_text(encoding="utf-8"))
             for language in LANGUAGES}
    rows = []
    for number, term in enumerate(terms, start=1):
        said = {code: {"name": by_key[term["key"]][0], "text": by_key[term["key"]][1]}
                for code, by_key in texts.items() if term["key"] in by_key}
        rows.append({"id": number, "key": term["key"], "term": term["term"], "forms": term["forms"],
                     "texts": said, "active": True})
    return tuple(rows)


def write_seed(connection, table: sa.Table) -> None:
    """Insert the shipped terms through plain SQL (no change log entries: every server has them already)."""
    connection.execute(sa.insert(table), [dict(row) for row in seed_rows()])
    if connection.dialect.name == "postgresql":  # ids were given: the sequence goes on after them
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('glossary_term', 'id'), "
                                   "(SELECT max(id) FROM glossary_term))"))
