"""The waiting line beside the panel: today's tickets in calling order, live, with per-service counts."""

from __future__ import annotations

import re

import pytest

from tests.counter.conftest import HTMX, Browser


def codes(html: str) -> list[str]:
    return re.findall(r'<td class="line-code"><strong>([A-Z]\d{3})</strong>', html)


def line(browser, counter, **params):
    return browser.get(f"/counter/{counter.id}/line", query_string=params, headers=HTMX)


@pytest.mark.both_databases
def test_the_line_lists_tickets_in_calling_order_with_priority_marks(giulia, desk, take):
    take("B", minutes_ago=20)
    take("A", lang="ar", minutes_ago=5, priority=True)
    take("A", lang="en", minutes_ago=10, offer_reference="R-77")
    fragment = line(giulia, desk["one"])
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert codes(fragment.text) == ["A001", "B001", "A002"]
    rows = fragment.text.split('<tr class="line-row')[1:]
    assert "is-priority" in rows[0] and "Priority" in rows[0]
    assert "Priority" not in rows[1] and "Priority" not in rows[2]
    assert "20 min" in rows[1] and "Offer R-77" in rows[2]
    assert 'lang="ar" dir="rtl">العربية' in rows[0] and "not spoken at this counter" in rows[0]
    assert 'aria-label="Call B001"' in rows[1]
    counts = re.findall(r'<span class="prefix">([A-Z])</span> ([^<]+) <strong class="count">(\d+)</strong>',
                        fragment.text)
    assert counts == [("A", "Job orientation", "2"), ("B", "CV help", "1")]
    # Counter 2 serves only CV help.
    assert codes(line(giulia, desk["two"]).text) == ["B001"]


@pytest.mark.parametrize(("in_a_row", "order"), [
    (3, ["A002", "A003", "A004", "A001", "A005"]),  # the default: at most three priority calls in a row
    (1, ["A002", "A001", "A003", "A004", "A005"]),  # a desk that sets KIOSK_PRIORITY_IN_ROW=1
])
def test_the_line_shows_the_order_call_next_follows(app, giulia, desk, take, in_a_row, order):
    app.config["KIOSK_PRIORITY_IN_ROW"] = in_a_row
    take("A", minutes_ago=30)  # A001, an ordinary ticket first in line
    for minutes in (20, 19, 18, 17):
        take("A", minutes_ago=minutes, priority=True)  # A002..A005
    shown = codes(line(giulia, desk["one"]).text)
    assert shown == order
    called = []
    for _ in shown:
        panel = giulia.post(f"/counter/{desk['one'].id}/next", headers=HTMX).text
        code = re.search(r'class="ticket-code">([A-Z]\d{3})<', panel).group(1)
        called.append(code)
        ticket_id = re.search(r'name="ticket_id" value="(\d+)"', panel).group(1)
        giulia.post(f"/counter/{desk['one'].id}/no-show", data={"ticket_id": ticket_id}, headers=HTMX)
    assert called == shown


def test_a_ticket_of_yesterday_is_not_listed(giulia, desk, take):
    take("A", days_ago=1)
    today = take("B", minutes_ago=1)
    fragment = line(giulia, desk["one"]).text
    assert codes(fragment) == [today.code]
    assert '<span class="prefix">A</span> Job orientation <strong class="count">0</strong>' in fragment


def test_an_unchanged_line_is_not_sent_again_and_a_changed_panel_reloads(giulia, app, desk, take):
    take("A")
    first = line(giulia, desk["one"])
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', first.text).group(1)
    state = re.search(r'id="panel-state" name="state" value="([^"]*)"', giulia.get(f"/counter/{desk['one'].id}").text)
    assert line(giulia, desk["one"], seen=seen, state=state.group(1)).status_code == 204
    # Someone else sits at the counter: the panel is asked to reload (its state moved on), the line too.
    marco = Browser(app, "marco")
    marco.post(f"/counter/{desk['one'].id}/open")
    changed = line(giulia, desk["one"], seen=seen, state=state.group(1))
    assert changed.status_code == 200 and changed.headers["HX-Trigger"] == "panel-changed"
    assert codes(changed.text) == ["A001"]


def test_the_page_refreshes_the_line_every_two_seconds_and_after_each_action(giulia, desk):
    page = giulia.get(f"/counter/{desk['one'].id}").text
    assert 'hx-trigger="every 2s, queue-changed from:body"' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page  # htmx sends the CSRF token with every action
    # An action waits for a refresh on its way (which shows the line as it was before it); no refresh starts
    # while an action is on its way, and a second action while the first is dropped once the panel is replaced.
    assert page.count('hx-sync="#counter-board:queue first"') >= 6 and 'hx-disabled-elt="find button"' in page
    assert 'hx-sync="#counter-board:drop"' in page
    for key in ("N", "R", "S", "X", "F"):
        assert f"<kbd>{key}</kbd>" in page and f'aria-keyshortcuts="{key}"' in page
