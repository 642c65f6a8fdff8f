"""Reading the audit log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import request
from flask_babel import lazy_gettext as _l

from kiosk import clock
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, allow
from kiosk.audit import services as audit_services
from kiosk.extensions import db
from kiosk.htmx import render
from kiosk.ids import parse_id
from kiosk.staff.accounts import list_accounts

PAGE_SIZE = 50
# What the log's actions mean to a reader, and the choices of the "What" filter: a section that records new
# actions adds them here. An action without a label shows as recorded (and ?action= still filters on it).
ACTION_LABELS = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Sign-in refused"),
    "sign_out": _l("Signed out"),
    "password.change": _l("Changed their own password"),
    "account.create": _l("Account created"),
    "account.update": _l("Account changed"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.password_reset": _l("Password reset"),
    "account.delete": _l("Account deleted"),
    "offer.create": _l("Offer created"),
    "offer.update": _l("Offer changed"),
    "offer.published": _l("Offer published"),
    "offer.withdrawn": _l("Offer withdrawn"),
    "offer.archived": _l("Offer archived"),
    "offer.draft": _l("Offer back to draft"),
    "offer.duplicate": _l("Offer copied"),
    "offer.delete": _l("Offer deleted"),
    "offer.import": _l("Offers imported"),
    "api_key.create": _l("API key made"),
    "api_key.revoke": _l("API key revoked"),
    "desk_token.create": _l("Desk token made"),
    "desk_token.revoke": _l("Desk token revoked"),
    "terminal.create": _l("Terminal registered"),
    "terminal.update": _l("Terminal changed"),
    "terminal.enrolment_link": _l("Enrolment link made"),
    "terminal.enrol": _l("Terminal enrolled"),
    "terminal.revoke": _l("Terminal revoked"),
    "site.create": _l("Site created"),
    "site.update": _l("Site changed"),
    "site.deactivate": _l("Site deactivated"),
    "site.reactivate": _l("Site reactivated"),
    "site.delete": _l("Site deleted"),
    "closure.create": _l("Closure added"),
    "closure.delete": _l("Closure removed"),
    "service.create": _l("Service created"),
    "service.update": _l("Service changed"),
    "service.deactivate": _l("Service deactivated"),
    "service.reactivate": _l("Service reactivated"),
    "service.delete": _l("Service deleted"),
    "counter.create": _l("Counter created"),
    "counter.update": _l("Counter changed"),
    "counter.deactivate": _l("Counter deactivated"),
    "counter.reactivate": _l("Counter reactivated"),
    "counter.delete": _l("Counter deleted"),
    "organisation.create": _l("Organisation created"),
    "organisation.update": _l("Organisation changed"),
    "organisation.deactivate": _l("Organisation deactivated"),
    "organisation.reactivate": _l("Organisation reactivated"),
    "organisation.delete": _l("Organisation deleted"),
    "glossary_term.create": _l("Glossary word added"),
    "glossary_term.update": _l("Glossary word changed"),
    "glossary_term.deactivate": _l("Glossary word deactivated"),
    "glossary_term.reactivate": _l("Glossary word reactivated"),
}
KIND_LABELS = {"user": _l("Account"), "offer": _l("Offer"), "site": _l("Site"), "service": _l("Service"),
               "counter": _l("Counter"), "organisation": _l("Organisation"), "api_key": _l("API key"),
               "terminal": _l("Terminal"), "closure": _l("Closure"), "desk_token": _l("Desk token"),
               "glossary_term": _l("Glossary word")}


@bp.app_template_global()
def audit_action_label(action: str) -> str:
    """Return what an audit log action means, in the page's language."""
    return str(ACTION_LABELS.get(action, action))


@bp.app_template_global()
def kind_label(kind: str) -> str:
    """Return the name of a kind of record in the audit log, in the page's language."""
    return str(KIND_LABELS.get(kind, kind))


@bp.get("/audit")
@allow(ADMIN)
def audit():
    """Show the audit log, newest first, filtered by who, what, kind of record and dates, a page at a time."""
    filters, errors = _filters()
    page = audit_services.search(db.session, filters, before=parse_id(request.args.get("before")),
                        after=parse_id(request.args.get("after")), size=PAGE_SIZE)
    kinds = [(kind, kind_label(kind)) for kind in audit_services.kinds(db.session)]
    return render("admin/audit/log.html", block="audit_log", page=page, filters=filters, errors=errors,
                  actions=[(action, str(label)) for action, label in ACTION_LABELS.items()], kinds=kinds,
                  people=[account.user.username for account in list_accounts(db.session)],
                  args={key: request.args.get(key, "") for key in ("actor", "action", "kind", "from", "to")},
                  status=400 if errors else 200)


def _filters() -> tuple[audit_services.Filters, dict[str, str]]:
    """Read the filters from the address; a date that is not one is left out and said so."""
    errors = {}
    since, until = _day("from", errors), _day("to", errors)
    if since and until and until < since:
        errors["to"] = str(_l("The end date is before the start date."))
        until = None
    return audit_services.Filters(actor=request.args.get("actor", "").strip()[:120],
                         action=request.args.get("action", "")[:40], target_kind=request.args.get("kind", "")[:20],
                         since=_start_of(since), until=_start_of(until + timedelta(days=1)) if until else None), errors


def _day(name: str, errors: dict) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2999:  # the log holds nothing older, and far years overflow
        errors[name] = str(_l("This is not a date: write it as 2026-03-31."))
        return None
    return day


def _start_of(day: date | None) -> datetime | None:
    """Return midnight at the desks (Europe/Rome) at the start of a day."""
    return datetime.combine(day, time(), clock.LOCAL_ZONE) if day else None
