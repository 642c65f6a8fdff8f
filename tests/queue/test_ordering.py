"""Who is called next and how long a wait is, without a request or a database."""

from datetime import datetime, timedelta

from kiosk.queue.ordering import (
    DEFAULT_RULE,
    DEFAULT_SERVICE_TIME,
    CallRule,
    Floor,
    Waiting,
    calling_order,
    choose_next,
    mean_service_time,
    priority_streak,
    rule_from_settings,
    share_of_work,
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


def test_the_calling_order_counts_each_call_in_the_priority_streak():
    line = [ticket(1, 0), ticket(2, 1), ticket(3, 5, priority=True), ticket(4, 6, priority=True),
            ticket(5, 7, priority=True), ticket(6, 2, service=2)]
    rule = CallRule(max_priority_in_row=2)
    assert [w.id for w in calling_order(line, {1}, {"it"}, 0, rule)] == [3, 4, 1, 5, 2]
    assert [w.id for w in calling_order(line, {1}, {"it"}, 2, rule)] == [1, 3, 4, 2, 5]
    assert list(calling_order(line, {9}, {"it"}, 0)) == []


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


def test_the_estimate_shares_the_work_ahead_among_the_counters_that_do_it():
    ten = {1: timedelta(minutes=10), 2: timedelta(minutes=20)}.__getitem__
    # Counter 7 serves services 1 and 2, counter 8 only service 2; nobody has sat down yet.
    desk = Floor(serving={7: frozenset({1, 2}), 8: frozenset({2})}, open=frozenset())
    # Service 1 is counter 7's alone; of the two service-2 tickets ahead, half the work falls on counter 7.
    assert share_of_work(desk, 1, {1: 1, 2: 2}, ten) == timedelta(minutes=10 + 20)
    # Service 2 is done by both counters: everything ahead in their lines, shared between two.
    assert share_of_work(desk, 2, {1: 1, 2: 2}, ten) == timedelta(minutes=(10 + 40) / 2)
    # Once counter 8 is open and 7 is not, 7 counts for nothing; service 1 has nobody open, so all serving it.
    only_eight = Floor(desk.serving, open=frozenset({8}), busy=((8, 2),))
    assert share_of_work(only_eight, 2, {2: 1}, ten) == timedelta(minutes=20 + 10)  # one ahead, half a service
    assert share_of_work(only_eight, 1, {1: 2}, ten) == timedelta(minutes=20)
    assert share_of_work(desk, 3, {3: 5}, ten) == timedelta(0)  # no counter serves it: nobody can say
