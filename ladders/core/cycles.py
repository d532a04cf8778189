"""The rules of a leveling cycle: its states, where each person stands, and which reminder is due.

A cycle is scheduled until its open date, open until an admin closes it, then closed. Each
person in its scope has one check-in for the cycle's quarter; where they stand is read from
that check-in and the cycle's two due dates (the self review, then the manager's sign-off).
Reminders go out 7 days and 1 day before a due date and once it has passed; each is sent
once, so only the most urgent threshold reached is ever due. "Today" is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class CycleState(StrEnum):
    SCHEDULED = "scheduled"
    OPENING = "opening"  # the background worker is enrolling everyone in scope; not open yet
    OPEN = "open"
    CLOSED = "closed"


class Standing(StrEnum):
    """Where one person stands in a cycle, in the order a cycle moves them through."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"
    OVERDUE = "overdue"


STANDING_LABELS: dict[Standing, str] = {
    Standing.NOT_STARTED: "Not started",
    Standing.DRAFT: "Draft",
    Standing.SUBMITTED: "Submitted",
    Standing.SIGNED_OFF: "Signed off",
    Standing.OVERDUE: "Overdue",
}


class Threshold(StrEnum):
    """When a reminder is sent, relative to the date it is about."""

    WEEK = "7d"
    DAY = "1d"
    OVERDUE = "overdue"


THRESHOLD_DAYS: dict[Threshold, int] = {Threshold.WEEK: 7, Threshold.DAY: 1}
"""Days before the due date from which each advance reminder is due."""

THRESHOLD_LABELS: dict[Threshold, str] = {
    Threshold.WEEK: "due in a week",
    Threshold.DAY: "due tomorrow",
    Threshold.OVERDUE: "overdue",
}


class ReminderKind(StrEnum):
    SELF_REVIEW = "self_review"  # to the engineer: fill in and submit the check-in
    SIGN_OFF = "sign_off"  # to a manager: sign off the check-ins submitted to them


@dataclass(frozen=True, slots=True)
class CycleDates:
    opens_on: date
    self_review_due: date
    sign_off_due: date


def cycle_dates_problems(dates: CycleDates) -> list[tuple[str, str]]:
    """(field, message) for dates out of order: open, then self review, then sign-off."""
    problems: list[tuple[str, str]] = []
    if dates.self_review_due < dates.opens_on:
        problems.append(("self_review_due", "the self review cannot be due before the cycle opens"))
    if dates.sign_off_due < dates.self_review_due:
        problems.append(("sign_off_due", "the sign-off cannot be due before the self review"))
    return problems


def state_on_creation(opens_on: date, *, today: date) -> CycleState:
    """A cycle whose open date has come opens at once; a later one waits, scheduled."""
    return CycleState.OPEN if opens_on <= today else CycleState.SCHEDULED


def standing(
    *, status: str | None, started: bool, dates: CycleDates, today: date, closed: bool = False
) -> Standing:
    """Where someone stands, from their check-in's status (None: no check-in) and the dates.

    `started` says whether a draft holds anything yet. Overdue means the step that is theirs
    (or their manager's, once submitted) is past its due date; a closed cycle is never
    overdue, it is over.
    """
    if status == "signed_off":
        return Standing.SIGNED_OFF
    if status == "submitted":
        if not closed and today > dates.sign_off_due:
            return Standing.OVERDUE
        return Standing.SUBMITTED
    if not closed and today > dates.self_review_due:
        return Standing.OVERDUE
    return Standing.DRAFT if status == "draft" and started else Standing.NOT_STARTED


def threshold_reached(due: date, *, today: date) -> Threshold | None:
    """The most urgent reminder threshold reached on `today` for something due on `due`."""
    if today > due:
        return Threshold.OVERDUE
    left = (due - today).days
    if left <= THRESHOLD_DAYS[Threshold.DAY]:
        return Threshold.DAY
    if left <= THRESHOLD_DAYS[Threshold.WEEK]:
        return Threshold.WEEK
    return None


def percent(done: int, total: int) -> int:
    """Whole percent done, rounded down so 100 means everyone."""
    return 0 if total == 0 else done * 100 // total


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before trying a failed delivery again: 1, 2, 4 ... minutes, at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


DELIVERY_ATTEMPTS = 8
"""Deliveries tried this many times are given up (and stay listed as failed)."""
