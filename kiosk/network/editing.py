"""Keeping the network's sites and partner organisations: create, edit, deactivate, delete, each one logged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor
from kiosk.network.models import Organisation, Site
from kiosk.network.week import parse_week
from kiosk.references import delete_for_good, log_change, set_active, snapshot
from kiosk.validation import EMAIL, PHONE, POSTCODE, WEBSITE, Checker

SITE_FIELDS = ("slug", "name", "town", "address", "postcode", "phone", "email", "opening_hours")
ORGANISATION_FIELDS = ("slug", "name", "kind", "town", "website")
ORGANISATION_KINDS = {
    "municipality": _l("Municipality"),
    "school": _l("School"),
    "union": _l("Trade union"),
    "training": _l("Training body"),
    "cooperative": _l("Cooperative"),
    "agency": _l("Employment agency"),
}


def save_site(session: Session, site: Site | None, values: Mapping, actor: Actor, at: datetime) -> Site:
    """Create a site (no `site`) or change one from a form's values; raise Invalid and change nothing on bad input.

    The slug is set once: the displays' addresses and each desk's KIOSK_SITE name it.
    """
    check = Checker(values)
    changes = {
        "name": check.text("name", 120), "town": check.text("town", 80), "address": check.text("address", 200),
        "postcode": check.matching("postcode", 5, POSTCODE, _l("An Italian postcode has five digits, e.g. 19121.")),
        "phone": check.matching("phone", 40, PHONE, _l("Write a telephone number with digits, e.g. 0187 123456."),
                                required=False),
        "email": check.matching("email", 120, EMAIL, _l("Write an e-mail address, e.g. desk@example.it."),
                                required=False),
    }
    changes["opening_hours"], hour_errors = parse_week(values)
    check.errors |= hour_errors
    if site is None:
        changes["slug"] = _unique_slug(session, Site, check)
    check.done()
    return _save(session, site or Site(), changes, "site", SITE_FIELDS, actor, at)


def save_organisation(session: Session, organisation: Organisation | None, values: Mapping, actor: Actor,
                      at: datetime) -> Organisation:
    """Create an organisation or change one from a form's values; raise Invalid and change nothing on bad input."""
    check = Checker(values)
    changes = {
        "name": check.text("name", 160), "kind": check.choice("kind", ORGANISATION_KINDS),
        "town": check.text("town", 80, required=False),
        "website": check.matching("website", 200, WEBSITE, _l("Write the whole address, e.g. https://example.it."),
                                  required=False),
    }
    if organisation is None:
        changes["slug"] = _unique_slug(session, Organisation, check)
    check.done()
    return _save(session, organisation or Organisation(), changes, "organisation", ORGANISATION_FIELDS, actor, at)


def set_site_active(session: Session, site: Site, active: bool, actor: Actor, at: datetime) -> None:
    """Close a site for good (its kiosk and display say so) or open it again."""
    set_active(session, site, active, "site", site.name, actor, at)


def set_organisation_active(session: Session, organisation: Organisation, active: bool, actor: Actor,
                            at: datetime) -> None:
    """Stop an organisation's new offers and accounts, or allow them again."""
    set_active(session, organisation, active, "organisation", organisation.name, actor, at)


def delete_site(session: Session, site: Site, actor: Actor, at: datetime) -> bool:
    """Delete a site nothing refers to (no services, counters, tickets, accounts); False when something does."""
    return delete_for_good(session, site, "site", site.name, snapshot(site, SITE_FIELDS), actor, at)


def delete_organisation(session: Session, organisation: Organisation, actor: Actor, at: datetime) -> bool:
    """Delete an organisation nothing refers to (no offers, accounts); False when something does."""
    was = snapshot(organisation, ORGANISATION_FIELDS)
    return delete_for_good(session, organisation, "organisation", organisation.name, was, actor, at)


def _unique_slug(session: Session, model, check: Checker) -> str:
    slug = check.slug()
    if slug and "slug" not in check.errors and session.scalar(
            select(func.count()).select_from(model).where(model.slug == slug)):
        check.errors["slug"] = _l("This address word is taken; choose another.")
    return slug


def _save(session: Session, record, changes: dict, kind: str, fields: tuple[str, ...], actor: Actor, at: datetime):
    before = snapshot(record, fields) if record.id is not None else None
    for name, value in changes.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    log_change(session, record, kind, record.name, before, snapshot(record, fields), actor, at)
    return record
