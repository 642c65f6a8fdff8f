"""A term of the glossary: an Italian word of the field, the forms it is written in, its explanation per language."""

from __future__ import annotations

from sqlalchemy import JSON, String, true
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class GlossaryTerm(db.Model):
    """An Italian term of the field (tirocinio, NASpI, CCNL...) explained in plain words in the desks' languages.

    A catalogue record: central writes it and the desks pull it. The first terms come with migration 0022 on every
    server, under the same ids; they are never deleted, only deactivated, so a desk's full copy keeps them.
    """

    __tablename__ = "glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The stable name of the term: page anchors, dialog ids and reading aloud refer to it; it never changes.
    key: Mapped[str] = mapped_column(String(40), unique=True)
    term: Mapped[str] = mapped_column(String(80))  # as written in Italian: "Centro per l'Impiego"
    # Other written forms recognised in texts (plural, abbreviation, full name). A form in capitals (CCNL, DID) is
    # recognised only in capitals; any other form in any case, with or without accents.
    forms: Mapped[list] = mapped_column(JSON, default=list)
    # {"it": {"name": "...", "text": "..."}, "en": {...}, ...}: a short name, then two or three plain sentences.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
