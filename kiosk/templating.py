"""What every template can use: the active language, labels, links that keep the filters."""

from __future__ import annotations

from babel.dates import format_time
from flask import Flask, current_app, session, url_for
from flask_babel import format_date, format_decimal, get_locale
from markupsafe import Markup

from kiosk import i18n
from kiosk.clock import LOCAL_ZONE
from kiosk.documents.qr import qr_svg
from kiosk.network import services as network
from kiosk.offers import vocab
from kiosk.offers.richtext import to_html
from kiosk.terminal import enrolment


def init_app(app: Flask) -> None:
    """Register template globals and filters."""
    app.jinja_env.globals.update(
        languages=i18n.LANGUAGES,
        current_language=lambda: i18n.language(),
        language_name=i18n.language_name,
        lang_attrs=lang_attrs,
        qr_svg=lambda url, label: qr_svg(url, label, svgclass="qr"),
        vocab=vocab,
        label=vocab.label,
        profession_group=vocab.profession_group,
        device=device_settings,
        static_file=static_file,
        opening_hours=lambda site: network.opening_hours(site, get_locale()),
        upcoming_closures=upcoming_closures,
        isolate=i18n.isolate,
    )
    app.jinja_env.filters.update(date=format_date, number=format_decimal, paragraphs=paragraphs, bdi=bdi,
                               clock_time=clock_time)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def upcoming_closures(site) -> list:
    """Return the days a site is closed in the coming weeks (holidays and its own closures), earliest first."""
    from kiosk.clock import today
    from kiosk.extensions import db
    from kiosk.network.closures import UPCOMING_DAYS, upcoming

    return upcoming(db.session, site.id, today(), UPCOMING_DAYS)


def device_settings() -> dict:
    """Return this terminal's idle timer and printer, and the current user's display modes."""
    here = enrolment.current_terminal()
    return {
        "idle_seconds": here.idle_seconds,
        "print_backend": here.print_backend,
        "countdown_seconds": current_app.config["KIOSK_IDLE_COUNTDOWN_SECONDS"],
        "large_text": bool(session.get("large_text")),
        "high_contrast": bool(session.get("high_contrast")),
        "lowered": bool(session.get("lowered")),
    }


def static_file(filename: str) -> str:
    """Return a static file's URL."""
    return url_for("static", filename=filename)


def paragraphs(value: str) -> Markup:
    """Show an offer's text as safe HTML: its rich text cleaned again, or one paragraph per line of plain text."""
    return to_html(value)


def clock_time(moment) -> str:
    """Return a moment's time of day at the desks (Europe/Rome) as HH:MM."""
    return format_time(moment, "HH:mm", tzinfo=LOCAL_ZONE, locale=get_locale())


def bdi(value) -> Markup:
    """Isolate a value (a date, a number, a code) from the direction of the text around it."""
    return Markup("<bdi>{}</bdi>").format(value)


def lang_attrs(code: str) -> Markup:
    """Return the lang and dir attributes for text in a language that may not be the page's."""
    return Markup('lang="{}" dir="{}"').format(code.replace("_", "-"), i18n.text_direction(code))

