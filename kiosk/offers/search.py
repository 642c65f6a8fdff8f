"""Free-text search over every language of an offer, through the database's own full-text index.

SQLite uses an FTS5 table whose rowid is the offer's id, PostgreSQL a tsvector column with a GIN index
(both made by the migrations, outside the models' metadata).
Text is folded the same way when it is indexed and when it is searched: lower case, accents and Arabic
vowel marks removed, and every Han character a word of its own, so that Chinese, which is written
without spaces, is found by any word in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from sqlalchemy import ColumnElement, Integer, bindparam, column, text
from sqlalchemy.orm import Session

from kiosk.offers.models import TEXT_FIELDS, Offer
from kiosk.offers.richtext import to_plain

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 8
_LAST_MARK = 0x1FFFF  # past the scripts people write: the rest of Unicode holds no combining mark worth a scan


@cache
def _marks() -> dict[int, None]:
    """Return a translation table that drops every combining mark, and Arabic's tatweel (it stretches a letter)."""
    dropped = {point: None for point in range(_LAST_MARK + 1) if unicodedata.combining(chr(point))}
    return dropped | {0x0640: None}


def fold(value: str) -> str:
    """Fold text for the index: lower case, no combining marks, Han characters spaced apart."""
    stripped = unicodedata.normalize("NFKD", value).translate(_marks())  # one pass in C, not a test per character
    return _HAN.sub(r" \1 ", unicodedata.normalize("NFC", stripped).casefold())


def terms(query: str) -> list[str]:
    """Split a visitor's query into folded words, at most a few."""
    return _WORD.findall(fold(query))[:_MAX_TERMS]


def document(offer: Offer) -> str:
    """Return the folded text of every language of an offer, as one document."""
    parts = [offer.reference, offer.employer or "", offer.town]
    for translation in offer.translations:
        parts.extend(to_plain(getattr(translation, field) or "") for field in TEXT_FIELDS)
    return fold(" ".join(parts))


def index_offers(session: Session, offers: Iterable[Offer]) -> None:
    """Write (or rewrite) the search documents of these offers."""
    offers = list(offers)
    if not offers:
        return
    session.flush()
    key = _key(session)
    session.execute(
        text(f"DELETE FROM offer_search WHERE {key} IN :ids").bindparams(bindparam("ids", expanding=True)),
        {"ids": [offer.id for offer in offers]},
    )
    session.execute(
        text(f"INSERT INTO offer_search ({key}, body) VALUES (:offer_id, :body)"),
        [{"offer_id": offer.id, "body": document(offer)} for offer in offers],
    )


def matches(session: Session, query: str) -> ColumnElement[bool] | None:
    """Return the condition that an offer's text has every word of the query, or None for no words."""
    words = terms(query)
    if not words:
        return None
    # The last word is a prefix, so that a word still being typed already finds; a single letter
    # (or a Han character, a word of its own) is not, as it would match nearly everything.
    last_is_prefix = len(words[-1]) > 1
    if session.get_bind().dialect.name == "postgresql":
        parts = [_tsquery_quote(w) for w in words]
        if last_is_prefix:
            parts[-1] += ":*"
        matching = text(
            "SELECT offer_id FROM offer_search WHERE body_tsv @@ to_tsquery('simple', :q)"
        ).bindparams(q=" & ".join(parts))
    else:
        # Each word quoted, so FTS5's own syntax stays out of the visitor's hands.
        parts = [_fts5_quote(w) for w in words]
        if last_is_prefix:
            parts[-1] += "*"
        matching = text("SELECT rowid AS offer_id FROM offer_search WHERE offer_search MATCH :q").bindparams(
            q=" ".join(parts)
        )
    return Offer.id.in_(matching.columns(column("offer_id", Integer)))


def _key(session: Session) -> str:
    """Name the column that holds the offer id: FTS5's rowid on SQLite, offer_id on PostgreSQL."""
    return "offer_id" if session.get_bind().dialect.name == "postgresql" else "rowid"


def _fts5_quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _tsquery_quote(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
