"""Quarterly check-ins: the person's self ratings, submitted for their manager's sign-off.

Every save returns the check-in's `revision`; send it back with the next change. If someone
saved in between, the change is refused with 409 and nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.examples import CHECKIN_CREATE, CHECKIN_FIELDS, SIGN_OFF, examples
from ladders.api.inputs import StrictIn
from ladders.api.lookups import (
    checkin_in_reach,
    person_id_path,
    person_in_reach,
    quarter_path,
)
from ladders.api.pagination import PageIn, page_of
from ladders.api.people import PersonRefOut
from ladders.core import limits
from ladders.core.dates import QUARTER_PATTERN
from ladders.core.profile import Allocation, MetCriteria, Ratings
from ladders.core.rules import Id
from ladders.leveling import services
from ladders.leveling.selectors import checkins_visible_to

router = Router(tags=["check-ins"])

Notes = Annotated[str, Field(max_length=limits.NOTES)]
Revision = Annotated[int, Field(ge=1, le=2**31 - 1)]

RATINGS_HELP = "Skill id to rating on the framework's scale (0-4 in the default framework)."
CRITERIA_HELP = (
    "Checklist ladders: criterion id to the ids of the person's evidence that shows it; an empty "
    "list is self-asserted (counts as met, reported as such)."
)
ALLOCATION_HELP = "Activity id to percent of time; the percentages add up to 100."
REVISION_HELP = "The revision you loaded; a stale one is refused with 409. Omit to create."
DRAFTS_NOTE = (
    "A draft is seen only by its author: for their management chain and admins it is left out "
    "of the list and answers 404, as a quarter without a check-in does, until it is submitted."
)


class CheckinOut(Schema):
    person_id: int
    quarter: str
    status: Literal["draft", "submitted", "signed_off"]
    self_ratings: dict[str, int]
    manager_ratings: dict[str, int]
    time_allocation: dict[str, float] | None
    criteria: dict[str, list[str]] = Field(description=CRITERIA_HELP)
    self_assessed_level: str | None
    notes: str
    manager_notes: str
    submitted_at: datetime | None
    signed_off_by: PersonRefOut | None
    signed_off_at: datetime | None
    revision: int = Field(description="Send it back with the next change.")
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_self_assessed_level(obj) -> str | None:
        return obj.self_assessed_level or None

    @staticmethod
    def resolve_criteria(obj) -> dict[str, list[str]]:
        return obj.criteria or {}

    @staticmethod
    def resolve_manager_ratings(obj) -> dict[str, int]:
        return obj.manager_ratings or {}


class CheckinListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CheckinOut] = Field(description="Newest quarter first.")


class _CheckinFields(StrictIn):
    self_ratings: Ratings = Field(default_factory=dict, description=RATINGS_HELP)
    time_allocation: Allocation | None = Field(None, description=ALLOCATION_HELP)
    criteria: MetCriteria = Field(default_factory=dict, description=CRITERIA_HELP)
    self_assessed_level: Id | None = Field(None, description="The level id the person believes they are at.")
    notes: Notes = ""
    revision: Revision | None = Field(None, description=REVISION_HELP)


class CheckinCreateIn(_CheckinFields):
    model_config = ConfigDict(json_schema_extra=examples(CHECKIN_CREATE))

    quarter: str = Field(
        pattern=QUARTER_PATTERN,
        description="YYYY-Qn, for example 2026-Q4: the current quarter or an earlier one (from 0001-Q1).",
    )
    submit: bool = Field(False, description="Submit for sign-off right away.")


class CheckinSavedOut(CheckinOut):
    pass


class CheckinUpdateIn(_CheckinFields):
    model_config = ConfigDict(json_schema_extra=examples(CHECKIN_FIELDS))


class CheckinUpdatedOut(CheckinOut):
    pass


class CheckinSubmitIn(StrictIn):
    revision: Revision | None = Field(None, description=REVISION_HELP)


class CheckinSubmittedOut(CheckinOut):
    pass


class CheckinDetailOut(CheckinOut):
    pass


class SignOffIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(SIGN_OFF))

    manager_ratings: Ratings = Field(
        default_factory=dict, description="Ratings that override the self ratings, skill by skill."
    )
    manager_notes: Notes = ""
    revision: Revision | None = Field(default=None, description=REVISION_HELP)


class SnapshotOut(Schema):
    id: int = Field(description="Read it whole at `GET /people/{id}/snapshots/{snapshot_id}`.")
    as_of: date
    level: str
    framework_hash: str = Field(description="Content hash of the framework version used.")


class SignOffOut(Schema):
    checkin: CheckinOut
    snapshot: SnapshotOut = Field(description="The assessment frozen at sign-off.")


def _save(request, person_id: int, quarter: str, payload: _CheckinFields, *, submit: bool):
    return services.checkin_save(
        actor=request.auth,
        person=person_in_reach(request.auth, person_id),
        quarter=quarter,
        self_ratings=payload.self_ratings,
        time_allocation=payload.time_allocation,
        self_assessed_level=payload.self_assessed_level or "",
        notes=payload.notes,
        revision=payload.revision,
        submit=submit,
        criteria=payload.criteria,
    )


@router.get(
    "/people/{person_id}/checkins",
    response={200: CheckinListOut, **error_responses(403, 404, 422)},
    operation_id="checkin_list",
    summary="A person's check-ins, newest quarter first",
    description=DRAFTS_NOTE,
)
def checkin_list(request, page: Query[PageIn], person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    return page_of(checkins_visible_to(request.auth, person).select_related("signed_off_by"), page)


@router.post(
    "/people/{person_id}/checkins",
    response={200: CheckinSavedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="checkin_save",
    summary="Save the caller's own check-in for a quarter (created if new)",
    description="Only the person fills in their own check-in (403 for anyone else). A submitted "
    "or signed-off check-in can no longer be edited (409).",
)
def checkin_save(request, payload: CheckinCreateIn, person_id: int = person_id_path()):
    return _save(request, person_id, payload.quarter, payload, submit=payload.submit)


@router.get(
    "/people/{person_id}/checkins/{quarter}",
    response={200: CheckinDetailOut, **error_responses(403, 404, 422)},
    operation_id="checkin_get",
    summary="One quarter's check-in",
    description=DRAFTS_NOTE,
)
def checkin_get(request, person_id: int = person_id_path(), quarter: str = quarter_path()):
    return checkin_in_reach(request.auth, person_id, quarter)


@router.put(
    "/people/{person_id}/checkins/{quarter}",
    response={200: CheckinUpdatedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="checkin_update",
    summary="Save the caller's own draft for this quarter (created if new)",
    description="Replaces the draft's answers: a field left out is emptied. Send the `revision` you "
    "loaded; a stale one is a 409 and nothing is written.",
)
def checkin_update(
    request, payload: CheckinUpdateIn, person_id: int = person_id_path(), quarter: str = quarter_path()
):
    return _save(request, person_id, quarter, payload, submit=False)


@router.post(
    "/people/{person_id}/checkins/{quarter}/submit",
    response={200: CheckinSubmittedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="checkin_submit",
    summary="Submit the saved draft for the manager's sign-off",
    description="Submits the answers as last saved. Only the person submits their own check-in "
    "(403 for their manager or an admin); one already submitted is a 409.",
)
def checkin_submit(
    request,
    payload: CheckinSubmitIn | None = None,
    person_id: int = person_id_path(),
    quarter: str = quarter_path(),
):
    return services.checkin_submit(
        actor=request.auth,
        person=person_in_reach(request.auth, person_id),
        quarter=quarter,
        revision=payload.revision if payload else None,
    )


@router.post(
    "/people/{person_id}/checkins/{quarter}/sign-off",
    response={200: SignOffOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="checkin_sign_off",
    summary="Sign off a submitted check-in (the person's management chain or an admin)",
    description="Freezes the assessment with the framework's hash and records the level. "
    "The person cannot sign off their own (403); a check-in that is not submitted is a 409.",
)
def checkin_sign_off(
    request,
    payload: SignOffIn | None = None,
    person_id: int = person_id_path(),
    quarter: str = quarter_path(),
):
    checkin = checkin_in_reach(request.auth, person_id, quarter)
    payload = payload or SignOffIn()
    snapshot = services.checkin_sign_off(
        actor=request.auth,
        checkin=checkin,
        manager_ratings=payload.manager_ratings,
        manager_notes=payload.manager_notes,
        revision=payload.revision,
    )
    return {"checkin": snapshot.checkin, "snapshot": snapshot}
