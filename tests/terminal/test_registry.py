"""The terminals' domain functions: limits from the server's settings, tokens, states, the last-seen write."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk import clock
from kiosk.extensions import db
from kiosk.terminal import registry
from tests.terminal.enrolling import ADMIN, register


@pytest.mark.parametrize("rate, expected", [("5 per minute", 5), ("100/hour", 2), ("1000 per minute", 60),
                                            ("1 per day", 1), ("3/second", 60)])
def test_a_rate_becomes_a_bounded_number_a_minute(rate, expected):
    assert registry.per_minute(rate) == expected


def test_a_new_terminal_starts_from_the_servers_settings_within_bounds():
    config = {"KIOSK_PRINT_BACKEND": "cups", "KIOSK_PRINTER": "front", "KIOSK_IDLE_SECONDS": 5,
              "KIOSK_TICKET_RATE": "5 per minute", "KIOSK_PRINT_RATE": "1000 per minute"}
    assert registry.defaults(config) == {"print_backend": "cups", "printer": "front", "idle_seconds": 15,
                                         "ticket_limit": 5, "print_limit": 60}


def test_an_enrolment_token_is_easy_to_type_and_hard_to_guess():
    tokens = {registry.new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) == 26 and set(token) <= set(registry.TOKEN_ALPHABET) for token in tokens)
    assert not set("lo01") & set(registry.TOKEN_ALPHABET)


@pytest.mark.both_databases
def test_a_link_is_spent_once_and_ends_the_old_secret(make_site):
    terminal = register(make_site())
    now = clock.now()
    token = registry.new_enrolment_link(db.session, terminal, ADMIN, now)
    terminal_again, secret = registry.enrol(db.session, token, now)
    assert terminal_again is terminal and registry.identify(db.session, terminal.id, secret) is terminal
    assert registry.enrol(db.session, token, now) is None
    newer = registry.new_enrolment_link(db.session, terminal, ADMIN, now)
    assert registry.identify(db.session, terminal.id, secret) is terminal  # until the new link is used
    _, new_secret = registry.enrol(db.session, newer, now)
    assert registry.identify(db.session, terminal.id, secret) is None
    assert registry.identify(db.session, terminal.id, new_secret) is terminal


@pytest.mark.both_databases
def test_a_link_expires_after_a_day(make_site):
    terminal = register(make_site())
    now = clock.now()
    token = registry.new_enrolment_link(db.session, terminal, ADMIN, now)
    assert registry.link_pending(terminal, now + timedelta(hours=23, minutes=59))
    assert registry.enrol(db.session, token, now + timedelta(hours=24)) is None
    assert registry.state(terminal) == registry.WAITING


@pytest.mark.both_databases
def test_last_seen_is_written_at_most_every_five_minutes(make_site):
    terminal = register(make_site())
    now = clock.now()
    assert registry.note_seen(db.session, terminal.id, None, now)
    assert not registry.note_seen(db.session, terminal.id, now, now + timedelta(minutes=4))
    assert registry.note_seen(db.session, terminal.id, now, now + timedelta(minutes=6))
    db.session.commit()
    db.session.refresh(terminal)
    assert terminal.last_seen_at == now + timedelta(minutes=6)
