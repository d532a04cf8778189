"""The rules of a cycle: where someone stands, which reminder threshold is reached, date order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ladders.core.cycles import (
    CycleDates,
    CycleState,
    Standing,
    Threshold,
    cycle_dates_problems,
    percent,
    retry_delay,
    standing,
    state_on_creation,
    threshold_reached,
)

DATES = CycleDates(date(2027, 1, 4), date(2027, 1, 22), date(2027, 2, 5))
BEFORE = date(2027, 1, 10)


@pytest.mark.parametrize(
    ("status", "started", "today", "expected"),
    [
        (None, False, BEFORE, Standing.NOT_STARTED),
        ("draft", False, BEFORE, Standing.NOT_STARTED),
        ("draft", True, BEFORE, Standing.DRAFT),
        ("submitted", True, BEFORE, Standing.SUBMITTED),
        ("signed_off", True, BEFORE, Standing.SIGNED_OFF),
        ("draft", True, date(2027, 1, 23), Standing.OVERDUE),
        (None, False, date(2027, 1, 23), Standing.OVERDUE),
        ("submitted", True, date(2027, 1, 23), Standing.SUBMITTED),
        ("submitted", True, date(2027, 2, 6), Standing.OVERDUE),
        ("signed_off", True, date(2027, 3, 1), Standing.SIGNED_OFF),
    ],
)
def test_a_persons_standing_follows_their_checkin_and_the_due_dates(status, started, today, expected):
    assert standing(status=status, started=started, dates=DATES, today=today) == expected


def test_the_due_day_itself_is_not_overdue():
    assert standing(status="draft", started=True, dates=DATES, today=DATES.self_review_due) == Standing.DRAFT


def test_a_closed_cycle_is_never_overdue_it_is_over():
    late = date(2027, 6, 1)
    assert standing(status="draft", started=True, dates=DATES, today=late, closed=True) == Standing.DRAFT
    assert standing(status=None, started=False, dates=DATES, today=late, closed=True) == Standing.NOT_STARTED


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (30, None),
        (8, None),
        (7, Threshold.WEEK),
        (2, Threshold.WEEK),
        (1, Threshold.DAY),
        (0, Threshold.DAY),
        (-1, Threshold.OVERDUE),
        (-40, Threshold.OVERDUE),
    ],
)
def test_the_most_urgent_threshold_reached_is_the_one_due(days_before, expected):
    due = date(2027, 1, 22)
    assert threshold_reached(due, today=due - timedelta(days=days_before)) == expected


def test_dates_must_run_open_then_self_review_then_sign_off():
    assert cycle_dates_problems(DATES) == []
    bad = CycleDates(date(2027, 1, 10), date(2027, 1, 5), date(2027, 1, 1))
    assert [field for field, _ in cycle_dates_problems(bad)] == ["self_review_due", "sign_off_due"]


def test_a_cycle_opens_on_creation_only_once_its_day_has_come():
    assert state_on_creation(date(2027, 1, 4), today=date(2027, 1, 4)) == CycleState.OPEN
    assert state_on_creation(date(2027, 1, 5), today=date(2027, 1, 4)) == CycleState.SCHEDULED


def test_percent_rounds_down_so_100_means_everyone():
    assert percent(0, 0) == 0
    assert percent(2, 3) == 66
    assert percent(99, 100) == 99
    assert percent(5, 5) == 100


def test_failed_deliveries_wait_longer_each_time_but_at_most_a_day():
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(3) == timedelta(minutes=4)
    assert retry_delay(30) == timedelta(days=1)
