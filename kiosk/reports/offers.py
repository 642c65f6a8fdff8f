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
    query = (select(UsageEvent.kind, Offer.kind, UsageEvent.lang, func.count())
             .select_from(UsageEvent).outerjoin(Offer, Offer.id == UsageEvent.offer_id)
             .where(*conditions).group_by(UsageEvent.kind, Offer.kind, UsageEvent.lang))
    by_kind: dict[str, Counter] = {}
    by_language: dict[str, Counter] = {}
    totals: Counter = Counter()
    for use, offer_kind, lang, count in session.execute(query):
        by_kind.setdefault(offer_kind or UNKNOWN_KIND, Counter())[use] += count
        by_language.setdefault(lang, Counter())[use] += count
        totals[use] += count
    order = sorted(by_language, key=lambda lang: -sum(by_language[lang].values()))
    return OfferUse({kind: _all_kinds(by_kind[kind]) for kind in sorted(by_kind)},
                    {lang: _all_kinds(by_language[lang]) for lang in order}, _all_kinds(totals))


def _all_kinds(counts: Counter) -> dict[str, int]:
    return {kind: counts[kind] for kind in EVENT_KINDS}
