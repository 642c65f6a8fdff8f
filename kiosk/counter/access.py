"""Who may work at which counters: receptionists at their own desk's, admins at any desk's."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.network import services as network
from kiosk.network.models import Site
from kiosk.queue.models import Counter
from kiosk.staff.models import User

COUNTER_ROLES = ("admin", "receptionist")


class Refused(Exception):
    """This user may not work here; `reason` is "role" or "site"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def site_to_work_at(session: Session, user: User, requested: str | None, default: str) -> Site | None:
    """Return the site whose counters a user may choose from: a receptionist's own, or the one an admin asks for.

    Raise Refused for a role that does not work at counters, or a receptionist asking for another desk;
    return None when the site asked for does not exist.
    """
    if user.role not in COUNTER_ROLES:
        raise Refused("role")
    if user.role == "receptionist":
        own = session.get(Site, user.site_id)
        if requested and (own is None or requested != own.slug):
            raise Refused("site")
        return own
    return network.get_site(session, requested or default)


def check_counter(user: User, counter: Counter) -> None:
    """Raise Refused unless the user may work at this counter."""
    if user.role not in COUNTER_ROLES:
        raise Refused("role")
    if user.role == "receptionist" and user.site_id != counter.site_id:
        raise Refused("site")
