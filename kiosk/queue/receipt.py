"""The printed ticket: an 80 mm receipt in its holder's language, with a QR code to follow it on a phone."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time
from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import Session

from kiosk import i18n
from kiosk.clock import LOCAL_ZONE, local_day
from kiosk.documents.fonts import font_stack
from kiosk.documents.qr import qr_data_uri
from kiosk.documents.render import in_language, render_pdf
from kiosk.network.models import Site
from kiosk.printing.models import PrintJob
from kiosk.printing.services import print_once
from kiosk.queue.models import Ticket
from kiosk.queue.services import service_text
from kiosk.urls import public_url

RECEIPT_TEMPLATE = "pdf/ticket.html"


def local_time(moment: datetime, lang: str) -> str:
    """Return a moment's time of day at the desks (Europe/Rome) as HH:MM."""
    return format_time(moment, "HH:mm", tzinfo=LOCAL_ZONE, locale=i18n.babel_locale(lang))


def local_date(moment: datetime, lang: str) -> str:
    """Return a moment's date at the desks (Europe/Rome), written out in a language."""
    return format_date(local_day(moment), "long", locale=i18n.babel_locale(lang))


def phone_url(ticket: Ticket) -> str:
    """Return the address of the phone page that follows a ticket, in the ticket's language."""
    return public_url("public.ticket", token=ticket.token, lang=ticket.lang)


def ticket_receipt(session: Session, ticket: Ticket) -> bytes:
    """Render a ticket's 80 mm receipt in its holder's language as PDF bytes."""
    return render_pdf(receipt_html(session, ticket))


def print_receipt(session: Session, ticket: Ticket, token: str, *, site_slug: str, backend: str,
                  printer: str = "", terminal: str = "") -> tuple[PrintJob, bool]:
    """Print a ticket's receipt, in the holder's language, through the desk's backend, once per token."""
    return print_once(session, token, lambda: ticket_receipt(session, ticket), document="ticket",
                      title=ticket.code, lang=ticket.lang, site=site_slug, backend=backend, printer=printer,
                      terminal=terminal)


def receipt_html(session: Session, ticket: Ticket) -> str:
    """Return the receipt's HTML in the ticket's language; no request is needed."""
    site = session.get(Site, ticket.site_id)
    lang = i18n.normalise_language(ticket.lang) or i18n.DEFAULT_LANGUAGE
    with in_language(lang):
        url = phone_url(ticket)
        return render_template(
            RECEIPT_TEMPLATE,
            ticket=ticket,
            language=i18n.language(lang),
            service=service_text(ticket.service, lang),
            site=site,
            taken_on=local_date(ticket.taken_at, lang),
            taken_at=local_time(ticket.taken_at, lang),
            phone_url=url,
            qr_code=qr_data_uri(url),
            font_stack=Markup(font_stack(lang)),
        )
