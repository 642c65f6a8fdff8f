"""Rules of taking a ticket at a terminal: one per form, the service for an offer, waits said honestly."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.extensions import db
from kiosk.queue import taking
from kiosk.queue.models import Service, Ticket
from kiosk.queue.to_bring import DOCUMENTS, documents_to_bring
from kiosk.tokens import LONGEST, SHORTEST, new_token

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.fixture
def service(make_site, make_service):
    site = make_site()
    cv = make_service(site, "B", "cv-help", "Aiuto CV")
    make_service(site, "Z", "old", active=False)
    return taking.service_ref(cv, site)


@pytest.mark.both_databases
def test_one_form_token_takes_one_ticket(service):
    first = taking.take_once(db.session, service, "ar", NOW, "t" * 32, priority=True, offer_reference="R-1")
    again = taking.take_once(db.session, service, "it", NOW + timedelta(seconds=1), "t" * 32)
    other = taking.take_once(db.session, service, "it", NOW + timedelta(seconds=2), "u" * 32)
    assert again.id == first.id and (first.code, first.lang, first.priority, first.offer_reference) == (
        "B001", "ar", True, "R-1")
    assert other.code == "B002"
    assert db.session.query(Ticket).count() == 2


@pytest.mark.both_databases
def test_a_repeated_token_is_refused_by_the_database_and_finds_the_first_ticket(service):
    winner = taking.take_once(db.session, service, "it", NOW, "r" * 32)
    # The repeat does not look first: it draws a number, the unique token refuses it, it finds the winner's.
    loser = taking.take_once(db.session, service, "it", NOW, "r" * 32)
    assert loser.id == winner.id
    assert db.session.query(Ticket).count() == 1
    # The number the repeat drew was rolled back with it: the next ticket is B002, not B003.
    assert taking.take_once(db.session, service, "it", NOW, "s" * 32).code == "B002"


def test_only_active_services_of_the_site_are_found(service, make_site):
    assert taking.find_service(db.session, service.site_id, "cv-help").prefix == "B"
    assert taking.find_service(db.session, service.site_id, "old") is None
    other = make_site(slug="sarzana", name="InfoLavoro Sarzana")
    assert taking.find_service(db.session, other.id, "cv-help") is None


@pytest.mark.parametrize(("kind", "contract", "organisation", "slug"), [
    ("course", "fixed_term", "training", "training"),
    ("event", "permanent", "municipality", "agency"),
    ("job", "agency", "union", "agency"),
    ("job", "permanent", "agency", "agency"),
    ("job", "permanent", "municipality", "orientation"),
    ("internship", "internship", "agency", "orientation"),
    ("apprenticeship", "apprenticeship", "school", "orientation"),
])
def test_an_offer_goes_to_the_service_that_can_talk_about_it(kind, contract, organisation, slug):
    assert taking.service_slug_for_offer(kind, contract, organisation) == slug


def test_a_site_without_that_service_offers_its_first_one():
    first, agency = Service(slug="orientation"), Service(slug="agency")
    assert taking.choose_service([first, agency], "agency") is agency
    assert taking.choose_service([first, agency], "training") is first
    assert taking.choose_service([], "training") is None


@pytest.mark.parametrize(("minutes", "said"), [
    (0, (0, 0)), (0.2, (0, 5)), (4, (0, 5)), (10, (0, 10)), (11, (0, 15)), (56, (1, 0)), (60, (1, 0)),
    (64, (1, 0)), (65, (1, 10)), (83, (1, 20)), (118, (2, 0)), (200, (3, 20)),
])
def test_a_wait_is_rounded_to_what_can_honestly_be_said(minutes, said):
    assert taking.rounded_wait(timedelta(minutes=minutes)) == said


def test_request_tokens_are_new_each_time_and_fit_the_column():
    made = {new_token() for _ in range(50)}
    assert len(made) == 50 and all(SHORTEST <= len(token) <= LONGEST for token in made)


def test_the_first_receipt_has_one_print_token_per_ticket():
    one, two = Ticket(token="a" * 43), Ticket(token="b" * 43)
    assert taking.auto_print_token(one) == taking.auto_print_token(Ticket(token="a" * 43))
    assert taking.auto_print_token(one) != taking.auto_print_token(two)
    assert len(taking.auto_print_token(one)) <= 64


def test_documents_are_named_in_the_visitors_language_or_in_italian():
    assert documents_to_bring(["cv", "id"], "ar") == [DOCUMENTS["cv"]["ar"], DOCUMENTS["id"]["ar"]]
    assert documents_to_bring(["cv", "no-such-thing"], "xx") == ["Il suo curriculum (CV)"]
