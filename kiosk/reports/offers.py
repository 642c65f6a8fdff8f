"""How the offers were used, read from the usage event log: viewed, printed, opened on a phone, by kind and language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from kiosk.offers.models import Offer
from kiosk.reports.period import Period, Scope
from kiosk.types import UTCDateTime
from kiosk.usage.models import EVENT_KINDS, UsageEvent

UNKNOWN_KIND = ""  # an offer deleted since: the log outlives it


@dataclass(frozen=True)
class OfferUse:
    """Usage events counted per usage kind, crossed with the offer's kind or the language of the screen."""

    by_offer_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # offer kind: {usage kind: count}
    by_language: dict[str, dict[str, int]] = field(default_factory=dict)  # language: {usage kind: count}
    totals: dict[str, int] = field(default_factory=dict)  # usage kind: count


def offer_use(session: Session, scope: Scope, period: Period) -> OfferUse:
    """Count the offers' views, prints, phone openings and sheet downloads of a scope's desks in a period."""
    start, end = period.bounds()
    conditions = [UsageEvent.created_at >= literal(start, UTCDateTime()),
                  UsageEvent.created_at < literal(end, UTCDateTime())]
    if scope.sites:
        conditions.append(UsageEvent.site.in_(scope.sites))
    # Counted from the index alone, then each offer's kind looked up once: cheaper than a join on every event.
    counted = session.execute(select(UsageEvent.kind, UsageEvent.offer_id, UsageEvent.lang, func.count())
                              .where(*conditions).group_by(UsageEvent.kind, UsageEvent.offer_id, UsageEvent.lang))
    counted = counted.all()
    kinds = _offer_kinds(session, {offer_id for _use, offer_id, _lang, _count in counted})
    by_kind: dict[str, Counter] = {}
    by_language: dict[str, Counter] = {}
    totals: Counter = Counter()
    for use, offer_id, lang, count in counted:
        by_kind.setdefault(kinds.get(offer_id, UNKNOWN_KIND), Counter())[use] += count
        by_language.setdefault(lang, Counter())[use] += count
        totals[use] += count
    order = sorted(by_language, key=lambda lang: -sum(by_language[lang].values()))
    return OfferUse({kind: _all_kinds(by_kind[kind]) for kind in sorted(by_kind)},
                    {lang: _all_kinds(by_language[lang]) for lang in order}, _all_kinds(totals))


def _offer_kinds(session: Session, ids: set[int]) -> dict[int, str]:
    ordered, kinds = sorted(ids), {}
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        kinds.update(session.execute(select(Offer.id, Offer.kind).where(Offer.id.in_(chunk))).all())
    return kinds


def _all_kinds(counts: Counter) -> dict[str, int]:
    return {kind: counts[kind] for kind in EVENT_KINDS}
