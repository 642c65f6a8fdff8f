"""Free-text search over every language of an offer, through the database's own full-text index.

SQLite uses an FTS5 table, PostgreSQL a tsvector column with a GIN index (both made by the migrations).
Text is folded the same way when it is indexed and when it is searched: lower case, accents and Arabic
vowel marks removed, and every Han character a word of its own, so that Chinese, which is written
without spaces, is found by any word in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import Column, Integer, MetaData, Select, Table, Text, column, delete, insert, text
from sqlalchemy.orm import Session

from kiosk.offers.models import TEXT_FIELDS, Offer

# Kept out of the models' metadata: the migrations make it per database (FTS5 or tsvector).
offer_search = Table("offer_search", MetaData(), Column("offer_id", Integer), Column("body", Text))

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 8


def fold(value: str) -> str:
    """Fold text for the index: lower case, no combining marks, Han characters spaced apart."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Arabic tatweel is a letter-stretching mark, not a letter.
    stripped = stripped.replace("\u0640", "")
    return _HAN.sub(r" \1 ", unicodedata.normalize("NFC", stripped).casefold())


def terms(query: str) -> list[str]:
    """Split a visitor's query into folded words, at most a few."""
    return _WORD.findall(fold(query))[:_MAX_TERMS]


def document(offer: Offer) -> str:
    """Return the folded text of every language of an offer, as one document."""
    parts = [offer.reference, offer.employer or "", offer.town]
    for translation in offer.translations:
        parts.extend(getattr(translation, field) or "" for field in TEXT_FIELDS)
    return fold(" ".join(parts))


def index_offers(session: Session, offers: Iterable[Offer]) -> None:
    """Write (or rewrite) the search documents of these offers."""
    offers = list(offers)
    if not offers:
        return
    session.flush()
    ids = [offer.id for offer in offers]
    session.execute(delete(offer_search).where(offer_search.c.offer_id.in_(ids)))
    session.execute(insert(offer_search), [{"offer_id": o.id, "body": document(o)} for o in offers])


def where_matches(session: Session, statement: Select, query: str) -> Select:
    """Narrow an offer query to the offers whose text matches every word of the query."""
    words = terms(query)
    if not words:
        return statement
    if session.get_bind().dialect.name == "postgresql":
        # Every word a prefix, so that a word still being typed already finds.
        tsquery = " & ".join(f"{w}:*" for w in words)
        matching = text(
            "SELECT offer_id FROM offer_search WHERE body_tsv @@ to_tsquery('simple', :tsq)"
        ).bindparams(tsq=tsquery)
    else:
        # Each word quoted (FTS5 syntax stays out of the visitor's hands), the last one a prefix.
        quoted = [_fts5_quote(w) for w in words]
        quoted[-1] += "*"
        matching = text("SELECT offer_id FROM offer_search WHERE offer_search MATCH :q").bindparams(
            q=" ".join(quoted)
        )
    return statement.where(Offer.id.in_(matching.columns(column("offer_id", Integer))))


def _fts5_quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'

