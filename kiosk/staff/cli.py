"""`flask --app wsgi kiosk user ...`: staff accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from kiosk import clock
from kiosk.audit.services import Actor
from kiosk.extensions import db
from kiosk.network.models import Organisation, Site
from kiosk.staff import accounts, services
from kiosk.staff.models import ROLES, User

DEMO_ACCOUNTS = (
    # user name, password, role, site slug, organisation slug — printed in the README, for the demo only
    ("admin", "admin-demo-2026", "admin", None, None),
    ("editor", "editor-demo-2026", "editor", None, "tempor"),
    ("reception", "reception-demo-2026", "receptionist", "la-spezia", None),
)

CLI = Actor("cli")  # who the audit log says made a change from the command line
user_cli = AppGroup("user", help="Staff accounts.")


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--site", "site_slug", help="the receptionist's site (slug)")
@click.option("--organisation", "organisation_slug", help="the editor's organisation (slug)")
@click.password_option(help="asked for when not given")
def create_command(username: str, role: str, site_slug: str | None, organisation_slug: str | None,
                   password: str) -> None:
    """Create a staff account."""
    try:
        user = _create(username, password, role, site_slug, organisation_slug)
    except services.AccountError as error:
        raise click.ClickException(_english(error)) from None
    accounts.record_created(db.session, CLI, clock.now(), user)
    db.session.commit()
    click.echo(f"Created {role} {username}.")


@user_cli.command("password")
@click.argument("username")
@click.password_option(help="asked for when not given")
def password_command(username: str, password: str) -> None:
    """Give a staff account a new password; the sessions opened with the old one end."""
    user = _user(username)
    try:
        accounts.reset_password(db.session, CLI, clock.now(), user, password)
    except services.AccountError as error:
        raise click.ClickException(_english(error)) from None
    db.session.commit()
    click.echo(f"New password for {username}; their open sessions have ended.")


@user_cli.command("delete")
@click.argument("username")
def delete_command(username: str) -> None:
    """Delete a staff account."""
    user = _user(username)
    accounts.record_deleted(db.session, CLI, clock.now(), user)
    db.session.delete(user)
    db.session.commit()
    click.echo(f"Deleted {username}.")


def _english(error: Exception) -> str:
    """Return an error's message in English, as the rest of the command line speaks."""
    with force_locale("en"):
        return str(error)


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"there is no user {username!r}")
    return user


def _find(model, slug: str):
    found = db.session.scalar(select(model).where(model.slug == slug))
    if found is None:
        raise click.ClickException(f"there is no {model.__tablename__} {slug!r}")
    return found


def _create(username: str, password: str, role: str, site_slug: str | None, organisation_slug: str | None,
            demo: bool = False) -> User:
    """Create an account at the site and for the organisation named by their slugs."""
    site = _find(Site, site_slug) if site_slug else None
    organisation = _find(Organisation, organisation_slug) if organisation_slug else None
    return services.create_user(db.session, username, password, role, site_id=site.id if site else None,
                                organisation_id=organisation.id if organisation else None, demo=demo)


def create_demo_accounts() -> int:
    """Create the demo's accounts that are missing; return how many were made."""
    made = 0
    for username, password, role, site_slug, organisation_slug in DEMO_ACCOUNTS:
        if db.session.scalar(select(User).where(User.username == username)):
            continue
        _create(username, password, role, site_slug, organisation_slug, demo=True)
        made += 1
    return made
