"""Keeping the glossary: an admin adds a term or changes one (its forms, its words in every language), each logged.

A term is never deleted, only deactivated: the desks' full copy keeps the terms every server was shipped with
(see `kiosk.sync.changelog.SEEDED`), so a deletion could not reach them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor
from kiosk.glossary.matching import spelling
from kiosk.glossary.models import GlossaryTerm
from kiosk.i18n import LANGUAGES
from kiosk.references import log_change, set_active, snapshot
from kiosk.validation import Checker

FIELDS = ("key", "term", "forms", "texts")
TERM_LONGEST, NAME_LONGEST, TEXT_LONGEST = 80, 120, 700
MOST_FORMS = 20
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)


def save_term(session: Session, term: GlossaryTerm | None, values: Mapping, actor: Actor,
              at: datetime) -> GlossaryTerm:
    """Create a term (no `term`) or change one from a form's values; raise Invalid and change nothing on bad input.

    Fields: `key` (new terms only: it never changes), `term`, `forms` (one a line), and `name-<lang>`,
    `text-<lang>` for every language: the glossary explains every term in every language of the desks.
    """
    check = Checker(values)
    changes = {"term": check.text("term", TERM_LONGEST), "forms": _forms(check),
               "texts": _texts(check)}
    if term is None:
        changes["key"] = check.slug("key", 40)
        if changes["key"] and "key" not in check.errors and session.scalar(
                select(GlossaryTerm.id).where(GlossaryTerm.key == changes["key"])):
            check.errors["key"] = _l("This address word is taken; choose another.")
    _clashes(session, term, changes, check)
    check.done()
    record = term or GlossaryTerm(active=True)
    before = snapshot(record, FIELDS) if term is not None else None
    for name, value in changes.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    log_change(session, record, "glossary_term", record.term, before, snapshot(record, FIELDS), actor, at)
    return record


def set_term_active(session: Session, term: GlossaryTerm, active: bool, actor: Actor, at: datetime) -> None:
    """Stop marking and listing a term, or start again."""
    set_active(session, term, active, "glossary_term", term.term, actor, at)


def completeness(term: GlossaryTerm, lang: str) -> str:
    """Say whether a term is explained in a language: "complete", "partial" or "missing"."""
    said = term.texts.get(lang) or {}
    filled = sum(bool(said.get(part)) for part in ("name", "text"))
    return ("missing", "partial", "complete")[filled]


def form_values(term: GlossaryTerm) -> dict:
    """Return a term as its form's fields."""
    values = {"key": term.key, "term": term.term, "forms": "\n".join(term.forms)}
    for code in LANGUAGE_CODES:
        said = term.texts.get(code) or {}
        values[f"name-{code}"], values[f"text-{code}"] = said.get("name", ""), said.get("text", "")
    return values


def _forms(check: Checker) -> list[str]:
    lines = [" ".join(line.split()) for line in str(check.values.get("forms") or "").splitlines()]
    forms = list(dict.fromkeys(line for line in lines if line))
    if len(forms) > MOST_FORMS:
        check.errors["forms"] = _l("Write at most %(count)s forms.", count=MOST_FORMS)
    elif any(len(form) > TERM_LONGEST for form in forms):
        check.errors["forms"] = _l("A form is too long (maximum length: %(count)s).", count=TERM_LONGEST)
    elif any(not any(char.isalpha() for char in form) for form in forms):
        check.errors["forms"] = _l("Each form needs at least one letter.")
    return forms


def _texts(check: Checker) -> dict:
    texts = {}
    for code in LANGUAGE_CODES:
        texts[code] = {"name": check.text(f"name-{code}", NAME_LONGEST),
                       "text": check.text(f"text-{code}", TEXT_LONGEST)}
    return texts


def _clashes(session: Session, term: GlossaryTerm | None, changes: dict, check: Checker) -> None:
    """Note a headword or form that another term already has: a word in a text must lead to one explanation."""
    if "term" in check.errors or "forms" in check.errors:
        return
    others = session.scalars(select(GlossaryTerm).where(GlossaryTerm.id != (term.id if term else -1)))
    used = {spelling(form): other.term for other in others for form in (other.term, *other.forms)}
    for field, forms in (("term", [changes["term"]]), ("forms", changes["forms"])):
        for form in forms:
            if spelling(form) in used:
                check.errors[field] = _l("“%(form)s” is already a form of “%(term)s”.", form=form,
                                         term=used[spelling(form)])
                return
