"""The reports page: the filter, the charts with their tables, CSV and A4 PDF, and who may open them."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from kiosk.clock import LOCAL_ZONE
from tests.admin.conftest import HTMX  # noqa: F401
from tests.reports.conftest import known_log  # noqa: F401 - the fixture

DECEMBER = datetime(2026, 12, 5, 10, tzinfo=LOCAL_ZONE)  # "last month" is November


@pytest.fixture
def admin(browser, known_log, set_clock):  # noqa: F811
    set_clock(DECEMBER)
    return browser("admin")


def test_last_month_at_sarzana_shows_charts_and_tables(admin):
    page = admin.get("/admin/reports?site=sarzana&period=last_month").text
    assert "InfoLavoro Sarzana · Every service · from November 1, 2026 to November 30, 2026" in page
    assert page.count("<svg") == 6 and page.count('role="img"') == 6
    assert "6 tickets taken." in page
    assert "Half the people waited 5 min or less; nine in ten, 16 min or less." in page
    assert "1 person called did not come (20.0%)." in page
    assert re.search(r'<th scope="row">Touch screen</th><td class="number">3</td><td class="number">50.0%</td>', page)
    assert "The busiest hour: Monday from 09:00 (tickets in the period: 2)." in page


def test_the_page_speaks_italian_with_italian_numbers(admin):
    page = admin.get("/admin/reports?site=sarzana&period=last_month&lang=it").text
    assert "dal 1 novembre 2026 al 30 novembre 2026" in page
    assert "16,7%" in page  # one ticket in six had priority


def test_dates_of_ones_choice_are_checked(admin):
    response = admin.get("/admin/reports?period=custom&from=2026-11-30&to=2026-11-01")
    assert response.status_code == 400
    assert "The last day comes before the first." in response.text and "<svg" not in response.text
    response = admin.get("/admin/reports?period=custom&from=yesterday&to=2026-11-01")
    assert response.status_code == 400 and "Give the first day as a date" in response.text
    response = admin.get("/admin/reports?period=custom&from=2020-01-01&to=2026-11-01")
    assert response.status_code == 400 and "three years at most" in response.text


def test_an_unknown_desk_or_service_is_refused(admin):
    assert admin.get("/admin/reports?site=atlantis").status_code == 400
    assert "Choose a service from the list." in admin.get("/admin/reports?service=nothing").text


def test_a_custom_period_counts_its_own_days(admin):
    page = admin.get("/admin/reports?site=sarzana&period=custom&from=2026-11-03&to=2026-11-03").text
    assert "1 ticket taken." in page


def test_csv_has_a_bom_semicolons_and_plain_numbers(admin):
    response = admin.get("/admin/reports/times.csv?site=sarzana&period=last_month&lang=it")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="times-sarzana-2026-11-01-2026-11-30.csv"' in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["Tempo", "Biglietti misurati", "Mediana", "90° percentile"] or len(rows[0]) == 4
    assert rows[1][1:] == ["5", "5,0", "16,0"]
    assert rows[3:] == [[], ["Assenti alla chiamata"], ["Biglietti chiamati", "Assenti alla chiamata", "Quota"],
                        ["5", "1", "20,0"]]  # the no-shows' table follows, after an empty line


def test_csv_neutralises_what_a_spreadsheet_would_run(admin, known_log):  # noqa: F811
    from kiosk.extensions import db

    known_log["orientation"].texts = {"it": {"name": "=HYPERLINK(\"http://x\")"}}
    db.session.commit()
    response = admin.get("/admin/reports/languages.csv?site=sarzana&period=last_month")
    assert all(not line.startswith(("=", "+", "-", "@")) for line in response.data.decode("utf-8-sig").splitlines())


def test_each_report_downloads_as_csv(admin):
    for name in ("tickets", "languages", "times", "hours", "offers", "feedback"):
        response = admin.get(f"/admin/reports/{name}.csv?period=last_month")
        assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    assert admin.get("/admin/reports/secrets.csv").status_code == 404


def test_the_ratings_show_per_desk_and_service_with_their_reasons_and_as_csv(admin, known_log):  # noqa: F811
    from datetime import date

    from kiosk.extensions import db
    from kiosk.feedback.models import Rating

    for face, reason in (("good", "staff_helpful"), ("bad", "waited_too_long"), ("good", "")):
        db.session.add(Rating(site="sarzana", service_id=known_log["orientation"].id, day=date(2026, 11, 2),
                              face=face, reason=reason, channel="phone"))
    db.session.commit()
    page = admin.get("/admin/reports?site=sarzana&period=last_month").text
    assert "Visitors&#39; ratings" in page and "3 visits rated. 66.7% of them good." in page
    rows = list(csv.reader(io.StringIO(admin.get("/admin/reports/feedback.csv?site=sarzana&period=last_month")
                                       .data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Desk", "Service", "Good", "So-so", "Bad", "Ratings", "Good (share)"]
    assert rows[1] == ["InfoLavoro Sarzana", "orientation", "2", "0", "1", "3", "66.7"]
    assert ["I waited too long", "0", "0", "1", "1"] in rows
    assert ["The staff were very helpful", "1", "0", "0", "1"] in rows


def test_the_pdf_is_a4_and_has_the_title(admin):
    response = admin.get("/admin/reports/report.pdf?site=sarzana&period=last_month")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Desk figures" in text and "Sarzana" in text and "Waiting and service times" in text


@pytest.mark.parametrize("path", ["/admin/reports", "/admin/reports/tickets.csv", "/admin/reports/report.pdf"])
def test_only_an_admin_opens_the_reports(client, browser, path):
    assert client.get(path).status_code == 302
    assert browser("elena").get(path).status_code == 403
    assert browser("sara").get(path).status_code == 403
