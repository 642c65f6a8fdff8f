"""`flask --app wsgi kiosk ...`: the desk's own commands (`create_app` adds the features' own: sheets, user)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import text

from kiosk.extensions import db

DEMO_TICKETS_PER_DAY = 45  # at a desk, on a weekday of the demo's history

kiosk_cli = AppGroup("kiosk", help="InfoLavoro kiosk commands.")


@kiosk_cli.command("demo")
@click.option("--offers", "synthetic", type=click.IntRange(min=0), default=0,
              help="Also add this many synthetic offers, for load tests and benchmarks.")
def demo_command(synthetic: int) -> None:
    """Load the demo network and offers (again, harmlessly), and optionally N synthetic offers."""
    from kiosk import clock
    from kiosk.demo import history, loader, simulation
    from kiosk.demo.queue_loader import load_queue
    from kiosk.network.models import Site
    from kiosk.reports.fold import fold
    from kiosk.staff.cli import create_demo_accounts

    loaded = loader.load_demo(db.session)
    load_queue(db.session)
    create_demo_accounts()
    added = loader.add_synthetic_offers(db.session, synthetic) if synthetic else 0
    db.session.commit()
    # Three months of the desks' history before yesterday, once, so the reports have figures to show.
    today = clock.today()
    past = 0 if history.has_history(db.session, today - timedelta(days=1)) else history.load_history(
        db.session, today - timedelta(days=92), today - timedelta(days=2), DEMO_TICKETS_PER_DAY)
    fold(db.session)  # the reports' figures, ready before the first report is asked for
    db.session.commit()
    # Yesterday's simulated morning at each desk: the estimated waits start from observed service times.
    simulated = sum(simulation.load_yesterday(db.session, site, clock.today()) for site in db.session.scalars(
        db.select(Site).order_by(Site.slug)))
    # Fresh statistics, so the query planner picks the covering indexes for the new rows.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    click.echo(f"Demo data: {loaded} offers from the demo set, {added} synthetic offers added, "
               f"{simulated} tickets of yesterday's simulated morning, {past} tickets of the months before.")


@kiosk_cli.command("reindex")
def reindex_command() -> None:
    """Write the search index again, stems and vocabulary, for every offer (after installing or upgrading a stemmer)."""
    from kiosk.offers import search, stemming

    count = search.reindex_all(db.session)
    db.session.commit()
    click.echo(f"Search index written again for {count} offers ({stemming.name()}).")
