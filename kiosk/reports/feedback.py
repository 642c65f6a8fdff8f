"""Visitors' ratings counted per desk and service, and the reasons given, over a period's local days."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from kiosk.feedback.models import FACES, REASONS, Rating
from kiosk.reports.period import Period, Scope
from kiosk.reports.queue import service_ids


@dataclass(frozen=True)
class Ratings:
    """Ratings per (site slug, service id) and per reason, each as {face: count}, and the totals per face."""

    by_service: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict)
    by_reason: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.totals.values())


def ratings(session: Session, scope: Scope, period: Period) -> Ratings:
    """Count the ratings of the visits of a period at a scope's desks and service, per face and per reason."""
    conditions = [Rating.day >= period.first, Rating.day <= period.last]
    if scope.sites:
        conditions.append(Rating.site.in_(scope.sites))
    ids = service_ids(session, scope)
    if ids is not None:
        conditions.append(Rating.service_id.in_(ids) if ids else false())
    counted = session.execute(select(Rating.site, Rating.service_id, Rating.face, Rating.reason, func.count())
                              .where(*conditions)
                              .group_by(Rating.site, Rating.service_id, Rating.face, Rating.reason)).all()
    by_service: dict[tuple[str, int], Counter] = {}
    by_reason: dict[str, Counter] = {}
    totals: Counter = Counter()
    for site, service_id, face, reason, count in counted:
        by_service.setdefault((site, service_id), Counter())[face] += count
        if reason:
            by_reason.setdefault(reason, Counter())[face] += count
        totals[face] += count
    return Ratings({key: _faces(by_service[key]) for key in sorted(by_service)},
                   {reason: _faces(by_reason[reason]) for reason in REASONS if reason in by_reason},
                   _faces(totals))


def _faces(counts: Counter) -> dict[str, int]:
    return {face: counts[face] for face in FACES}
