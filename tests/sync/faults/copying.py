"""Copy central's catalogue into a desk with plain SQL, bypassing the sync: a known-good desk for checking the
checker, and the baseline a pull's speed is measured against."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from kiosk.extensions import db
from kiosk.sync.models import DeskSync
from tests.sync.faults.converge import CATALOGUE, latest_revision


def copy_catalogue(central_url_db: str, desk_db_path: Path | str) -> int:
    """Replace the desk's catalogue with central's rows, set its cursor to central's latest revision; return rows."""
    tables = [table for table in db.metadata.sorted_tables if table.name in CATALOGUE]
    central_engine = sa.create_engine(central_url_db)
    desk_engine = sa.create_engine(f"sqlite:///{desk_db_path}")
    copied = 0
    try:
        with central_engine.connect() as central, desk_engine.begin() as desk:
            for table in reversed(tables):
                desk.execute(table.delete())
            for table in tables:
                rows = [dict(row) for row in central.execute(sa.select(table)).mappings()]
                if rows:
                    desk.execute(table.insert(), rows)
                copied += len(rows)
            latest = latest_revision(central)
            desk.execute(sa.delete(DeskSync))
            desk.execute(sa.insert(DeskSync).values(id=1, revision=latest, schema="", pushed_through=0, link="up",
                                                    last_error=""))
    finally:
        central_engine.dispose()
        desk_engine.dispose()
    return copied
