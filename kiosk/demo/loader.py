"""Load the demo network and offers from kiosk/demo/data, and make synthetic offers."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import clock
from kiosk.network.models import Organisation, Site, SiteClosure
from kiosk.offers import vocab
from kiosk.offers.models import TEXT_FIELDS, Offer, OfferTranslation
from kiosk.offers.search import index_offers

DATA = Path(__file__).parent / "data"
SYNTHETIC_PREFIX = "SYN-"


def load_demo(session: Session, today: date | None = None) -> int:
    """Create or update the demo sites, organisations and offers; return how many offers."""
    today = today or clock.today()
    network = json.loads((DATA / "network.json").read_text(encoding="utf-8"))
    for record in network["sites"]:
        record = dict(record)
        patron = record.pop("patron_day", None)
        site = _upsert(session, Site, "slug", record)
        if patron:
            session.flush()
            _patron_days(session, site, patron, today)
    organisations = {
        record["slug"]: _upsert(session, Organisation, "slug", record) for record in network["organisations"]
    }
    session.flush()
    offers = []
    for path in sorted(DATA.glob("offers-*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            offers.append(_upsert_offer(session, record, organisations, today))
    index_offers(session, offers)
    return len(offers)


def _patron_days(session: Session, site: Site, patron: dict, today: date) -> None:
    """Close a demo site on its patron saint's day this year and next, as its admin would."""
    for year in (today.year, today.year + 1):
        day = date(year, patron["month"], patron["day"])
        if session.scalar(select(SiteClosure).where(SiteClosure.site_id == site.id, SiteClosure.starts == day)) is None:
            session.add(SiteClosure(site_id=site.id, starts=day, ends=day, reason=patron["reason"]))


def _upsert(session: Session, model, key: str, record: dict):
    instance = session.scalar(select(model).where(getattr(model, key) == record[key]))
    if instance is None:
        instance = model()
        session.add(instance)
    for name, value in record.items():
        setattr(instance, name, value)
    return instance


def _upsert_offer(session: Session, record: dict, organisations: dict, today: date) -> Offer:
    record = dict(record)
    texts = record.pop("texts")
    values = {
        "organisation": organisations[record.pop("organisation")],
        "published_on": today - timedelta(days=record.pop("published_days_ago")),
        "expires_on": today + timedelta(days=record.pop("expires_in_days")),
        "starts_on": _days_from(today, record.pop("starts_on_in_days", None)),
        **record,
    }
    values["italian_rank"] = vocab.ITALIAN_LEVELS.index(values.get("italian_level", "none"))
    offer = session.scalar(select(Offer).where(Offer.reference == record["reference"]))
    if offer is None:
        offer = Offer()
        session.add(offer)
    for name, value in values.items():
        setattr(offer, name, value)
    texts_changed = set_texts(offer, texts)
    if offer.id is not None and (texts_changed or session.is_modified(offer)):
        offer.revision += 1  # a new revision: sheets made for the old one are stale
    return offer


def set_texts(offer: Offer, texts: dict[str, dict[str, str]]) -> bool:
    """Make an offer's texts exactly these, updating each language in place; tell whether any changed."""
    existing = {t.lang: t for t in offer.translations}
    changed = False
    for lang, fields in texts.items():
        translation = existing.pop(lang, None)
        if translation is None:
            translation, changed = OfferTranslation(lang=lang), True
            offer.translations.append(translation)
        for name in TEXT_FIELDS:
            value = fields.get(name, "")
            if getattr(translation, name) != value:
                setattr(translation, name, value)
                changed = True
    for translation in existing.values():
        offer.translations.remove(translation)
        changed = True
    return changed


def _days_from(today: date, days: int | None) -> date | None:
    return None if days is None else today + timedelta(days=days)


def add_synthetic_offers(session: Session, count: int, today: date | None = None, seed: int = 2026) -> int:
    """Add `count` synthetic offers, made from the demo offers' texts, for load tests."""
    today = today or clock.today()
    rng = random.Random(seed)
    demo = session.scalars(select(Offer).where(~Offer.reference.startswith(SYNTHETIC_PREFIX))).all()
    if not demo:
        raise RuntimeError("load the demo data first: the synthetic offers copy its texts")
    start = session.scalar(select(func.count()).where(Offer.reference.startswith(SYNTHETIC_PREFIX))) or 0
    towns = sorted({o.town for o in demo})
    batch: list[Offer] = []
    for number in range(start + 1, start + count + 1):
        model = rng.choice(demo)
        level = rng.choice(vocab.ITALIAN_LEVELS)
        offer = Offer(
            reference=f"{SYNTHETIC_PREFIX}{number:06d}",
            kind=model.kind,
            organisation_id=model.organisation_id,
            employer=model.employer,
            town=rng.choice(towns),
            sector=model.sector,
            ateco_code=model.ateco_code,
            profession_code=model.profession_code,
            contract=model.contract,
            hours=rng.choice(list(vocab.HOURS)),
            positions=rng.randint(1, 5),
            education=model.education,
            experience_years=model.experience_years,
            driving_licence=model.driving_licence,
            italian_level=level,
            italian_rank=vocab.ITALIAN_LEVELS.index(level),
            other_languages=model.other_languages,
            protected_category=rng.choice(("none",) * 8 + ("art1", "art18")),
            published_on=today - timedelta(days=rng.randint(0, 30)),
            expires_on=today + timedelta(days=rng.randint(1, 120)),
            apply_email=model.apply_email,
            apply_phone=model.apply_phone,
            apply_url=model.apply_url,
            translations=[
                OfferTranslation(lang=t.lang, **{f: getattr(t, f) for f in TEXT_FIELDS}) for t in model.translations
            ],
        )
        session.add(offer)
        batch.append(offer)
        if len(batch) == 500:
            index_offers(session, batch)
            batch = []
    index_offers(session, batch)
    return count
