"""The desk and central roles do not serve while the demo's accounts (with their published passwords) exist."""

from __future__ import annotations

from urllib.parse import urlsplit

import click
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from kiosk.config import ConfigError
from kiosk.extensions import db
from kiosk.staff import services

SERVING_COMMANDS = ("run",)  # `flask run` serves; every other `flask` command is administration


def serving() -> bool:
    """Tell whether the app is being loaded to serve requests: by a WSGI server, or by `flask run`."""
    context = click.get_current_context(silent=True)
    return context is None or context.info_name in SERVING_COMMANDS


def demo_network(config) -> bool:
    """Tell whether this is the network demo on one machine: asked for, and every address on the loopback."""
    if not config.get("KIOSK_DEMO_NETWORK"):
        return False
    addresses = [config.get("KIOSK_PUBLIC_URL", ""), config.get("KIOSK_CENTRAL_URL", "")]
    return all(_loopback(address) for address in addresses if address) and bool(config.get("KIOSK_PUBLIC_URL"))


def _loopback(address: str) -> bool:
    return urlsplit(address).hostname in ("127.0.0.1", "localhost", "::1")


def refuse_demo_accounts(app: Flask) -> None:
    """Raise ConfigError when a production role would serve with demo accounts in its database."""
    role = app.config["KIOSK_ROLE"]
    if role == "standalone" or demo_network(app.config):
        return
    with app.app_context():
        try:
            names = services.demo_accounts(db.session)
        except SQLAlchemyError:  # not migrated yet: there is nothing to refuse
            names = []
        finally:
            db.session.remove()
    if names:
        raise ConfigError(
            f"KIOSK_ROLE={role} will not serve while demo accounts exist ({', '.join(names)}): "
            "remove them with `flask --app wsgi kiosk user delete NAME`"
        )
