"""The reports' filter: which desk, which service and which period, read from the query string and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.network.models import Site
from kiosk.queue.models import Service
from kiosk.queue.services import service_text
from kiosk.reports.period import PRESETS, Period, Scope, preset

CUSTOM = "custom"
PERIOD_LABELS = {"last_month": _l("Last month"), "this_month": _l("This month"),
                 "last_7_days": _l("The last 7 days"), "this_year": _l("This year"),
                 CUSTOM: _l("Dates of my choice")}
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass
class Choice:
    """What the filter asked for, the options it offers, and what was wrong with it (field: message)."""

    site: str = ""
    service: str = ""
    period_name: str = "last_month"
    first_text: str = ""
    last_text: str = ""
    site_options: list[tuple[str, str]] = field(default_factory=list)
    service_options: list[tuple[str, str]] = field(default_factory=list)
    errors: dict[str, object] = field(default_factory=dict)
    scope: Scope | None = None
    period: Period | None = None

    @property
    def period_options(self) -> list[tuple[str, object]]:
        return list(PERIOD_LABELS.items())

    @property
    def query(self) -> dict[str, str]:
        """Return the choice as query parameters, for the CSV and PDF links."""
        values = {"site": self.site, "service": self.service, "period": self.period_name}
        if self.period_name == CUSTOM:
            values |= {"from": self.first_text, "to": self.last_text}
        return {key: value for key, value in values.items() if value}

    @property
    def site_name(self) -> str | None:
        return dict(self.site_options).get(self.site)

    @property
    def service_label(self) -> str | None:
        return dict(self.service_options).get(self.service)


def read_choice(session: Session, args, today: date, lang: str) -> Choice:
    """Read and check the filter from query parameters; on a mistake, `errors` says what and `period` is None."""
    choice = Choice(site=str(args.get("site", ""))[:64], service=str(args.get("service", ""))[:40],
                    period_name=str(args.get("period", "last_month"))[:20],
                    first_text=str(args.get("from", ""))[:10], last_text=str(args.get("to", ""))[:10])
    choice.site_options = [(s.slug, s.name) for s in session.scalars(select(Site).order_by(Site.name))]
    choice.service_options = _services(session, lang)
    if choice.site and choice.site not in dict(choice.site_options):
        choice.errors["site"] = _l("Choose a desk from the list.")
    if choice.service and choice.service not in dict(choice.service_options):
        choice.errors["service"] = _l("Choose a service from the list.")
    period = _period(choice, today)
    if choice.errors:
        return choice
    choice.scope = Scope((choice.site,) if choice.site else (), choice.service or None)
    choice.period = period
    return choice


def _period(choice: Choice, today: date) -> Period | None:
    if choice.period_name in PRESETS:
        period = preset(choice.period_name, today)
        choice.first_text, choice.last_text = period.first.isoformat(), period.last.isoformat()
        return period
    if choice.period_name != CUSTOM:
        choice.errors["period"] = _l("Choose a period from the list.")
        return None
    first, last = _date(choice.first_text), _date(choice.last_text)
    if first is None:
        choice.errors["from"] = _l("Give the first day as a date, e.g. 2026-11-01.")
    if last is None:
        choice.errors["to"] = _l("Give the last day as a date, e.g. 2026-11-30.")
    if first is None or last is None:
        return None
    if first > last:
        choice.errors["to"] = _l("The last day comes before the first.")
        return None
    period = Period(first, last)
    if period.too_long:
        choice.errors["to"] = _l("Choose a period of three years at most.")
        return None
    return period


def _date(text: str) -> date | None:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if EARLIEST <= value <= LATEST else None


def _services(session: Session, lang: str) -> list[tuple[str, str]]:
    """Return each service slug once (desks share them) with its name in a language, in the desks' order."""
    names: dict[str, str] = {}
    for service in session.scalars(select(Service).order_by(Service.position, Service.slug)):
        names.setdefault(service.slug, service_text(service, lang)["name"])
    return list(names.items())
