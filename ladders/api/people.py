"""People: who am I, whom may I see, and each person's record and level history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_view_compensation
from ladders.accounts.selectors import people_search
from ladders.api.errors import error_responses
from ladders.api.inputs import StrictIn, omittable, text
from ladders.api.lookups import (
    MAX_ID,
    admin_of,
    person_id_path,
    person_in_reach,
    snapshot_id_path,
    snapshot_in_reach,
)
from ladders.api.pagination import PageIn, page_of
from ladders.core import limits
from ladders.core.engine import cited_evidence
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.selectors import level_history, snapshot_citations
from ladders.leveling.services.people import UNCHANGED, person_edit

router = Router(tags=["people"])

ADMINS = "Admins of the person's organisation; anyone else who may see the person gets 403, others 404."
COMPENSATION_NOTE = (
    "Compensation (`base_salary`, `currency`, `market`) is shown to the person, their management "
    "chain and admins; for anyone else the three keys are present and null."
)


class PersonRefOut(Schema):
    id: int
    name: str


class OrgOut(Schema):
    id: int
    name: str
    is_demo: bool


class _PersonFields(Schema):
    id: int
    name: str
    role: str = Field(description="admin, manager or engineer.")
    title: str
    team: str | None = Field(description="The team's name, or null.")
    manager: PersonRefOut | None
    level: str | None = Field(description="The recorded level id (set at sign-off), or null.")
    level_since: date | None
    years_experience: float | None
    background: str
    base_salary: float | None = Field(description="Yearly base salary; null when hidden or unknown.")
    currency: str | None = Field(description="ISO 4217 code; null when hidden or unknown.")
    market: str | None = Field(description="Compensation market id; null when hidden or unknown.")

    @staticmethod
    def resolve_team(obj: Person) -> str | None:
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_level(obj: Person) -> str | None:
        return obj.level or None

    @staticmethod
    def resolve_base_salary(obj: Person, context: dict[str, Any]) -> float | None:
        if obj.base_salary is None or not _compensation_visible(obj, context):
            return None
        return float(obj.base_salary)

    @staticmethod
    def resolve_currency(obj: Person, context: dict[str, Any]) -> str | None:
        return (obj.currency or None) if _compensation_visible(obj, context) else None

    @staticmethod
    def resolve_market(obj: Person, context: dict[str, Any]) -> str | None:
        return (obj.market or None) if _compensation_visible(obj, context) else None


def _compensation_visible(person: Person, context: dict[str, Any]) -> bool:
    return can_view_compensation(context["request"].auth, person)


class MeOut(_PersonFields):
    org: OrgOut


class PersonDetailOut(_PersonFields):
    pass


class PersonListItemOut(Schema):
    id: int
    name: str
    role: str
    title: str
    team: str | None
    manager_id: int | None
    level: str | None
    active: bool = Field(description="False once an admin (or the identity provider) deactivated them.")

    @staticmethod
    def resolve_active(obj: Person) -> bool:
        return obj.user.is_active

    @staticmethod
    def resolve_team(obj: Person) -> str | None:
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_level(obj: Person) -> str | None:
        return obj.level or None


class PeopleFilterIn(Schema):
    q: str = Field(
        "", max_length=limits.SEARCH_QUERY, description="Text in the name, user name, email or title."
    )
    team_id: int | None = Field(None, ge=1, le=MAX_ID, description="Members of this team.")
    manager_id: int | None = Field(None, ge=1, le=MAX_ID, description="Direct reports of this person.")
    level: str = Field("", max_length=limits.ID, description="People recorded at this level id.")
    active: bool | None = Field(None, description="true: active people only; false: deactivated only.")


class PersonListOut(Schema):
    count: int = Field(description="How many people the caller may see in all.")
    limit: int
    offset: int
    items: list[PersonListItemOut]


class HistoryItemOut(Schema):
    id: int = Field(description="The frozen assessment's id: `GET /people/{id}/snapshots/{snapshot_id}`.")
    as_of: date
    level: str
    framework_hash: str = Field(description="Content hash of the framework version that produced the level.")
    quarter: str | None = Field(description="The signed-off check-in that froze it, if any.")


class HistoryOut(Schema):
    person_id: int
    items: list[HistoryItemOut] = Field(description="Frozen assessments, oldest first.")


class CitedEvidenceOut(Schema):
    """A piece of evidence as the frozen assessment recorded it, whatever it says today."""

    id: str = Field(description="The evidence id (slug) the result cites.")
    title: str | None = Field(description="Null when the assessment kept no record of the item.")
    kind: str | None
    date: date | None
    outcome: str | None
    scope: str | None


class SnapshotDetailOut(Schema):
    id: int
    person_id: int
    as_of: date
    level: str = Field(description="The level recorded (a promotion records its target).")
    framework_hash: str = Field(description="Content hash of the framework version that produced it.")
    quarter: str | None = Field(description="The signed-off check-in that froze it; null for a promotion.")
    result: dict[str, Any] = Field(
        description="The engine's result as it was (the shape of `GET /people/{id}/assessment`)."
    )
    evidence: list[CitedEvidenceOut] = Field(
        description="Every evidence id the result cites, with what the item said when it was frozen."
    )

    @staticmethod
    def resolve_quarter(obj: AssessmentSnapshot) -> str | None:
        return obj.checkin.quarter if obj.checkin else None

    @staticmethod
    def resolve_evidence(obj: AssessmentSnapshot) -> list[dict[str, Any]]:
        cited = snapshot_citations(obj, cited_evidence(obj.result) if obj.result else [])
        empty = dict.fromkeys(("title", "kind", "date", "outcome", "scope"))
        return [c["item"] or {"id": c["id"], **empty} for c in cited]


@router.get(
    "/me",
    response={200: MeOut, **error_responses(403)},
    operation_id="me_get",
    summary="The caller's own person record",
    description=COMPENSATION_NOTE,
)
def me_get(request):
    return request.auth


@router.get(
    "/people",
    response={200: PersonListOut, **error_responses(403, 422)},
    operation_id="people_list",
    summary="People the caller may see",
    description="Admins see the organisation, managers their reporting chain, engineers themselves; "
    "the filters narrow that.",
)
def people_list(request, filters: Query[PeopleFilterIn], page: Query[PageIn]):
    return page_of(people_search(request.auth, **filters.model_dump()), page)


@router.get(
    "/people/{person_id}",
    response={200: PersonDetailOut, **error_responses(403, 404, 422)},
    operation_id="person_get",
    summary="One person's record",
    description=COMPENSATION_NOTE,
)
def person_get(request, person_id: int = person_id_path()):
    return person_in_reach(request.auth, person_id)


@router.get(
    "/people/{person_id}/history",
    response={200: HistoryOut, **error_responses(403, 404, 422)},
    operation_id="person_history",
    summary="The person's level history from signed-off check-ins",
)
def person_history(request, person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    return {"person_id": person.pk, "items": level_history(person)}


@router.get(
    "/people/{person_id}/snapshots/{snapshot_id}",
    response={200: SnapshotDetailOut, **error_responses(403, 404, 422)},
    operation_id="snapshot_get",
    summary="One frozen assessment, with the evidence it cited as it was then",
    description="Made at sign-off or promotion. Editing or deleting evidence later changes nothing "
    "here: the cited items are the copies taken when it was frozen.",
)
def snapshot_get(request, person_id: int = person_id_path(), snapshot_id: int = snapshot_id_path()):
    return snapshot_in_reach(request.auth, person_id, snapshot_id)


class PersonEditIn(StrictIn):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "Staff engineer", "team": "Platform", "manager_id": 2}]}
    )

    name: Annotated[str, text(limits.PERSON_NAME)] = omittable(description="The name people see.")
    title: Annotated[str, text(limits.JOB_TITLE)] = omittable(description="Job title; empty for none.")
    email: Annotated[str, text(limits.EMAIL)] = omittable(description="Email address; empty for none.")
    team: Annotated[str, text(limits.TEAM_NAME)] | None = Field(
        None, description="Team name (created if new); null or empty for none. Left out: unchanged."
    )
    manager_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Their manager's person id; null for none. Left out: unchanged."
    )


class PersonAdminOut(PersonDetailOut):
    active: bool = Field(description="False once deactivated: they cannot sign in and their tokens fail.")
    email: str

    @staticmethod
    def resolve_active(obj: Person) -> bool:
        return obj.user.is_active

    @staticmethod
    def resolve_email(obj: Person) -> str:
        return obj.user.email


class PersonEditedOut(PersonAdminOut):
    pass


@router.patch(
    "/people/{person_id}",
    response={200: PersonEditedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="person_edit",
    summary="Change a person's name, title, email, team or manager",
    description=ADMINS + " Each change is an audit event with the fields before and after.",
)
def person_edit_patch(request, payload: PersonEditIn, person_id: int = person_id_path()):
    person = admin_of(request.auth, person_id)
    sent = payload.model_fields_set
    changes: dict[str, Any] = {k: getattr(payload, k) for k in ("name", "title", "email") if k in sent}
    if "team" in sent:
        changes["team_name"] = payload.team or None
    if "manager_id" in sent:
        changes["manager"] = (
            person_in_reach(request.auth, payload.manager_id) if payload.manager_id is not None else None
        )
    return person_edit(actor=request.auth, person=person, **{k: changes.get(k, UNCHANGED) for k in changes})
