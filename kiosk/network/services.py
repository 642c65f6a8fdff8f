"""Reading the network's sites and organisations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.network.models import Organisation, Site


def get_site(session: Session, slug: str) -> Site | None:
    """Return a site by its slug."""
    return session.scalar(select(Site).where(Site.slug == slug))


def list_sites(session: Session) -> list[Site]:
    """Return every site of the network, by name."""
    return list(session.scalars(select(Site).order_by(Site.name)))


def organisation_is_active(session: Session, organisation_id: int | None) -> bool:
    """Tell whether an organisation may get new offers and new accounts: it exists and was not deactivated."""
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    return organisation is not None and organisation.active


def active_organisations(session: Session) -> list[Organisation]:
    """Return the organisations that may get new offers and accounts, by name."""
    return list(session.scalars(select(Organisation).where(Organisation.active.is_(True))
                                .order_by(Organisation.name)))


def opening_hours(site: Site, locale) -> list[tuple[str, str]]:
    """Return a site's opening hours as (weekday, times) lines in a locale, Monday first."""
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=locale)
    by_day: dict[int, list[str]] = {}
    for slot in site.opening_hours or []:
        for day in slot["days"]:
            by_day.setdefault(day, []).append(f"{slot['opens']}–{slot['closes']}")
    return [(names[day], ", ".join(sorted(times))) for day, times in sorted(by_day.items())]
