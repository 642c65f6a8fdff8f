"""`flask kiosk reports`: fold the event log for the reports now, or fold it again from the start."""

from __future__ import annotations

import click
from sqlalchemy import delete, update

from kiosk.extensions import db
from kiosk.reports.fold import fold
from kiosk.reports.models import FoldCursor, TicketFigures


@click.command("reports")
@click.option("--again", is_flag=True, help="Forget the folded figures and fold the whole event log again.")
def reports_command(again: bool) -> None:
    """Fold the ticket event log into the reports' figures (each report also does it for what is new)."""
    if again:
        db.session.execute(delete(TicketFigures))
        db.session.execute(update(FoldCursor).values(last_event_id=0))
    read = fold(db.session)
    db.session.commit()
    click.echo(f"{read} ticket events folded into the reports' figures.")
