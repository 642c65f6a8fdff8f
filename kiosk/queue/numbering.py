"""Ticket numbers: 1, 2, 3… per site, service and local day, never duplicated or skipped.

The number comes from one atomic statement — insert the day's first number, or add one to the last —
so concurrent issues serialise in the database, not in a process's memory.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.queue.models import DayNumber


def take_number(session: Session, site_id: int, service_id: int, day: date) -> int:
    """Return the next number of the day for a site and service (in the caller's transaction)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(DayNumber)
        .values(site_id=site_id, service_id=service_id, day=day, last=1)
        .on_conflict_do_update(
            index_elements=[DayNumber.site_id, DayNumber.service_id, DayNumber.day],
            set_={"last": DayNumber.last + 1},
        )
        .returning(DayNumber.last)
    )
    return session.execute(statement).scalar_one()
