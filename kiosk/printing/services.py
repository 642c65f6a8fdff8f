"""Printing once per touch: a print job per token, the backend called only for a new one."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.printing import backends
from kiosk.printing.models import PrintJob

log = logging.getLogger(__name__)


def print_once(
    session: Session,
    token: str,
    make_pdf: Callable[[], bytes],
    *,
    document: str,
    title: str,
    lang: str,
    site: str,
    backend: str,
    offer_id: int | None = None,
    terminal: str = "",
    printer: str = "",
) -> tuple[PrintJob, bool]:
    """Print a document for this token unless it was printed already; return the job and whether it is new.

    The job row is claimed (and committed) before the printer is called, so a second touch that arrives
    while the first is printing finds it and prints nothing.
    """
    existing = session.scalar(select(PrintJob).where(PrintJob.token == token))
    if existing is not None:
        return existing, False
    job = PrintJob(token=token, document=document, offer_id=offer_id, lang=lang, site=site, terminal=terminal,
                   backend=backend, status="pending")
    session.add(job)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.scalar(select(PrintJob).where(PrintJob.token == token)), False
    try:
        result = backends.send(backend, make_pdf(), title, printer)
    except Exception as error:  # a sheet that cannot be made must not take the page down
        log.exception("Print job %s: the document could not be made", job.id)
        result = backends.PrintResult("failed", f"the document could not be made: {error.__class__.__name__}")
    job.status, job.detail = result.status, result.detail
    return job, True
