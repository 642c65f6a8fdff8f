"""GET /healthz: the role, the site and the database, for monitoring and load balancers; on a desk, its sync link."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kiosk.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 with the role, site and database kind; 503 when the database does not answer.

    A desk adds its link to central (`sync`): a link that is down, refused or stopped by a newer schema at central
    still answers 200, since the desk goes on serving from its own database.
    """
    body = {
        "role": current_app.config["KIOSK_ROLE"],
        "site": current_app.config["KIOSK_SITE"],
        "database": db.engine.dialect.name,
    }
    try:
        db.session.execute(text("SELECT 1"))
        if body["role"] == "desk":
            from kiosk.sync.status import link_status

            body["sync"] = link_status(db.session).as_json()
    except SQLAlchemyError:
        return jsonify(status="unavailable", **body), 503
    return jsonify(status="ok", **body)
