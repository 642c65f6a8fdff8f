"""Where a queue ticket stands for its holder, and its live part on the phone (polling, no change, the final word)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from babel.dates import format_date

from kiosk import clock
from kiosk.extensions import db
from kiosk.network.models import Site
from kiosk.public import ticket as public_ticket
from kiosk.queue import actions, line
from kiosk.queue.models import Counter, Service, Ticket, TicketEvent
from kiosk.queue.taking import rounded_wait
from tests.catalogues import say

HTMX = {"HX-Request": "true"}


@dataclass
class Desk:
    site: Site
    orientation: Service
    cv: Service
    counter: Counter
    make_ticket: Callable[..., Ticket]

    def take(self, lang: str = "it", minutes_ago: int = 30, service: Service | None = None, **kw) -> Ticket:
        """Take a ticket a while ago today (in Rome), as the kiosk would."""
        return self.make_ticket(service or self.orientation, lang, minutes_ago=minutes_ago, **kw)

    def call(self, ticket: Ticket) -> Ticket:
        actions.call(db.session, ticket, self.counter, self.site.slug, clock.now())
        db.session.commit()
        return ticket


@pytest.fixture
def desk(make_site, make_service, make_counter, make_ticket, mid_morning) -> Desk:
    """A desk with two services (orientation with documents to bring, CV help) and counter 2 serving both."""
    site = make_site()
    orientation = make_service(site, "A", documents=["id", "cv"], texts={
        "it": {"name": "Orientamento al lavoro"}, "en": {"name": "Job orientation"},
        "ar": {"name": "التوجيه المهني"}})
    cv = make_service(site, "B", "cv-help", texts={
        "it": {"name": "Aiuto per il curriculum"}, "ar": {"name": "المساعدة في السيرة الذاتية"}})
    return Desk(site, orientation, cv, make_counter(site, 2, [orientation, cv], ["it", "ar"]), make_ticket)


def follow(ticket: Ticket, lang: str = "it") -> public_ticket.TicketView:
    return public_ticket.follow(db.session, ticket, lang, clock.today())


# --- The status, as plain functions ---------------------------------------------------------------------------


@pytest.mark.both_databases
def test_people_ahead_and_the_wait_go_down_when_someone_ahead_is_called(desk):
    first, second, third = desk.take(minutes_ago=40), desk.take(minutes_ago=35), desk.take(minutes_ago=30)
    mine = desk.take("ar", minutes_ago=20)
    before = follow(mine, "ar")
    assert (before.state, before.ahead, before.wait) == ("waiting", 3, (0, 30))  # one counter, 10 minutes each
    assert before.code == "A004" and before.service_name == "التوجيه المهني" and before.service_lang == "ar"
    assert before.can_cancel and not before.final
    desk.call(first)
    after = follow(mine, "ar")
    assert after.ahead == 2 and (0, 0) < after.wait < before.wait
    assert after.wait == rounded_wait(line.wait_for(db.session, mine)[1])
    desk.call(second)
    desk.call(third)
    assert follow(mine).ahead == 0


def test_the_documents_to_bring_are_in_the_asked_language(desk):
    mine = desk.take("ar")
    assert follow(mine, "ar").documents == ("وثيقة الهوية", "سيرتك الذاتية (CV)")
    assert follow(mine, "it").documents == ("Documento d'identità", "Il suo curriculum (CV)")


def test_a_service_without_a_name_in_the_language_speaks_italian_and_says_so(desk):
    view = follow(desk.take("fr"), "fr")
    assert (view.service_name, view.service_lang) == ("Orientamento al lavoro", "it")


@pytest.mark.both_databases
def test_called_shows_the_counter_and_each_recall_counts(desk):
    mine = desk.call(desk.take())
    view = follow(mine)
    assert (view.state, view.counter, view.calls, view.ahead) == ("called", 2, 1, None)
    assert not view.can_cancel and not view.final
    actions.recall(db.session, mine, desk.site.slug, clock.now())
    db.session.commit()
    assert follow(mine).calls == 2


def test_each_end_is_final(desk):
    served, missed, given_up = desk.call(desk.take()), desk.call(desk.take()), desk.take()
    actions.start(db.session, served, desk.site.slug, clock.now())
    db.session.commit()
    assert (follow(served).state, follow(served).counter, follow(served).final) == ("serving", 2, False)
    actions.finish(db.session, served, desk.site.slug, clock.now())
    actions.no_show(db.session, missed, desk.site.slug, clock.now())
    actions.cancel(db.session, given_up, desk.site.slug, clock.now())
    db.session.commit()
    assert [(follow(t).state, follow(t).final) for t in (served, missed, given_up)] == [
        ("done", True), ("no_show", True), ("cancelled", True)]


def test_a_transferred_ticket_waits_again_for_its_new_service(desk):
    mine = desk.call(desk.take())
    actions.transfer(db.session, mine, desk.cv, desk.site.slug, clock.now())
    db.session.commit()
    view = follow(mine)
    assert (view.state, view.transferred, view.service_name, view.code) == (
        "waiting", True, "Aiuto per il curriculum", "A001")
    assert not follow(desk.take()).transferred


def test_a_ticket_left_waiting_on_an_earlier_day_is_no_longer_valid(desk):
    old = desk.take()
    old.day = clock.today() - timedelta(days=1)
    db.session.commit()
    view = follow(old)
    assert (view.state, view.final, view.can_cancel) == ("expired", True, False)
    assert public_ticket.give_up(db.session, old, clock.now()) == "refused" and old.status == "waiting"


@pytest.mark.parametrize("lang", ["uk", "sq"])
def test_a_ticket_of_an_earlier_day_says_its_date_without_a_weekday_to_inflect(client, desk, lang):
    old = desk.take()
    old.day = clock.today() - timedelta(days=1)
    db.session.commit()
    when = format_date(old.day, "long", locale=lang)
    page = client.get(f"/m/t/{old.token}?lang={lang}").text
    assert say(lang, "It was for %(date)s. Take a new number at the kiosk.", date=f"<bdi>{when}</bdi>") in page


@pytest.mark.both_databases
def test_giving_up_happens_once_and_never_after_the_call(desk):
    mine, called = desk.take(), desk.call(desk.take())
    assert public_ticket.give_up(db.session, mine, clock.now()) == "cancelled"
    db.session.commit()
    assert public_ticket.give_up(db.session, mine, clock.now()) == "unchanged"
    db.session.commit()
    cancels = db.session.query(TicketEvent).filter_by(ticket_uuid=mine.uuid, kind="cancelled").count()
    assert (mine.status, cancels) == ("cancelled", 1)
    assert public_ticket.give_up(db.session, called, clock.now()) == "refused"
    db.session.commit()
    assert called.status == "called"


def test_a_ticket_is_found_by_its_token_never_by_its_number(desk):
    mine = desk.take()
    assert public_ticket.find_ticket(db.session, mine.token) is mine
    assert len(mine.token) >= 40 and mine.code not in mine.token
    for guess in (mine.code, str(mine.number), str(mine.id), "", mine.token + "x" * 30):
        assert public_ticket.find_ticket(db.session, guess) is None


# --- The live part through HTTP ---------------------------------------------------------------------------------


def test_the_status_is_a_fragment_that_polls_itself(client, desk):
    mine = desk.take("en")
    answer = client.get(f"/m/t/{mine.token}/status", headers=HTMX)
    assert answer.status_code == 200 and "<html" not in answer.text
    assert 'id="ticket-status"' in answer.text and 'hx-trigger="every 5s' in answer.text
    assert 'data-state="waiting"' in answer.text and "A001" in answer.text
    assert answer.headers["Cache-Control"] == "no-store" and "HX-Request" in answer.headers["Vary"]


def test_without_htmx_the_status_is_a_whole_page(client, desk):
    mine = desk.take("en")
    answer = client.get(f"/m/t/{mine.token}/status")
    assert answer.status_code == 200 and '<html lang="en"' in answer.text and 'id="ticket-status"' in answer.text


@pytest.mark.both_databases
def test_an_unchanged_status_answers_no_content_and_a_change_the_new_fragment(client, desk):
    ahead, mine = desk.take(minutes_ago=40), desk.take(minutes_ago=20)
    first = client.get(f"/m/t/{mine.token}/status?lang=it", headers=HTMX).text
    next_url = _poll_url(first)
    assert client.get(next_url, headers=HTMX).status_code == 204
    desk.call(ahead)
    changed = client.get(next_url, headers=HTMX)
    assert changed.status_code == 200 and 'data-state="waiting"' in changed.text
    assert _poll_url(changed.text) != next_url
    desk.call(mine)
    called = client.get(_poll_url(changed.text), headers=HTMX)
    assert called.status_code == 200 and 'data-state="called"' in called.text and 'data-calls="1"' in called.text


@pytest.mark.both_databases
@pytest.mark.parametrize("end", ["finish", "no_show", "cancel"])
def test_a_final_status_stops_the_polling(client, desk, end):
    mine = desk.call(desk.take("en")) if end != "cancel" else desk.take("en")
    if end == "finish":
        actions.start(db.session, mine, desk.site.slug, clock.now())
    getattr(actions, end)(db.session, mine, desk.site.slug, clock.now())
    db.session.commit()
    answer = client.get(f"/m/t/{mine.token}/status?seen=whatever", headers=HTMX)
    assert answer.status_code == 286
    assert "hx-trigger" not in answer.text and "hx-get" not in answer.text and "data-final" in answer.text
    assert client.get(f"/m/t/{mine.token}/status").status_code == 200  # a browser without htmx: a page


def test_the_status_of_an_unknown_ticket_is_not_found(client, desk):
    desk.take()
    assert client.get("/m/t/A001/status", headers=HTMX).status_code == 404


def _poll_url(fragment: str) -> str:
    import html
    import re

    return html.unescape(re.search(r'hx-get="([^"]+)"', fragment).group(1))
