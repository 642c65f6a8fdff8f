"""Bulk in and out: a CSV or JobPosting file checked row by row into a plan, the plan applied all or nothing, and
an organisation's offers (or all of them) exported in the same formats.

An offer is matched by its reference: a new reference is created, a reference of the same organisation is updated,
a reference of another organisation is refused. Nothing is applied while any row is refused.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kiosk.audit.services import Actor, differences, record
from kiosk.offers import csv_format, jobposting, writing
from kiosk.offers.csv_format import FileProblem
from kiosk.offers.models import TEXT_FIELDS, Offer
from kiosk.offers.writing import OfferDraft, Problem

MAX_BYTES = 2 * 1024 * 1024
CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
POSTING = "posting"  # a JSON row that is a JobPosting (a native JSON row has None, a CSV row its columns)
DEFAULT_STATUS = "published"  # what an imported or posted offer without a status becomes: it is meant to be seen


@dataclass
class RowPlan:
    """What one row of a file would do: its action, the offer it names and every problem with it."""

    number: int
    draft: OfferDraft
    problems: list[Problem] = field(default_factory=list)
    action: str = CREATE
    offer: Offer | None = None
    changed: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return self.draft.values.get("reference") or (self.offer.reference if self.offer else "")

    @property
    def title(self) -> str:
        return (self.draft.texts.get("it") or {}).get("title", "")


def read_file(filename: str, content: bytes) -> tuple[str, list[tuple]]:
    """Read an uploaded file as CSV or JSON (JobPosting or the API's JSON); raise FileProblem when it cannot be."""
    if len(content) > MAX_BYTES:
        raise FileProblem(_l("The file is larger than 2 MB: split it into smaller files."))
    if not content.strip():
        raise FileProblem(_l("The file is empty."))
    looks_json = filename.lower().endswith((".json", ".jsonld")) or content.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (
        b"{", b"[")
    if not looks_json:
        return "csv", _some(csv_format.read_csv(content))
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblem(_l("The file is not in UTF-8.")) from None
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        raise FileProblem(_l("The file is not valid JSON.")) from None
    items = _some(jobposting.postings(data))
    if len(items) > csv_format.MAX_ROWS:
        raise FileProblem(_l("The file has %(count)s offers: at most %(max)s can be imported at once.",
                             count=len(items), max=csv_format.MAX_ROWS))
    return "json", [(number, *jobposting.read_item(item), POSTING if jobposting.is_posting(item) else None)
                    for number, item in enumerate(items, start=1)]


def _some(items: list) -> list:
    if not items:
        raise FileProblem(_l("The file has no offers."))
    return items


def plan(session: Session, rows, organisation_id: int, today: date) -> list[RowPlan]:
    """Return what each row would do for an organisation, with every problem of every row; changes nothing."""
    counts = Counter(draft.values.get("reference") for _, draft, _, _ in rows if draft.values.get("reference"))
    known = _offers_by_reference(session, list(counts))
    plans = []
    for number, draft, problems, columns in rows:
        row = RowPlan(number, draft, list(problems))
        reference = draft.values.get("reference")
        if reference and counts[reference] > 1:
            row.problems.append(Problem("reference", _l("This reference is on more than one row of the file.")))
        existing = known.get(reference) if reference else None
        foreign = existing is not None and existing.organisation_id != organisation_id
        if foreign:
            row.problems.append(Problem("reference", _l("This reference belongs to another organisation's offer.")))
        elif existing is not None:
            row.draft = _for_update(draft, existing, columns)
            row.offer, row.action = existing, UPDATE
        checked = writing.check(session, row.draft, today, row.offer, organisation_id=organisation_id)
        row.problems += [problem for problem in checked if not (foreign and problem.field == "reference")]
        if row.offer is not None and not row.problems:
            row.changed = sorted(would_change(row.offer, row.draft))
            row.action = UPDATE if row.changed else UNCHANGED
        if row.problems:
            row.action = REJECT
        plans.append(row)
    return plans


def summary(plans: list[RowPlan]) -> list[list]:
    """Return a plan as kept between the check and the confirmation: [row, action, reference] for each row."""
    return [[row.number, row.action, row.reference] for row in plans]


def apply(session: Session, plans: list[RowPlan], organisation_id: int, actor: Actor, now: datetime) -> Counter:
    """Apply a plan with no refused row: create and update its offers (flushed; the caller commits all or none)."""
    if any(row.action == REJECT for row in plans):
        raise ValueError("a plan with refused rows is never applied")
    done: Counter = Counter()
    for row in plans:
        if row.action == CREATE:
            status = row.draft.status or DEFAULT_STATUS
            writing.create_offer(session, row.draft, organisation_id, actor, now, status=status)
        elif row.action == UPDATE:
            writing.update_offer(session, row.offer, row.draft, actor, now)
        done[row.action] += 1
    record(session, actor, "offer.import", now, target_kind="organisation", target_id=organisation_id,
           changes={action: [0, count] for action, count in sorted(done.items())})
    return done


def would_change(offer: Offer, draft: OfferDraft) -> dict:
    """Return the fields `writing.update_offer` would change, without changing anything."""
    before = writing.snapshot(offer)
    after = {key: value for key, value in before.items() if not key.startswith("texts.")}
    for name in writing.FIELDS:
        if name in draft.values and not (name == "reference" and not draft.values[name]):
            after[name] = draft.values[name]
    if draft.status:
        after["status"] = draft.status
    for lang, texts in draft.texts.items():
        for name, value in writing.text_values(texts).items():
            after[f"texts.{lang}.{name}"] = value
    return differences(before, after)


def export(session: Session, organisation_id: int | None) -> list[Offer]:
    """Return the offers to export: one organisation's, or every one for an admin (None), oldest first."""
    query = select(Offer).options(selectinload(Offer.organisation)).order_by(Offer.id)
    if organisation_id is not None:
        query = query.where(Offer.organisation_id == organisation_id)
    return list(session.scalars(query))


def export_json(offers: list[Offer]) -> bytes:
    """Return offers as a schema.org ItemList of JobPostings (their Italian texts)."""
    items = [{"@type": "ListItem", "position": number, "item": jobposting.export_posting(offer)}
             for number, offer in enumerate(offers, start=1)]
    document = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _offers_by_reference(session: Session, references: list[str]) -> dict[str, Offer]:
    """Return the offers these references name, a few hundred per query (their texts come along)."""
    found = {}
    for start in range(0, len(references), 500):
        query = select(Offer).where(Offer.reference.in_(references[start:start + 500]))
        found.update({offer.reference: offer for offer in session.scalars(query)})
    return found


def _for_update(draft: OfferDraft, offer: Offer, columns: set | None) -> OfferDraft:
    """Return a row's draft for an existing offer: what the file does not say stays as it is."""
    if columns == POSTING:  # a JobPosting says less than an offer holds
        return jobposting.merge(draft, offer)
    if columns is None:  # the API's own JSON says it all
        return draft
    texts = {t.lang: {name: getattr(t, name) or "" for name in TEXT_FIELDS} for t in offer.translations}
    for lang in writing.LANGUAGE_CODES:
        given = {name: (draft.texts.get(lang) or {}).get(name, "") for name in TEXT_FIELDS
                 if f"{name}_{lang}" in columns}
        if given:
            texts[lang] = texts.get(lang, {}) | given
    texts = {lang: fields for lang, fields in texts.items() if any(value.strip() for value in fields.values())}
    values = {name: getattr(offer, name) for name in writing.FIELDS} | draft.values
    return OfferDraft(values, texts, draft.status)
