"""Offer sheets kept in the database by (offer, revision, language) and made ahead of time.

A stored sheet is served only while it is current: made for the offer's revision, on today's date (the sheet
prints the date, and an offer opens and closes by date), for an offer on show. Anything else is made again.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime

import click
from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk import clock, i18n
from kiosk.extensions import db
from kiosk.offers import pdf, services
from kiosk.offers.models import Offer, OfferSheet, OfferTranslation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sheet:
    """A made sheet and what an HTTP answer says about it."""

    offer_id: int
    reference: str
    revision: int
    lang: str
    pdf: bytes

    @property
    def etag(self) -> str:
        return f"{self.offer_id}/{self.revision}/{self.lang}"

    @property
    def filename(self) -> str:
        reference = re.sub(r"[^A-Za-z0-9._-]+", "-", self.reference).strip("-") or str(self.offer_id)
        return f"{reference}-{i18n.language(self.lang).tag}.pdf"


def get_sheet(session: Session, offer: Offer, lang: str, public_url: str | None = None) -> bytes:
    """Return an offer's sheet in a language: the stored one when current, else a new one, stored."""
    return sheet_of(session, offer, lang, public_url).pdf


def sheet_of(session: Session, offer: Offer, lang: str, public_url: str | None = None) -> Sheet:
    """Return an offer's current sheet in a language, making and storing it when needed."""
    return stored_sheet(session, offer.id, lang) or make_sheet(session, offer, lang, public_url)


def find_sheet(session: Session, offer_id: int, lang: str) -> Sheet | None:
    """Return the current sheet of an offer by id, made when needed; None when there is no such offer."""
    stored = stored_sheet(session, offer_id, lang)
    if stored is not None:
        return stored
    offer = services.get_offer(session, offer_id)
    return make_sheet(session, offer, lang) if offer is not None else None


def stored_sheet(session: Session, offer_id: int, lang: str, today: date | None = None) -> Sheet | None:
    """Return the stored sheet when it is current, in one query that loads no offer."""
    today = today or clock.today()
    row = session.execute(
        select(OfferSheet.pdf, OfferSheet.made_at, Offer.revision, Offer.reference)
        .join(Offer, Offer.id == OfferSheet.offer_id)
        .where(OfferSheet.offer_id == offer_id, OfferSheet.lang == lang, OfferSheet.revision == Offer.revision,
               *services.on_show(today))
    ).first()
    if row is None or made_on(row.made_at) != today:
        return None
    return Sheet(offer_id, row.reference, row.revision, lang, row.pdf)


def make_sheet(session: Session, offer: Offer, lang: str, public_url: str | None = None) -> Sheet:
    """Render an offer's sheet in a language and store it in place of any older one (flushed, not committed)."""
    content = pdf.render_sheet(session, offer, lang, public_url)
    store_sheet(session, offer.id, offer.revision, lang, content)
    return Sheet(offer.id, offer.reference, offer.revision, lang, content)


def store_sheet(session: Session, offer_id: int, revision: int, lang: str, content: bytes) -> None:
    """Insert or replace a sheet; a sheet of an older revision never replaces a newer one."""
    dialects = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    insert = dialects[session.get_bind().dialect.name]
    values = {"offer_id": offer_id, "lang": lang, "revision": revision, "pdf": content,
              "made_at": datetime.now(UTC)}
    statement = insert(OfferSheet).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[OfferSheet.offer_id, OfferSheet.lang],
        set_={name: statement.excluded[name] for name in ("revision", "pdf", "made_at")},
        where=OfferSheet.revision <= statement.excluded.revision,
    )
    session.execute(statement)


def made_on(made_at: datetime) -> date:
    """Return the local date a sheet was made on (SQLite gives back UTC without a zone)."""
    if made_at.tzinfo is None:
        made_at = made_at.replace(tzinfo=UTC)
    return clock.local_day(made_at)


def sheet_languages(offer: Offer) -> list[str]:
    """Return the languages an offer has texts in, in the kiosk's order."""
    have = {translation.lang for translation in offer.translations}
    return [language.code for language in i18n.LANGUAGES if language.code in have]


def current_languages(session: Session, offer: Offer, today: date) -> set[str]:
    """Return the languages in which an offer has a current stored sheet."""
    rows = session.execute(
        select(OfferSheet.lang, OfferSheet.made_at)
        .where(OfferSheet.offer_id == offer.id, OfferSheet.revision == offer.revision)
    )
    return {lang for lang, made_at in rows if made_on(made_at) == today}


def prepare_sheets(
    session: Session, offers: Iterable[Offer], langs: Iterable[str] | None = None, public_url: str | None = None,
    force: bool = False,
) -> int:
    """Make the missing or stale sheets of these offers (in `langs`, or each offer's own); return how many."""
    today, made = clock.today(), 0
    for offer in offers:
        if not services.is_current(offer, today):
            continue
        current = set() if force else current_languages(session, offer, today)
        missing = [lang for lang in langs or sheet_languages(offer) if lang not in current]
        # Render first, store after: the database's write lock is held for the inserts alone.
        rendered = [(lang, pdf.render_sheet(session, offer, lang, public_url)) for lang in missing]
        for lang, content in rendered:
            store_sheet(session, offer.id, offer.revision, lang, content)
        made += len(rendered)
    return made


def current_offers(session: Session, references_not_starting: str | None = None) -> list[Offer]:
    """Return the offers on show today, optionally leaving out references with a prefix."""
    where = list(services.on_show(clock.today()))
    if references_not_starting:
        where.append(~Offer.reference.startswith(references_not_starting))
    return list(session.scalars(select(Offer).where(*where).order_by(Offer.id)))


# ---- Made ahead of time: in a background thread after a change, so nobody waits for WeasyPrint ----

_CHANGED = "kiosk.offers_changed"
_EXTENSION = "kiosk.offer_sheets"


class SheetMaker:
    """Make sheets in one background thread; each job has its own app context and its own session."""

    def __init__(self, app: Flask):
        self.app = app
        self._executor: ThreadPoolExecutor | None = None
        self._guard = threading.Lock()

    def submit(self, offer_ids: Iterable[int], public_url: str | None = None) -> Future:
        """Queue the sheets of these offers; return a future of how many were made."""
        with self._guard:
            if self._executor is None:  # made in the process that serves, never before a fork
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offer-sheets")
            return self._executor.submit(self._make, sorted(set(offer_ids)), public_url)

    def wait(self, timeout: float | None = None) -> None:
        """Return when every job queued so far is done (jobs run one at a time, in order)."""
        self.submit([]).result(timeout)

    def _make(self, offer_ids: list[int], public_url: str | None) -> int:
        made = 0
        with self.app.app_context(), Session(db.engine) as session:
            for offer_id in offer_ids:
                try:
                    offer = session.get(Offer, offer_id)
                    made += prepare_sheets(session, [offer], public_url=public_url) if offer else 0
                    session.commit()  # each offer's sheets are served as soon as they are made
                except Exception:
                    session.rollback()
                    log.exception("The sheets of offer %s could not be made", offer_id)
        return made


def init_app(app: Flask) -> None:
    """Make the sheets of every offer created or changed through the app's session, after each commit."""
    app.extensions[_EXTENSION] = SheetMaker(app)
    if not event.contains(db.session, "after_commit", _prepare_after_commit):
        event.listen(db.session, "after_flush", _remember_changed_offers)
        event.listen(db.session, "after_commit", _prepare_after_commit)
        event.listen(db.session, "after_rollback", _forget_changed_offers)


def sheet_maker(app: Flask) -> SheetMaker:
    """Return the app's background sheet maker."""
    return app.extensions[_EXTENSION]


def in_background(app: Flask) -> bool:
    """Tell whether changes are followed by sheets made in the background.

    KIOSK_SHEETS_IN_BACKGROUND decides when set; otherwise a serving app does, while a command (which can
    wait, and makes its sheets itself) and a test app do not.
    """
    setting = app.config.get("KIOSK_SHEETS_IN_BACKGROUND")
    if setting is not None:
        return bool(setting)
    return not app.testing and click.get_current_context(silent=True) is None


def _remember_changed_offers(session: Session, _context) -> None:
    changed = session.info.setdefault(_CHANGED, set())
    for instance in (*session.new, *session.dirty):
        if isinstance(instance, Offer):
            changed.add(instance.id)
        elif isinstance(instance, OfferTranslation):
            changed.add(instance.offer_id)


def _prepare_after_commit(session: Session) -> None:
    changed = session.info.pop(_CHANGED, None)
    if not changed or not has_app_context():
        return
    app = current_app._get_current_object()
    if _EXTENSION in app.extensions and in_background(app):
        sheet_maker(app).submit(changed, request.url_root if has_request_context() else None)


def _forget_changed_offers(session: Session) -> None:
    session.info.pop(_CHANGED, None)
