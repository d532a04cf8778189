"""Leveling cycles: the list, one cycle, its participation, and the admin's open and close.

Everyone sees their organisation's cycles and due dates. Participation is for managers
(the people they see) and admins; anyone else gets 404. It says where each person stands,
never what a draft holds. Opening and closing are for admins (404 for everyone else, as
the admin pages).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from ladders.accounts.models import Team
from ladders.accounts.permissions import can_manage_cycles
from ladders.api.errors import error_responses
from ladders.api.examples import examples
from ladders.api.inputs import StrictIn, text
from ladders.api.lookups import MAX_ID
from ladders.api.pagination import PageIn, page_of
from ladders.core import limits
from ladders.core.dates import QUARTER_PATTERN
from ladders.core.validation import Day
from ladders.cycles import services
from ladders.cycles.selectors import cycle_for_viewer, cycles_of, participation

router = Router(tags=["cycles"])

StateName = Literal["scheduled", "opening", "open", "closed"]
StandingName = Literal["not_started", "draft", "submitted", "signed_off", "overdue"]
ADMINS_ONLY = "Admins only; for anyone else it does not exist (404). Recorded in the audit trail."
CYCLE_CREATE = {
    "name": "2026-Q4",
    "quarter": "2026-Q4",
    "opens_on": "2026-11-02",
    "self_review_due": "2026-12-04",
    "sign_off_due": "2026-12-18",
    "team_ids": [],
}


def cycle_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The cycle's id.")


class CycleOut(Schema):
    id: int = Field(description="Used in /cycles/{cycle_id}.")
    name: str
    quarter: str = Field(description="YYYY-Qn: the quarter its check-ins are for.")
    state: StateName
    opens_on: date
    self_review_due: date
    sign_off_due: date
    whole_org: bool = Field(description="Everyone in the organisation; otherwise `teams`.")
    teams: list[str]
    opened_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_teams(obj) -> list[str]:
        return sorted(team.name for team in obj.teams.all())


class CycleListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CycleOut] = Field(description="Newest quarter first.")


class CycleDetailOut(CycleOut):
    pass


class CycleCreatedOut(CycleOut):
    pass


class CycleOpenedOut(CycleOut):
    pass


class CycleCreateIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(CYCLE_CREATE))

    name: Annotated[str, text(limits.CYCLE_NAME)] = Field(
        description="Such as 2027-Q1; unique in the organisation."
    )
    quarter: str = Field(pattern=QUARTER_PATTERN, description="The current quarter or an earlier one.")
    opens_on: Day = Field(
        description="YYYY-MM-DD; today or earlier opens it at once, a later day schedules it."
    )
    self_review_due: Day = Field(description="YYYY-MM-DD the engineers' self reviews are due.")
    sign_off_due: Day = Field(
        description="YYYY-MM-DD the managers' sign-offs are due; not before the self review."
    )
    team_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=1000,
        description="Only these teams; empty for the whole organisation.",
    )


class CountsOut(Schema):
    total: int
    by_standing: dict[StandingName, int]
    signed_off_percent: int
    submitted_percent: int = Field(description="Submitted or signed off.")


class GroupOut(CountsOut):
    name: str = Field(description="The team's or manager's name; empty for none.")


class PlaceOut(Schema):
    person_id: int
    person: str
    team: str | None
    manager: str | None
    standing: StandingName
    has_email: bool = Field(description="False: they get no mail (shown to admins).")


class ParticipationOut(Schema):
    cycle: CycleOut
    counts: CountsOut
    teams: list[GroupOut]
    managers: list[GroupOut]
    people: list[PlaceOut]
    without_manager: list[PlaceOut] = Field(description="Admins only (empty for managers).")
    not_signed_off: list[PlaceOut] = Field(
        description="Once closed: everyone whose check-in was not signed off."
    )


class CycleClosedOut(Schema):
    cycle: CycleOut
    not_signed_off: list[str] = Field(description="Names of those whose check-in was not signed off.")


def _admin_cycle(request, cycle_id: int):
    if not can_manage_cycles(request.auth):
        raise Http404("No such cycle.")
    return cycle_for_viewer(request.auth, cycle_id)


@router.get(
    "/cycles",
    response={200: CycleListOut, **error_responses(403, 422)},
    operation_id="cycle_list",
    summary="The organisation's leveling cycles, newest quarter first",
)
def cycle_list(request, page: Query[PageIn]):
    return page_of(cycles_of(request.auth), page)


@router.post(
    "/cycles",
    response={201: CycleCreatedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="cycle_create",
    summary="Open a cycle now, or schedule it for its open date",
    description=ADMINS_ONLY + " Opening gives everyone in scope a check-in for the quarter.",
)
def cycle_create(request, payload: CycleCreateIn):
    if not can_manage_cycles(request.auth):
        raise Http404("No such page.")
    teams = list(Team.objects.filter(org_id=request.auth.org_id, pk__in=payload.team_ids))
    if len(teams) != len(set(payload.team_ids)):
        raise Http404("No such team.")
    cycle = services.cycle_create(
        actor=request.auth,
        org=request.auth.org,
        name=payload.name,
        quarter=payload.quarter,
        opens_on=payload.opens_on,
        self_review_due=payload.self_review_due,
        sign_off_due=payload.sign_off_due,
        teams=teams,
    )
    return Status(201, cycle)


@router.get(
    "/cycles/{cycle_id}",
    response={200: CycleDetailOut, **error_responses(403, 404, 422)},
    operation_id="cycle_get",
    summary="One cycle and its dates",
)
def cycle_get(request, cycle_id: int = cycle_id_path()):
    return cycle_for_viewer(request.auth, cycle_id)


@router.get(
    "/cycles/{cycle_id}/participation",
    response={200: ParticipationOut, **error_responses(403, 404, 422)},
    operation_id="cycle_participation",
    summary="Where everyone the caller sees stands in the cycle, with counts per team and manager",
    description="Managers (their reporting chain) and admins; anyone else gets 404. A draft is "
    "shown as existing, never with its content.",
)
def cycle_participation(request, cycle_id: int = cycle_id_path()):
    found = participation(viewer=request.auth, cycle_id=cycle_id)
    return {
        "cycle": found["cycle"],
        "counts": found["counts"],
        "teams": found["teams"],
        "managers": found["managers"],
        "people": found["rows"],
        "without_manager": found["without_manager"],
        "not_signed_off": found["not_signed_off"],
    }


@router.post(
    "/cycles/{cycle_id}/open",
    response={200: CycleOpenedOut, **error_responses(403, 404, 409, 422)},
    operation_id="cycle_open",
    summary="Open a scheduled cycle now",
    description=ADMINS_ONLY + " A cycle already open or closed is a 409.",
)
def cycle_open(request, cycle_id: int = cycle_id_path()):
    return services.cycle_open(actor=request.auth, cycle=_admin_cycle(request, cycle_id))


@router.post(
    "/cycles/{cycle_id}/close",
    response={200: CycleClosedOut, **error_responses(403, 404, 409, 422)},
    operation_id="cycle_close",
    summary="Close an open cycle; what was not signed off is listed",
    description=ADMINS_ONLY + " Only an open cycle can be closed (409).",
)
def cycle_close(request, cycle_id: int = cycle_id_path()):
    unsigned = services.cycle_close(actor=request.auth, cycle=_admin_cycle(request, cycle_id))
    cycle = cycle_for_viewer(request.auth, cycle_id)
    return {"cycle": cycle, "not_signed_off": [place.person.name for place in unsigned]}
