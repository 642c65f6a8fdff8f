"""Free-text search over every language of an offer, through the database's own full-text index.

SQLite uses an FTS5 table whose rowid is the offer's id, PostgreSQL a tsvector column with a GIN index
(both made by the migrations, outside the models' metadata).
Text is folded the same way when it is indexed and when it is searched: lower case, accents and Arabic
vowel marks removed, letter variants made one (Arabic ة ى and the hamza forms of alif, Ukrainian ґ), and every
Han character a word of its own, so that Chinese, which is written without spaces, is found by any word in it.

Each offer's document has two parts: `words`, its folded text, and `stems`, the stems of those words in the
language of each text (kiosk/offers/stemming.py). A query word matches at one of three levels, and the list
puts the offers that match every word at a better level first:
  exact: the folded word is in `words`;
  stem:  one of the word's stems, in any language of its script, is in `stems`, or the last word (which may still
         be being typed) begins a word of `words`;
  typo:  for a word of five letters or more that the index does not have, a term of the index one edit away (a
         letter wrong, missing, extra or two swapped) is in either part. The terms come from `offer_search_term`,
         the index's vocabulary.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, Integer, bindparam, case, column, text
from sqlalchemy.orm import Session

from kiosk.offers import stemming
from kiosk.offers.models import TEXT_FIELDS, Offer
from kiosk.offers.richtext import to_plain

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_TERMS = 8
TYPO_MIN_LENGTH = 5  # a word this long may have one letter wrong
VOCABULARY_MIN_LENGTH = TYPO_MIN_LENGTH - 1  # one letter fewer than a typed word is the shortest it can mean
_REINDEX_BATCH = 500
_PLAN_KEY = "offer_search_plan"

# The letters a typo may put in or change, per script (after folding).
_ALPHABETS = {
    "latin": string.ascii_lowercase,
    "cyrillic": "абвгдежзиклмнопрстуфхцчшщьюяєі",
    "arabic": "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي",
}

EXACT, STEM, TYPO = 0, 1, 2


def fold(value: str) -> str:
    """Fold text for the index: lower case, no combining marks, letter variants made one, Han characters apart."""
    # Each Han character a word of its own: split keeps it, the join spaces it.
    return " ".join(_HAN.split(stemming.fold_letters(value)))


def terms(query: str) -> list[str]:
    """Split a visitor's query into folded words, at most a few."""
    return _WORD.findall(fold(query))[:_MAX_TERMS]


def document(offer: Offer) -> tuple[str, str]:
    """Return an offer's search document: its folded text in every language, and the stems of that text."""
    texts = [(t.lang, " ".join(to_plain(getattr(t, field) or "") for field in TEXT_FIELDS))
             for t in offer.translations]
    return build_document([offer.reference, offer.employer or "", offer.town], texts)


def build_document(names: Iterable[str], texts: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Return (words, stems) for an offer's names (reference, employer, town: not stemmed) and its texts by language.

    Plain values in and out, so that a migration can rebuild the index without the models.
    """
    words = [fold(" ".join(names))]
    stems = []
    for lang, plain in texts:
        words.append(fold(plain))
        stems.append(_stem_text(lang, plain))
    return " ".join(words), " ".join(stems)


@lru_cache(maxsize=4096)  # the same text comes back: every language of a synthetic copy, a sync of an edit
def _stem_text(lang: str, plain: str) -> str:
    words = _WORD.findall(_lower(plain) if stemming.reads_accents(lang) else fold(plain))
    return " ".join(stem for word in words for stem in sorted(stemming.stems(word, lang)))


def _lower(value: str) -> str:
    """Lower case with the accents kept (composed), for a stemmer that reads them."""
    return unicodedata.normalize("NFC", value).casefold()


def index_offers(session: Session, offers: Iterable[Offer]) -> None:
    """Write (or rewrite) the search documents of these offers, and add their terms to the vocabulary."""
    offers = list(offers)
    if not offers:
        return
    session.flush()
    key = _key(session)
    session.execute(
        text(f"DELETE FROM offer_search WHERE {key} IN :ids").bindparams(bindparam("ids", expanding=True)),
        {"ids": [offer.id for offer in offers]},
    )
    rows = []
    for offer in offers:
        words, stems = document(offer)
        rows.append({"offer_id": offer.id, "words": words, "stems": stems})
    write_documents(session, rows)


def write_documents(session: Session, rows: list[dict]) -> None:
    """Insert search documents ({offer_id, words, stems}) whose offers have none, and their vocabulary."""
    session.info.pop(_PLAN_KEY, None)  # a typo's neighbours may be words of the index now
    if not rows:
        return
    key = _key(session)
    session.execute(text(f"INSERT INTO offer_search ({key}, words, stems) VALUES (:offer_id, :words, :stems)"), rows)
    found: set[str] = set()
    for row in rows:  # offers repeat their words: each is checked once, not once per use
        found.update(_WORD.findall(row["words"]), _WORD.findall(row["stems"]))
    vocabulary = {term for term in found if len(term) >= VOCABULARY_MIN_LENGTH and term.isalpha()}
    if vocabulary:
        verb = "INSERT" if key == "offer_id" else "INSERT OR IGNORE"
        tail = " ON CONFLICT DO NOTHING" if key == "offer_id" else ""
        session.execute(text(f"{verb} INTO offer_search_term (term) VALUES (:term){tail}"),
                        [{"term": term} for term in sorted(vocabulary)])


def reindex_all(session: Session) -> int:
    """Write every offer's search document and the vocabulary again (after a change of stemmer); return how many.

    Read with plain SQL, never the models, so that a migration can call it when the stemmers change.
    """
    session.execute(text("DELETE FROM offer_search"))
    session.execute(text("DELETE FROM offer_search_term"))
    ids = list(session.scalars(text("SELECT id FROM offer ORDER BY id")))
    reindex_ids(session, ids)
    return len(ids)


def reindex_ids(session: Session, ids: list[int]) -> None:
    """Write again the search documents of the offers with these ids, read with plain SQL (a desk's pull: tens of
    thousands of offers at a first sync, which model instances would make several times slower)."""
    key = _key(session)
    for start in range(0, len(ids), _REINDEX_BATCH):
        batch = ids[start:start + _REINDEX_BATCH]
        session.execute(
            text(f"DELETE FROM offer_search WHERE {key} IN :ids").bindparams(bindparam("ids", expanding=True)),
            {"ids": batch},
        )
        write_documents(session, [{"offer_id": offer_id, "words": words, "stems": stems}
                                  for offer_id, words, stems in plain_documents(session, batch)])


def plain_documents(session: Session, ids: list[int] | None = None) -> Iterable[tuple[int, str, str]]:
    """Yield (offer id, words, stems) for every offer (or those with these ids), read with plain SQL."""
    only = " WHERE {column} IN :ids" if ids is not None else ""
    params = {"ids": ids} if ids is not None else {}

    def query(sql: str):
        statement = text(sql)
        return statement.bindparams(bindparam("ids", expanding=True)) if ids is not None else statement

    texts: dict[int, list[tuple[str, str]]] = {}
    rows = session.execute(query(f"SELECT offer_id, lang, {', '.join(TEXT_FIELDS)} FROM offer_translation"
                                 + only.format(column="offer_id") + " ORDER BY offer_id, lang"), params)
    for offer_id, lang, *values in rows:
        texts.setdefault(offer_id, []).append((lang, " ".join(to_plain(value or "") for value in values)))
    for offer_id, reference, employer, town in session.execute(
            query("SELECT id, reference, employer, town FROM offer" + only.format(column="id") + " ORDER BY id"),
            params).all():
        words, stems = build_document([reference, employer or "", town], texts.get(offer_id, []))
        yield offer_id, words, stems


@dataclass(frozen=True)
class _Word:
    """One word of a query and what it may match at each level."""

    word: str
    prefix: bool
    stems: frozenset[str]
    typos: frozenset[str]


def _plan(session: Session, query: str) -> list[_Word]:
    """Return the query's plan, made once per session and query: a list asks for its count, its rows and its order."""
    made = session.info.get(_PLAN_KEY)
    if made is None or made[0] != query:
        made = session.info[_PLAN_KEY] = (query, _make_plan(session, query))
    return made[1]


def _make_plan(session: Session, query: str) -> list[_Word]:
    words = terms(query)
    if not words:
        return []
    # The last word is a prefix, so that a word still being typed already finds; a single letter
    # (or a Han character, a word of its own) is not, as it would match nearly everything.
    last_is_prefix = len(words[-1]) > 1
    typos = _typos(session, words)
    # The words as typed, accents kept, for the stemmers that read them; where folding parted words differently
    # (a Han character, a mark between letters), the folded words alone.
    typed = _WORD.findall(_lower(query))[:_MAX_TERMS]
    typed = typed if len(typed) == len(words) else words
    return [
        _Word(word, last_is_prefix and number == len(words) - 1,
              frozenset(stemming.query_stems(word) | stemming.query_stems(as_typed) | {word}),
              frozenset(typos.get(word, ())))
        for number, (word, as_typed) in enumerate(zip(words, typed, strict=True))
    ]


def matches(session: Session, query: str, level: int = TYPO) -> ColumnElement[bool] | None:
    """Return the condition that an offer's text has every word of the query (at `level` or better; the
    relevance benchmark asks for EXACT to show what the stems add), or None for no words."""
    plan = _plan(session, query)
    if not plan:
        return None
    return _level_condition(session, plan, min(level, _widest(plan)))


def ranking(session: Session, query: str) -> ColumnElement[int] | None:
    """Return the level (0 exact, 1 stem, 2 typo) at which an offer matches the query, to sort by; None for no words."""
    plan = _plan(session, query)
    if not plan:
        return None
    widest = _widest(plan)
    whens = [(_level_condition(session, plan, level), level) for level in range(EXACT, widest)]
    return case(*whens, else_=widest)


def _widest(plan: list[_Word]) -> int:
    return TYPO if any(w.typos for w in plan) else STEM


def _level_condition(session: Session, plan: list[_Word], level: int) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        matching = text(
            "SELECT offer_id FROM offer_search WHERE body_tsv @@ to_tsquery('simple', :q)"
        ).bindparams(bindparam("q", " & ".join(_tsquery_word(w, level) for w in plan), unique=True))
    else:
        matching = text("SELECT rowid AS offer_id FROM offer_search WHERE offer_search MATCH :q").bindparams(
            bindparam("q", " AND ".join(_fts5_word(w, level) for w in plan), unique=True)
        )
    # Each level's query its own parameter: a list sorts by one level and filters by another in one statement.
    return Offer.id.in_(matching.columns(column("offer_id", Integer)))


def _fts5_word(word: _Word, level: int) -> str:
    # Each word quoted, so FTS5's own syntax stays out of the visitor's hands.
    options = ["words : " + _fts5_quote(word.word)]
    if level >= STEM:
        options += ["words : " + _fts5_quote(word.word) + "*"] if word.prefix else []
        options += ["stems : " + _fts5_quote(stem) for stem in sorted(word.stems)]
    if level >= TYPO:
        options += [_fts5_quote(typo) for typo in sorted(word.typos)]
    return "(" + " OR ".join(options) + ")"


def _tsquery_word(word: _Word, level: int) -> str:
    # Weight A is the folded words, B the stems (see the migration that makes body_tsv).
    options = [_tsquery_quote(word.word) + ":A"]
    if level >= STEM:
        options += [_tsquery_quote(word.word) + ":*A"] if word.prefix else []
        options += [_tsquery_quote(stem) + ":B" for stem in sorted(word.stems)]
    if level >= TYPO:
        options += [_tsquery_quote(typo) for typo in sorted(word.typos)]
    return "(" + " | ".join(options) + ")"


def _typos(session: Session, words: list[str]) -> dict[str, set[str]]:
    """Return, for each long enough word that the index does not have, the index's terms one edit away from it.

    A word the index has is taken as meant: "porto" is a word of the offers, and its neighbour "posto" would
    bring in half the list.
    """
    candidates: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= TYPO_MIN_LENGTH and word.isalpha():
            candidates.setdefault(word, set())
            for neighbour in _neighbours(word):
                candidates.setdefault(neighbour, set()).add(word)
    if not candidates:
        return {}
    known = set(session.scalars(
        text("SELECT term FROM offer_search_term WHERE term IN :terms")
        .bindparams(bindparam("terms", expanding=True))
        .columns(column("term")),
        {"terms": sorted(candidates)},
    ))
    found: dict[str, set[str]] = {}
    for term in known:
        for word in candidates[term]:
            if word not in known:
                found.setdefault(word, set()).add(term)
    return found


@lru_cache(maxsize=4096)
def _neighbours(word: str) -> frozenset[str]:
    """Return every string one edit from `word`: a letter taken out, swapped with the next, changed or put in."""
    alphabet = _ALPHABETS.get(stemming._script(word), "")
    if not alphabet:
        return frozenset()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {left + right[1:] for left, right in splits if right}
    out |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    out |= {left + letter + right[1:] for left, right in splits if right for letter in alphabet}
    out |= {left + letter + right for left, right in splits for letter in alphabet}
    out.discard(word)
    return frozenset(out)


def _key(session: Session) -> str:
    """Name the column that holds the offer id: FTS5's rowid on SQLite, offer_id on PostgreSQL."""
    return "offer_id" if session.get_bind().dialect.name == "postgresql" else "rowid"


def _fts5_quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _tsquery_quote(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
