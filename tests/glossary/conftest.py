"""The glossary's tests: the shipped terms on every database (PostgreSQL's tests start from emptied tables)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.seed import write_seed


@pytest.fixture
def shipped_terms(app) -> int:
    """Make sure the shipped terms are there, as after `flask db upgrade`, and return how many."""
    if not db.session.scalar(select(func.count()).select_from(GlossaryTerm)):
        write_seed(db.session.connection(), GlossaryTerm.__table__)
        db.session.commit()
    return db.session.scalar(select(func.count()).select_from(GlossaryTerm))
