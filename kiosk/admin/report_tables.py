"""The reports as the page, the PDF and the CSV show them: a title, a sentence, a table and a chart each.

Values stay typed (a count, a share, minutes) until written: with grouping and the language's signs on the page,
plainly in CSV (no thousands separator, the language's decimal sign), so a spreadsheet reads them as numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import get_day_names
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import i18n
from kiosk.feedback.models import FACES
from kiosk.feedback.vocab import FACE_LABELS, REASON_LABELS
from kiosk.network.models import Site
from kiosk.offers import vocab
from kiosk.queue.models import Service
from kiosk.queue.services import service_text
from kiosk.reports import charts, queue
from kiosk.reports.feedback import Ratings, ratings
from kiosk.reports.offers import OfferUse, offer_use
from kiosk.reports.period import Period, Scope
from kiosk.reports.queue import Tickets, Times
from kiosk.usage.models import EVENT_KINDS

CHANNELS = {"kiosk": _l("Touch screen"), "remote": _l("Phone or website"), "desk": _l("Given at the reception")}
USES = {"view": _l("Viewed"), "print": _l("Printed"), "phone": _l("Opened on a phone"),
        "sheet": _l("Sheet downloaded")}


class Share(float):
    """A fraction shown as a percentage."""


class Minutes(float):
    """A duration in minutes."""


@dataclass
class Section:
    """One report as shown: its title, its sentence, its table (typed values), its chart and further tables."""

    name: str  # the CSV's name
    title: str
    summary: str
    header: list[str]
    rows: list[list]
    chart: object = None  # a charts.BarChart or charts.HeatMap
    extra: list = field(default_factory=list)  # further tables: (caption, header, rows)
    note: str = ""

    def csv_rows(self) -> list[list[str]]:
        """Return the table and the further ones (after an empty line and their caption) as plain cells."""
        rows = [[say(cell, plain=True) for cell in row] for row in self.rows]
        for caption, header, more in self.extra:
            rows += [[], [caption], header, *([say(cell, plain=True) for cell in row] for row in more)]
        return rows


def say(value, plain: bool = False) -> str:
    """Write a typed value in the page's language, grouped for reading or plain for a spreadsheet."""
    locale = get_locale()
    if value is None:
        return "" if plain else "–"
    if isinstance(value, Share):
        return format_decimal(value * 100, "0.0", locale=locale) if plain else format_percent(value, "#,##0.0%",
                                                                                                 locale=locale)
    if isinstance(value, Minutes):
        return format_decimal(value, "0.0", locale=locale) if plain else format_unit(
            round(value, 1), "duration-minute", length="short", locale=locale)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if plain else format_decimal(value, locale=locale)
    return str(value)


def language_name(code: str) -> str:
    """Return a language's name in the page's language."""
    return i18n.language_name(code) if code else gettext("Not known")


def report_sections(session: Session, scope: Scope, period: Period, only: str | None = None) -> list[Section]:
    """Compute the reports (or only one of them) and lay each out as a section."""
    def wanted(*names: str) -> bool:
        return only is None or only in names

    sections = []
    if wanted("tickets", "languages"):
        counted = queue.tickets(session, scope, period)
        sections += [s for s in (tickets_section(counted), languages_section(counted)) if wanted(s.name)]
    if wanted("times"):
        sections.append(times_section(queue.times(session, scope, period)))
    if wanted("hours"):
        sections.append(hours_section(queue.busiest_hours(session, scope, period)))
    if wanted("offers"):
        sections.append(offers_section(offer_use(session, scope, period)))
    if wanted("feedback"):
        sections.append(feedback_section(ratings(session, scope, period), _names(session)))
    return sections


def tickets_section(figures: Tickets) -> Section:
    """Lay out the tickets taken per channel, with the priority share."""
    rows = [[str(CHANNELS[c]), n, Share(n / figures.total) if figures.total else None]
            for c, n in figures.by_channel.items()]
    rows.append([gettext("With priority"), figures.priority, _share(figures.priority_share)])
    summary = ngettext("%(count)s ticket taken.", "%(count)s tickets taken.", figures.total, count=say(figures.total))
    if figures.total:
        summary += " " + gettext("%(share)s with priority; %(channel)s through the touch screen.",
                                 share=say(Share(figures.priority_share)),
                                 channel=say(Share(figures.by_channel.get("kiosk", 0) / figures.total)))
    chart = charts.bar_chart([(row[0], row[1], say(row[1])) for row in rows[:-1]])
    return Section("tickets", gettext("Tickets taken, by channel"), summary,
                   [gettext("Channel"), gettext("Tickets"), gettext("Share")], rows, chart)


def languages_section(figures: Tickets) -> Section:
    """Lay out the tickets taken per language, the most chosen first."""
    rows = [[language_name(code), n, Share(n / figures.total)] for code, n in figures.by_language.items()]
    summary = (gettext("Most tickets were taken in %(language)s (%(share)s).", language=rows[0][0],
                       share=say(rows[0][2])) if rows else gettext("No tickets in this period."))
    chart = charts.bar_chart([(row[0], row[1], say(row[1])) for row in rows])
    return Section("languages", gettext("Languages chosen"), summary,
                   [gettext("Language"), gettext("Tickets"), gettext("Share")], rows, chart)


def times_section(figures: Times) -> Section:
    """Lay out the waiting and service times (median, 90th percentile) and the no-shows."""
    waiting, service = figures.waiting, figures.service
    rows = [[gettext("Waiting (taken → called)"), waiting.count, _minutes(waiting.median), _minutes(waiting.p90)],
            [gettext("Service (started → finished)"), service.count, _minutes(service.median),
             _minutes(service.p90)]]
    summary = gettext("Half the people waited %(median)s or less; nine in ten, %(p90)s or less.",
                      median=say(_minutes(waiting.median)), p90=say(_minutes(waiting.p90))) if waiting.count \
        else gettext("No ticket was called in this period.")
    summary += " " + ngettext("%(count)s person called did not come (%(share)s).",
                              "%(count)s people called did not come (%(share)s).", figures.no_shows,
                              count=say(figures.no_shows), share=say(_share(figures.no_show_share)))
    bars = [(f"{row[0]}: {label}", value or 0, say(value)) for row in rows
            for label, value in ((gettext("median"), row[2]), (gettext("90th percentile"), row[3]))]
    extra = [(gettext("No-shows"), [gettext("Tickets called"), gettext("No-shows"), gettext("Share")],
              [[figures.called, figures.no_shows, _share(figures.no_show_share)]])]
    return Section("times", gettext("Waiting and service times"), summary,
                   [gettext("Time"), gettext("Tickets measured"), gettext("Median"), gettext("90th percentile")],
                   rows, charts.bar_chart(bars), extra)


def hours_section(grid: dict[tuple[int, int], int]) -> Section:
    """Lay out the tickets taken per weekday and hour as a heat map and its table."""
    used = [hour for (_day, hour), n in grid.items() if n]
    hours = list(range(min(used + [8]), max(used + [17]) + 1))
    days = [weekday for weekday in range(7) if weekday < 5 or any(grid.get((weekday, h)) for h in hours)]
    names = get_day_names("wide", locale=get_locale())
    counts = [[grid.get((day, hour), 0) for hour in hours] for day in days]
    rows = [[names[day], *row] for day, row in zip(days, counts, strict=True)]
    busiest = max(grid.items(), key=lambda item: item[1], default=None)
    summary = gettext("The busiest hour: %(day)s from %(hour)s:00 (tickets in the period: %(count)s).",
                      day=names[busiest[0][0]], hour=f"{busiest[0][1]:02d}", count=say(busiest[1])) \
        if busiest else gettext("No tickets in this period.")
    chart = charts.heat_map([names[day] for day in days], [f"{h:02d}" for h in hours], counts, say)
    return Section("hours", gettext("Busiest hours by weekday"), summary,
                   [gettext("Weekday"), *[f"{h:02d}:00" for h in hours]], rows, chart)


def offers_section(figures: OfferUse) -> Section:
    """Lay out the offers' use per kind of offer, and per language in a second table."""
    header = [gettext("Kind of offer"), *[str(USES[use]) for use in EVENT_KINDS]]
    rows = [[str(vocab.KINDS_PLURAL.get(kind, gettext("Offers deleted since"))),
             *[counts[use] for use in EVENT_KINDS]] for kind, counts in figures.by_offer_kind.items()]
    by_language = [[language_name(lang), *[counts[use] for use in EVENT_KINDS]]
                   for lang, counts in figures.by_language.items()]
    totals = figures.totals
    summary = gettext("Views: %(views)s; prints: %(prints)s; opened on a phone: %(phones)s.",
                      views=say(totals.get("view", 0)), prints=say(totals.get("print", 0)),
                      phones=say(totals.get("phone", 0)))
    chart = charts.bar_chart([(row[0], row[1], say(row[1])) for row in rows])
    extra = [(gettext("By language of the screen"), [gettext("Language"), *header[1:]], by_language)]
    return Section("offers", gettext("Offers viewed, printed and opened on a phone"), summary, header, rows,
                   chart, extra, gettext("The chart shows the views. These figures count every service of the "
                                         "desks chosen: looking at an offer is not tied to a ticket."))


def feedback_section(figures: Ratings, names: Callable[[str, int], tuple[str, str]]) -> Section:
    """Lay out the visitors' ratings per desk and service, and the reasons they gave in a second table."""
    faces = [str(FACE_LABELS[face]) for face in FACES]
    rows = []
    for (site, service_id), counts in figures.by_service.items():
        total = sum(counts.values())
        rows.append([*names(site, service_id), *[counts[face] for face in FACES], total,
                     Share(counts["good"] / total) if total else None])
    reasons = [[str(REASON_LABELS[reason]), *[counts[face] for face in FACES], sum(counts.values())]
               for reason, counts in figures.by_reason.items()]
    count = figures.count
    summary = ngettext("%(count)s visit rated.", "%(count)s visits rated.", count, count=say(count))
    if count:
        summary += " " + gettext("%(share)s of them good.", share=say(Share(figures.totals["good"] / count)))
    chart = charts.bar_chart([(str(FACE_LABELS[face]), figures.totals[face], say(figures.totals[face]))
                              for face in FACES])
    extra = [(gettext("Reasons given"), [gettext("Reason"), *faces, gettext("Ratings")], reasons)]
    return Section("feedback", gettext("Visitors' ratings"), summary,
                   [gettext("Desk"), gettext("Service"), *faces, gettext("Ratings"), gettext("Good (share)")], rows,
                   chart, extra, gettext("Anonymous: one rating per finished ticket, counted on the day of the "
                                         "visit under the service that served it."))


def _names(session: Session) -> Callable[[str, int], tuple[str, str]]:
    """Return a function naming a desk (by slug) and a service (by id) in the page's language."""
    sites = dict(session.execute(select(Site.slug, Site.name)).all())
    lang = i18n.current_language()

    def name(site: str, service_id: int) -> tuple[str, str]:
        service = session.get(Service, service_id)
        return sites.get(site, site), service_text(service, lang)["name"] if service else gettext("Not known")

    return name


def _minutes(seconds: float | None) -> Minutes | None:
    return None if seconds is None else Minutes(seconds / 60)


def _share(value: float | None) -> Share | None:
    return None if value is None else Share(value)
