"""The audit log as an admin reads it: newest first, filtered, paged, each change's fields before and after."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from kiosk.audit.models import AuditEntry
from kiosk.audit.services import Actor, Filters, record, search
from kiosk.extensions import db

MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def rows(page_text: str) -> list[str]:
    return re.findall(r"<tr>\s*<td>(.*?)</tr>", page_text, re.S)


@pytest.fixture
def log(app):
    """Ten sign-ins of anna on ten days from 10 March, then an account change by bruno on 25 March."""
    for day in range(10):
        record(db.session, Actor("anna", 1, "10.0.0.7"), "sign_in", MARCH + timedelta(days=day), target_kind="user",
               target_id=1, target_label="anna")
    record(db.session, Actor("bruno", 2), "account.update", MARCH + timedelta(days=15), target_kind="user",
           target_id=3, target_label="carla", changes={"role": ["editor", "admin"], "active": [True, False]})
    record(db.session, Actor("bruno", 2), "offer.update", MARCH + timedelta(days=15), target_kind="offer",
           target_id=9, target_label="Saldatore", changes={"title": ["<b>Old</b>", "New"]})
    db.session.commit()


def test_the_log_shows_each_entry_newest_first_with_its_changes(browser, log):
    page = browser("admin").get("/admin/audit").text
    everything = rows(page)
    assert "<bdi>admin</bdi>" in everything[0]  # the admin's own sign-in, the latest entry
    shown = everything[1:]
    assert "Offer changed" in shown[0] and "Offer <bdi>Saldatore</bdi>" in shown[0]
    assert "&lt;b&gt;Old&lt;/b&gt;" in shown[0]  # a recorded value is text, never markup
    assert "Account changed" in shown[1] and "carla" in shown[1]
    assert "editor" in shown[1] and "admin" in shown[1] and "yes" in shown[1] and "no" in shown[1]
    assert "Signed in" in shown[-1] and "10.0.0.7" in shown[-1]


@pytest.mark.both_databases
@pytest.mark.parametrize("query, expected", [
    ("actor=anna", 10),
    ("actor=bruno", 2),
    ("action=account.update", 1),
    ("kind=offer", 1),
    ("kind=user&actor=bruno", 1),
    ("from=2026-03-12&to=2026-03-13", 2),
    ("from=2026-03-25", 2),
    ("to=2026-03-10", 1),
    ("actor=nobody", 0),
])
def test_the_filters_narrow_the_log(browser, log, query, expected):
    response = browser("admin").get(f"/admin/audit?{query}")
    shown = [row for row in rows(response.text) if "admin" not in row.split("</td>")[1]]  # not the test's sign-in
    assert response.status_code == 200 and len(shown) == expected, query


def test_an_action_without_a_label_shows_as_recorded_and_can_be_filtered(browser, app):
    record(db.session, Actor("anna"), "desk.repainted", MARCH, target_kind="desk", target_id=1,
           target_label="Sarzana")
    db.session.commit()
    shown = rows(browser("admin").get("/admin/audit?action=desk.repainted").text)
    assert len(shown) == 1 and "desk.repainted" in shown[0] and "desk <bdi>Sarzana</bdi>" in shown[0]


def test_the_set_ups_actions_are_named(browser, app):
    record(db.session, Actor("anna"), "site.update", MARCH, target_kind="site", target_id=1, target_label="Sarzana")
    db.session.commit()
    shown = rows(browser("admin").get("/admin/audit?action=site.update").text)
    assert len(shown) == 1 and "Site changed" in shown[0] and "Site <bdi>Sarzana</bdi>" in shown[0]


@pytest.mark.both_databases
def test_a_day_is_a_day_at_the_desks(browser, app):
    """23:30 UTC on 10 March is already 11 March in Rome."""
    record(db.session, Actor("anna"), "sign_in", datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    db.session.commit()
    admin = browser("admin")
    assert len(rows(admin.get("/admin/audit?actor=anna&from=2026-03-11&to=2026-03-11").text)) == 1
    assert len(rows(admin.get("/admin/audit?actor=anna&to=2026-03-10").text)) == 0


@pytest.mark.parametrize("query, says", [("from=yesterday", "This is not a date"), ("to=0001-01-01", "not a date"),
                                         ("from=2026-03-20&to=2026-03-10", "The end date is before the start date")])
def test_a_bad_date_says_so_and_is_left_out(browser, log, query, says):
    response = browser("admin").get(f"/admin/audit?{query}")
    assert response.status_code == 400 and says in response.text
    assert rows(response.text)  # the rest of the log still shows


@pytest.mark.both_databases
def test_the_log_pages_by_id_both_ways(browser, app):
    for number in range(120):
        record(db.session, Actor("anna"), "sign_in", MARCH, target_kind="user", target_label=f"n{number:03d}")
    db.session.commit()
    admin = browser("admin")
    first = admin.get("/admin/audit?actor=anna").text
    assert "n119" in first and "n070" in first and "n069" not in first and "Newer" not in first
    older = re.search(r'href="(/admin/audit\?[^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "actor=anna" in older  # the filters are kept
    second = admin.get(older).text
    assert "n069" in second and "n020" in second and "n070" not in second
    newer = re.search(r'href="(/admin/audit\?[^"]*after=\d+[^"]*)"', second).group(1).replace("&amp;", "&")
    back = admin.get(newer).text
    assert rows(back) == rows(first) and "Newer" not in back
    third = admin.get(re.search(r'href="(/admin/audit\?[^"]*before=\d+[^"]*)"', second).group(1)
                      .replace("&amp;", "&")).text
    assert len(rows(third)) == 20 and "Older" not in third


def test_an_htmx_request_gets_the_log_alone(browser, log):
    response = browser("admin").get("/admin/audit?actor=anna", headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="audit-log"' in response.text


def test_the_log_stays_fast_with_100000_entries(app):
    at = datetime(2025, 1, 1, tzinfo=UTC)
    kinds = ("offer", "user", "site", "terminal")
    db.session.execute(sa.insert(AuditEntry), [
        {"at": at + timedelta(minutes=n), "actor": f"person{n % 50}", "action": "offer.update",
         "target_kind": kinds[n % 4], "target_id": n % 1000, "target_label": "x", "changes": {}, "address": ""}
        for n in range(100_000)])
    db.session.commit()
    plans = {name: _plan(filters) for name, filters in (
        ("kind", Filters(target_kind="site")),
        ("dates", Filters(since=at + timedelta(days=30), until=at + timedelta(days=31))))}
    assert "ix_audit_entry_target" in plans["kind"] and "ix_audit_entry_at" in plans["dates"]
    started = time.perf_counter()
    for filters in (Filters(), Filters(target_kind="site"), Filters(actor="person7"),
                    Filters(since=at + timedelta(days=30), until=at + timedelta(days=31))):
        page = search(db.session, filters, size=50)
        assert len(page.entries) == 50
        if filters.since is None:  # a page far down the log
            deep = search(db.session, filters, before=page.entries[-1].id - 40_000, size=50)
            assert len(deep.entries) == 50 and deep.entries[0].id < page.entries[-1].id - 40_000
    assert time.perf_counter() - started < 2.0  # eight pages, each far under a second


def _plan(filters: Filters) -> str:
    """Return SQLite's plan for the query the log really runs for these filters."""
    seen = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM audit_entry" in statement:
            seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        search(db.session, filters, size=50)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    statement, parameters = seen[-1]
    cursor = db.session.connection().connection.driver_connection.cursor()
    return " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))
