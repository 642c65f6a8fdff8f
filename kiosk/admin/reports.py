"""Reports: queue and offer figures per site, service and period, as charts, CSV and PDF."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import format_date, gettext
from markupsafe import Markup

from kiosk import clock, i18n
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, allow
from kiosk.admin.report_choice import Choice, read_choice
from kiosk.admin.report_tables import report_sections, say
from kiosk.documents.fonts import font_stack
from kiosk.documents.render import render_pdf
from kiosk.extensions import db
from kiosk.offers.pdf import page_counter
from kiosk.reports.export import csv_text


@bp.get("/reports")
@allow(ADMIN)
def reports():
    """Show the filter and, once it is right, every report as a chart with its table."""
    choice = _choice()
    sections = report_sections(db.session, choice.scope, choice.period) if choice.period else []
    db.session.commit()  # the event log folded so far
    status = 400 if choice.errors else 200
    return render_template("admin/reports/index.html", choice=choice, sections=sections, say=say,
                           heading=_heading(choice)), status


@bp.get("/reports/<any(tickets, languages, times, hours, offers, feedback):name>.csv")
@allow(ADMIN)
def report_csv(name: str):
    """Download one report's table as CSV."""
    choice = _choice()
    if choice.period is None:
        abort(400)
    section = next(s for s in report_sections(db.session, choice.scope, choice.period, only=name))
    db.session.commit()
    filename = f"{name}-{choice.site or 'all'}-{choice.period.first}-{choice.period.last}.csv"
    return Response(csv_text(section.header, section.csv_rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/reports/report.pdf")
@allow(ADMIN)
def report_pdf():
    """Download every report on A4 pages, in the page's language."""
    choice = _choice()
    if choice.period is None:
        abort(400)
    language, sections = i18n.language(), report_sections(db.session, choice.scope, choice.period)
    db.session.commit()
    html = render_template("pdf/report.html", title=gettext("Desk figures"), heading=_heading(choice),
                           sections=sections, say=say,
                           language=language, font_stack=Markup(font_stack(language.code)),
                           page_counter=Markup(page_counter()))
    filename = f"report-{choice.site or 'all'}-{choice.period.first}-{choice.period.last}.pdf"
    return Response(render_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _choice() -> Choice:
    return read_choice(db.session, request.args, clock.today(), i18n.current_language())


def _heading(choice: Choice) -> str:
    """Say what the figures cover: the desk, the service and the period."""
    if choice.period is None:
        return ""
    return gettext("%(site)s · %(service)s · from %(first)s to %(last)s",
                   site=choice.site_name or gettext("Every desk"),
                   service=choice.service_label or gettext("Every service"),
                   first=_day(choice.period.first), last=_day(choice.period.last))


def _day(day: date) -> str:
    return format_date(day, "long")
