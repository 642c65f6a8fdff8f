"""Keeping a site's services and counters: create, edit, deactivate, delete, each one logged."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.audit.services import Actor
from kiosk.clock import local_day
from kiosk.i18n import LANGUAGES
from kiosk.queue.models import Counter, Service, Ticket
from kiosk.queue.to_bring import DOCUMENTS
from kiosk.references import delete_for_good, log_change, set_active, snapshot
from kiosk.validation import Checker

SERVICE_FIELDS = ("slug", "prefix", "position", "texts", "documents", "counter_numbers")
COUNTER_FIELDS = ("number", "languages", "service_slugs")
LETTER = re.compile(r"^[A-Z]$")
NAME_LONGEST, DESCRIPTION_LONGEST = 80, 400
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)


def save_service(session: Session, site_id: int, service: Service | None, values: Mapping, actor: Actor,
                 at: datetime) -> Service:
    """Create a service of a site or change one from a form's values; raise Invalid and change nothing on bad input.

    The slug is set once: offers lead to a service by it. Texts: `name-<lang>`, `description-<lang>`, Italian
    required; `documents`, `counters` (ids of the site's counters) are lists.
    """
    check = Checker({**values, "prefix": str(values.get("prefix") or "").strip().upper()})
    prefix = check.matching("prefix", 20, LETTER, _l("The letter is one of A to Z."))
    if prefix and "prefix" not in check.errors and _taken(session, Service, site_id, Service.prefix, prefix, service):
        check.errors["prefix"] = _l("Another service of this site has this letter.")
    elif prefix and "prefix" not in check.errors and _given_today(session, site_id, prefix, service, at):
        check.errors["prefix"] = _l("Numbers with this letter were given today at this site: change it tomorrow.")
    counters = {str(counter.id): counter for counter in site_counters(session, site_id)}
    changes = {"prefix": prefix, "position": check.number("position", 0, 999), "texts": _texts(check),
               "documents": check.choices("documents", list(DOCUMENTS)),
               "counters": [counters[key] for key in check.choices("counters", list(counters))]}
    if service is None:
        changes["slug"] = check.slug(longest=40)
        if changes["slug"] and "slug" not in check.errors and _taken(session, Service, site_id, Service.slug,
                                                                      changes["slug"], None):
            check.errors["slug"] = _l("This address word is taken; choose another.")
    check.done()
    return _save(session, service or Service(site_id=site_id), changes, "service", actor, at)


def save_counter(session: Session, site_id: int, counter: Counter | None, values: Mapping, actor: Actor,
                 at: datetime) -> Counter:
    """Create a counter of a site or change one from a form's values; raise Invalid and change nothing on bad input."""
    check = Checker(values)
    number = check.number("number", 1, 999)
    if number and _taken(session, Counter, site_id, Counter.number, number, counter):
        check.errors["number"] = _l("Another counter of this site has this number.")
    services = {str(service.id): service for service in site_service_list(session, site_id)}
    changes = {"number": number, "languages": check.choices("languages", LANGUAGE_CODES),
               "services": [services[key] for key in check.choices("services", list(services))]}
    if not changes["languages"] and "languages" not in check.errors:
        check.errors["languages"] = _l("Choose at least one language the staff speak.")
    check.done()
    return _save(session, counter or Counter(site_id=site_id), changes, "counter", actor, at)


def site_counters(session: Session, site_id: int) -> list[Counter]:
    """Return every counter of a site, active or not, by number."""
    return list(session.scalars(select(Counter).where(Counter.site_id == site_id).order_by(Counter.number)))


def site_service_list(session: Session, site_id: int) -> list[Service]:
    """Return every service of a site, active or not, in display order."""
    return list(session.scalars(select(Service).where(Service.site_id == site_id)
                                .order_by(Service.position, Service.prefix)))


def completeness(texts: dict, lang: str) -> str:
    """Say how far a service's text is written in a language: "complete", "partial" or "missing"."""
    text = texts.get(lang) or {}
    written = [bool(text.get("name")), bool(text.get("description"))]
    italian_has_description = bool((texts.get("it") or {}).get("description"))
    if written[0] and (written[1] or not italian_has_description):
        return "complete"
    return "partial" if any(written) else "missing"


def set_service_active(session: Session, service: Service, active: bool, actor: Actor, at: datetime) -> None:
    """Take a service off the kiosk (its tickets stay) or offer it again."""
    set_active(session, service, active, "service", label(service), actor, at)


def set_counter_active(session: Session, counter: Counter, active: bool, actor: Actor, at: datetime) -> None:
    """Take a counter out of use (nobody may sit there) or back into use."""
    set_active(session, counter, active, "counter", label(counter), actor, at)


def delete_service(session: Session, service: Service, actor: Actor, at: datetime) -> bool:
    """Delete a service that never gave a ticket; False when something refers to it."""
    return delete_for_good(session, service, "service", label(service), _audited(service, SERVICE_FIELDS), actor, at)


def delete_counter(session: Session, counter: Counter, actor: Actor, at: datetime) -> bool:
    """Delete a counter that never called a ticket; False when something refers to it."""
    return delete_for_good(session, counter, "counter", label(counter), _audited(counter, COUNTER_FIELDS), actor, at)


def label(record: Service | Counter) -> str:
    """Return how the audit log names a service or a counter: "A – Orientamento", "Sportello 2"."""
    if isinstance(record, Service):
        return f"{record.prefix} – {(record.texts.get('it') or {}).get('name', record.slug)}"
    return f"Sportello {record.number}"


def _texts(check: Checker) -> dict:
    texts = {}
    for code in LANGUAGE_CODES:
        name = check.text(f"name-{code}", NAME_LONGEST, required=code == "it")
        description = check.text(f"description-{code}", DESCRIPTION_LONGEST, required=False)
        if name or description:
            texts[code] = {"name": name, "description": description}
    return texts


def _given_today(session: Session, site_id: int, prefix: str, service: Service | None, at: datetime) -> bool:
    """Tell whether another service gave numbers with this letter today: its codes (B017) would be given twice."""
    query = select(func.count()).select_from(Ticket).where(
        Ticket.site_id == site_id, Ticket.day == local_day(at), Ticket.prefix == prefix)
    if service is not None:
        query = query.where(Ticket.service_id != service.id)
    return bool(session.scalar(query))


def _taken(session: Session, model, site_id: int, column, value, record) -> bool:
    query = select(func.count()).select_from(model).where(model.site_id == site_id, column == value)
    if record is not None:
        query = query.where(model.id != record.id)
    return bool(session.scalar(query))


def _save(session: Session, record, changes: dict, kind: str, actor: Actor, at: datetime):
    fields = SERVICE_FIELDS if kind == "service" else COUNTER_FIELDS
    before = _audited(record, fields) if record.id is not None else None
    for name, value in changes.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    log_change(session, record, kind, label(record), before, _audited(record, fields), actor, at)
    return record


def _audited(record, fields: tuple[str, ...]) -> dict:
    """Return a service's or counter's fields for the log, naming linked records by number or slug, not by id."""
    plain = snapshot(record, tuple(f for f in fields if f not in ("counter_numbers", "service_slugs")))
    if "counter_numbers" in fields:
        plain["counters"] = sorted(counter.number for counter in record.counters)
    if "service_slugs" in fields:
        plain["services"] = sorted(service.slug for service in record.services)
    return plain
