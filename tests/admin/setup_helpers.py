"""What the set-up tests share: the audit entries written, and a site form's values."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.audit.models import AuditEntry
from kiosk.extensions import db


def audit(action: str) -> list[AuditEntry]:
    """Return the audit entries of one action, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def site_form(**values) -> dict:
    """Return a valid new site's form, Monday to Friday 09:00–12:30 and Tuesday 14:30–16:30 too, changed by `values`."""
    form = {"slug": "vezzano-ligure", "name": "InfoLavoro Vezzano", "town": "Vezzano Ligure",
            "address": "Piazza San Sebastiano 2", "postcode": "19020", "phone": "0187 993311",
            "email": "vezzano@example.it"}
    for day in range(5):
        form |= {f"hours-{day}-0-opens": "09:00", f"hours-{day}-0-closes": "12:30"}
    form |= {"hours-1-1-opens": "14:30", "hours-1-1-closes": "16:30"}
    return form | values
