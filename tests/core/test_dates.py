"""Quarters and recorded dates: one rule for the web, the API and the CLI.

Quarters are written `YYYY-Qn` and run over the same years as dates (0001 to 9999);
check-ins are for the current quarter or an earlier one, and evidence is recorded once the
work has happened (today at the latest).
"""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.dates import (
    Quarter,
    checkin_quarter_problem,
    quarter_parse,
    recorded_date_problem,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "year", "number"), [("2026-Q4", 2026, 4), ("0001-Q1", 1, 1), ("9999-Q4", 9999, 4)]
)
def test_a_quarter_is_read_from_yyyy_qn(text, year, number):
    quarter = quarter_parse(text)
    assert (quarter.year, quarter.number, str(quarter)) == (year, number, text)


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", " 2026-Q1", "", "２０２６-Q1"]
)
def test_anything_else_is_refused_with_how_to_write_it(text):
    with pytest.raises(ValueError, match="write it as YYYY-Qn, for example 2026-Q4"):
        quarter_parse(text)


def test_year_0000_is_refused_naming_the_range():
    with pytest.raises(ValueError) as caught:
        quarter_parse("0000-Q1")
    assert str(caught.value) == "0000-Q1 is out of range: quarters run from 0001-Q1 to 9999-Q4"


def test_a_quarter_knows_its_first_and_last_day():
    assert (Quarter(2026, 1).first_day, Quarter(2026, 1).last_day) == (date(2026, 1, 1), date(2026, 3, 31))
    assert Quarter(2024, 2).last_day == date(2024, 6, 30)
    assert (Quarter(1, 1).first_day, Quarter(9999, 4).last_day) == (date.min, date.max)


@pytest.mark.parametrize(("day", "quarter"), [(date(2026, 12, 1), "2026-Q4"), (date(2026, 4, 1), "2026-Q2")])
def test_the_quarter_of_a_day(day, quarter):
    assert str(Quarter.of(day)) == quarter


@pytest.mark.parametrize("text", ["2026-Q4", "2026-Q1", "0001-Q1"])
def test_a_check_in_may_be_for_the_current_or_an_earlier_quarter(text):
    assert checkin_quarter_problem(text, today=TODAY) is None


def test_a_check_in_for_a_quarter_that_has_not_started_is_refused():
    assert checkin_quarter_problem("2027-Q1", today=TODAY) == (
        "2027-Q1 has not started yet; a check-in is for the current quarter (2026-Q4) or an earlier one"
    )


def test_a_badly_written_quarter_is_a_check_in_problem_too():
    assert "out of range" in checkin_quarter_problem("0000-Q1", today=TODAY)
    assert "write it as YYYY-Qn" in checkin_quarter_problem("Q1-2026", today=TODAY)


@pytest.mark.parametrize("day", [TODAY, date(2026, 11, 30), date.min])
def test_evidence_may_be_dated_today_or_earlier(day):
    assert recorded_date_problem(day, today=TODAY) is None


def test_evidence_dated_after_today_is_refused_saying_so():
    assert recorded_date_problem(date(2026, 12, 2), today=TODAY) == (
        "2026-12-02 is in the future; record work once it has happened (today is 2026-12-01)"
    )


@pytest.mark.parametrize("as_of", [date(1, 3, 31), date.min, date.max])
def test_a_profile_is_assessed_as_of_the_first_and_last_days_dates_allow(profile_data, assess_data, as_of):
    data = profile_data("senior")
    data["evidence"].append({"id": "course", "kind": "course", "title": "A course", "date": date.min})
    result = assess_data(data, as_of=as_of)
    assert result["as_of"] == as_of.isoformat()
