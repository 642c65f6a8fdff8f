"""Who is called next and how long a wait is, without a request or a database."""

from datetime import datetime, timedelta

from kiosk.queue.ordering import (
    DEFAULT_RULE,
    DEFAULT_SERVICE_TIME,
    CallRule,
    Waiting,
    choose_next,
    mean_service_time,
    priority_streak,
    rule_from_settings,
)

NINE = datetime(2026, 11, 25, 9, 0)


def ticket(id, minutes, priority=False, lang="it", service=1):
    return Waiting(id=id, service_id=service, priority=priority, queued_at=NINE + timedelta(minutes=minutes), lang=lang)


def test_first_come_first_served_within_the_counters_services():
    line = [ticket(1, 5), ticket(2, 1, service=2), ticket(3, 2)]
    assert choose_next(line, {1}, {"it"}, 0).id == 3
    assert choose_next(line, {1, 2}, {"it"}, 0).id == 2
    assert choose_next(line, {9}, {"it"}, 0) is None


def test_priority_first_but_never_starving_the_others():
    line = [ticket(1, 0), ticket(2, 5, priority=True), ticket(3, 6, priority=True)]
    rule = CallRule(max_priority_in_row=2)
    assert choose_next(line, {1}, {"it"}, 0, rule).id == 2
    assert choose_next(line, {1}, {"it"}, 1, rule).id == 2
    assert choose_next(line, {1}, {"it"}, 2, rule).id == 1  # two priority calls in a row: the long wait goes next
    only_priority = [ticket(2, 5, priority=True)]
    assert choose_next(only_priority, {1}, {"it"}, 5, rule).id == 2


def test_a_counter_that_speaks_the_language_goes_first_among_tickets_close_in_line():
    line = [ticket(1, 0, lang="ar"), ticket(2, 1, lang="it"), ticket(3, 10, lang="it")]
    assert choose_next(line, {1}, {"it", "ar"}, 0).id == 1
    assert choose_next(line, {1}, {"it"}, 0).id == 2  # 1 minute behind: close enough
    far = [ticket(1, 0, lang="ar"), ticket(3, 10, lang="it")]
    assert choose_next(far, {1}, {"it"}, 0).id == 1  # 10 minutes behind: the Arabic ticket is not passed over


def test_a_transferred_ticket_keeps_its_place_by_the_time_it_joined_the_line():
    transferred = ticket(7, 0, service=2)  # taken at 9:00 for service 1, moved to 2 at 9:20
    line = [ticket(5, 10, service=2), transferred]
    assert choose_next(line, {2}, {"it"}, 0).id == 7


def test_priority_streak_counts_from_the_latest_call():
    assert priority_streak([]) == 0
    assert priority_streak([True, False, True, True]) == 2
    assert priority_streak([True, True, False]) == 0


def test_service_time_moves_from_a_sensible_default():
    assert mean_service_time([]) == DEFAULT_SERVICE_TIME
    moved = mean_service_time([timedelta(minutes=20)] * 3)
    assert DEFAULT_SERVICE_TIME < moved < timedelta(minutes=20)
    assert mean_service_time([timedelta(minutes=5)] * 50) < timedelta(minutes=5, seconds=1)


def test_a_desk_sets_its_own_rule():
    rule = rule_from_settings({"KIOSK_PRIORITY_IN_ROW": 1, "KIOSK_LANGUAGE_WINDOW_MINUTES": 0})
    assert rule == CallRule(max_priority_in_row=1, language_window=timedelta(0))
    assert rule_from_settings({}) == DEFAULT_RULE
