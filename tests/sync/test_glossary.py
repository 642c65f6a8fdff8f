"""The glossary travels as a catalogue record: every server has the shipped terms from its migration, central's
edits and new terms reach the desk, and the desk's full copy keeps the shipped terms central never listed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.glossary.models import GlossaryTerm
from kiosk.glossary.seed import seed_rows
from kiosk.sync.models import SyncChange
from tests.conftest import saved
from tests.sync.conftest import at_desk


def desk_terms(desk) -> dict[str, GlossaryTerm]:
    with at_desk(desk) as session:
        terms = list(session.scalars(select(GlossaryTerm)))
        session.expunge_all()
    return {term.key: term for term in terms}


@pytest.mark.both_databases
def test_central_edits_and_new_terms_reach_the_desk_and_the_shipped_ones_stay(central, desk, sync_round):
    shipped = len(seed_rows())
    logged = select(func.count()).select_from(SyncChange).where(SyncChange.kind == "glossary_term")
    assert db.session.scalar(logged) == 0  # the migration logs nothing: every server has the shipped terms
    naspi = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.key == "naspi"))
    naspi.texts = naspi.texts | {"en": {"name": "Unemployment benefit", "text": "Changed at central. Really."}}
    saved(GlossaryTerm(key="busta-paga", term="busta paga", forms=[], texts={}))
    assert sync_round().link == "up"  # the desk's first pull: a full copy
    at_the_desk = desk_terms(desk)
    assert len(at_the_desk) == shipped + 1
    assert at_the_desk["naspi"].texts["en"]["text"] == "Changed at central. Really."
    assert at_the_desk["tirocinio"].texts == next(row for row in seed_rows() if row["key"] == "tirocinio")["texts"]
    naspi.active = False
    db.session.commit()
    sync_round()
    assert desk_terms(desk)["naspi"].active is False

