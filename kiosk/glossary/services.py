"""The glossary as the pages use it: the active terms, the matcher built from them, a term's words in a language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.glossary.matching import Entry, Matcher, fold
from kiosk.glossary.models import GlossaryTerm

FALLBACK_LANGUAGE = "it"


@dataclass(frozen=True)
class Explained:
    """A term said in one language: what a dialog, the glossary page and reading aloud show."""

    key: str
    term: str
    name: str
    text: str
    lang: str  # the language the name and text are in: the visitor's, or Italian when that one is missing

    @property
    def element_id(self) -> str:
        """The stable id of the explanation: `term-<key>` for its dialog, `glossary-<key>` on the glossary page."""
        return f"term-{self.key}"

    @property
    def spoken(self) -> str:
        """The explanation as one text to read aloud: the term, its name, then its sentences."""
        return spoken_text(self)


def active_terms(session: Session) -> list[GlossaryTerm]:
    """Return the terms in use, in the Italian alphabetical order of their headword."""
    terms = session.scalars(select(GlossaryTerm).where(GlossaryTerm.active.is_(True)))
    return sorted(terms, key=lambda term: fold(term.term).casefold())


def matcher_for(terms: list[GlossaryTerm]) -> Matcher:
    """Return the matcher of these terms: each one's headword and other forms."""
    return Matcher(Entry(term.key, (term.term, *term.forms)) for term in terms)


def explain(term: GlossaryTerm, lang: str) -> Explained:
    """Return a term's name and explanation in a language, in Italian where that language has none."""
    said = term.texts.get(lang) or {}
    if not (said.get("name") and said.get("text")):
        lang, said = FALLBACK_LANGUAGE, term.texts.get(FALLBACK_LANGUAGE) or {}
    return Explained(term.key, term.term, said.get("name", ""), said.get("text", ""), lang)


def spoken_text(explained: Explained) -> str:
    """Return what a "listen" control reads for a term: its Italian headword, its name, its explanation."""
    name = f" {explained.name}." if explained.name and explained.name.casefold() != explained.term.casefold() else ""
    return f"{explained.term}.{name} {explained.text}".strip()


def explanation_by_key(session: Session, key: str, lang: str) -> Explained | None:
    """Return an active term's explanation by its stable key (for reading aloud), or None."""
    term = session.scalar(select(GlossaryTerm).where(GlossaryTerm.key == key, GlossaryTerm.active.is_(True)))
    return explain(term, lang) if term is not None else None
