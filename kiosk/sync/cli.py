"""`flask --app wsgi kiosk desk-token ...`: the desks' sync tokens from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.sync import tokens

CLI = Actor("cli")
desk_token_cli = AppGroup("desk-token", help="Desks' tokens for syncing with this central server.")


@desk_token_cli.command("make")
@click.argument("site_slug")
def make_command(site_slug: str) -> None:
    """Make a token for a site's desk and print it, once."""
    site = db.session.scalar(select(Site).where(Site.slug == site_slug))
    if site is None:
        raise click.ClickException(f"There is no site {site_slug!r}.")
    token, secret = tokens.make_token(db.session, site, CLI, clock.now())
    db.session.commit()
    click.echo(f"Token {token.prefix}… for {site.slug} (shown only now; set it as KIOSK_SYNC_TOKEN on the desk):")
    click.echo(secret)


@desk_token_cli.command("revoke")
@click.argument("prefix")
def revoke_command(prefix: str) -> None:
    """Revoke a token, named by its prefix, for good."""
    token = tokens.by_prefix(db.session, prefix)
    if token is None:
        raise click.ClickException(f"There is no token {prefix!r}.")
    if not tokens.revoke_token(db.session, token, CLI, clock.now()):
        raise click.ClickException(f"The token {token.prefix}… was revoked already.")
    db.session.commit()
    click.echo(f"Token {token.prefix}… of {token.site.slug} is revoked.")


@desk_token_cli.command("list")
def list_command() -> None:
    """List the tokens: prefix, site, when made, last used, revoked."""
    for token in tokens.list_tokens(db.session):
        used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never used"
        state = f"revoked {token.revoked_at.isoformat(timespec='seconds')}" if token.revoked_at else "live"
        click.echo(f"{token.prefix}…  {token.site.slug}  made {token.created_at.isoformat(timespec='seconds')}  "
                   f"{used}  {state}")


@click.command("sync")
@click.option("--once", is_flag=True, help="Run one round and stop (exit status 1 when the link failed).")
def sync_command(once: bool) -> None:
    """Run this desk's sync loop with central: pull the catalogue, push the events."""
    from flask import current_app

    from kiosk.sync import loop

    app = current_app._get_current_object()
    if app.config["KIOSK_ROLE"] != "desk":
        raise click.ClickException("Only a desk syncs: set KIOSK_ROLE=desk, KIOSK_CENTRAL_URL and KIOSK_SYNC_TOKEN.")
    try:
        if once:
            with loop.single_loop(loop.lock_path(app)):
                client = loop.client_for(app)
                try:
                    outcome = loop.sync_once(db.session, client)
                finally:
                    client.close()
            click.echo(f"link {outcome.link}" + (f": {outcome.error}" if outcome.error else ""))
            if outcome.link != "up":
                raise SystemExit(1)
        else:
            loop.run(app)
    except loop.AlreadyRunning as error:
        raise click.ClickException(str(error)) from None
