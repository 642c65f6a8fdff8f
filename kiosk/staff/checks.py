"""The desk and central roles do not serve while the demo's accounts (with their published passwords) exist."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from kiosk.config import ConfigError
from kiosk.extensions import db
from kiosk.staff import services


def refuse_demo_accounts(app: Flask) -> None:
    """Raise ConfigError when a production role would serve with demo accounts in its database."""
    role = app.config["KIOSK_ROLE"]
    if role == "standalone":
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
