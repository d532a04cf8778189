"""Calendar rules shared by every way in: quarters, and which dates work may be recorded on.

Quarters are written `YYYY-Qn` and run over the same years as dates do (`datetime.date`:
0001 to 9999), so every quarter has a first and a last day. A check-in looks back on a
quarter, so it is for the current quarter or an earlier one; evidence records work that
has happened, so it is dated today at the latest. "Today" is the caller's: the server's
local date, or the real date for the CLI; these functions never read a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]$"
"""How a quarter is written; ASCII digits only, so the text sorts as the quarters do."""

_HOW = "write it as YYYY-Qn, for example 2026-Q4"


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.number}"

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.number * 3 - 2, 1)

    @property
    def last_day(self) -> date:
        month = self.number * 3
        return date(self.year, month, 31 if month in (3, 12) else 30)


FIRST = Quarter.of(date.min)
LAST = Quarter.of(date.max)


def quarter_parse(text: str) -> Quarter:
    """The quarter `text` names; ValueError saying how to write it, or which years exist."""
    if not isinstance(text, str) or not re.fullmatch(QUARTER_PATTERN, text):
        raise ValueError(_HOW)
    quarter = Quarter(int(text[:4]), int(text[-1]))
    if not FIRST <= quarter <= LAST:
        raise ValueError(f"{text} is out of range: quarters run from {FIRST} to {LAST}")
    return quarter


def checkin_quarter_problem(text: str, *, today: date) -> str | None:
    """Why a check-in cannot be for the quarter `text`, or None when it can."""
    try:
        quarter = quarter_parse(text)
    except ValueError as error:
        return str(error)
    current = Quarter.of(today)
    if quarter > current:
        return (
            f"{quarter} has not started yet; a check-in is for the current quarter ({current}) "
            "or an earlier one"
        )
    return None


def recorded_date_problem(day: date, *, today: date) -> str | None:
    """Why work cannot be recorded as done on `day`, or None when it can (today or before)."""
    if day > today:
        return (
            f"{day.isoformat()} is in the future; record work once it has happened "
            f"(today is {today.isoformat()})"
        )
    return None
