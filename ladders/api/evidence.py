"""Evidence: the record of a person's work that the gates cite.

Kinds, scopes and skills are ids from the organisation's active framework (see
`GET /framework`); the service checks them and answers 422 naming the field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.examples import EVIDENCE_CREATE, EVIDENCE_UPDATE, examples
from ladders.api.inputs import StrictIn, omittable
from ladders.api.lookups import evidence_id_path, evidence_in_reach, person_id_path, person_in_reach
from ladders.api.pagination import PageIn, page_of
from ladders.api.people import PersonRefOut
from ladders.core import limits
from ladders.core.rules import Id
from ladders.core.validation import Day
from ladders.leveling import services
from ladders.leveling.models import Evidence
from ladders.leveling.selectors import evidence_of

router = Router(tags=["evidence"])

Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=limits.ID)]
Title = Annotated[str, Field(min_length=1, max_length=limits.EVIDENCE_TITLE)]
Outcome = Annotated[str, Field(max_length=limits.EVIDENCE_OUTCOME)]
Link = Annotated[str, Field(max_length=limits.EVIDENCE_LINK)]
Notes = Annotated[str, Field(max_length=limits.NOTES)]
Users = Literal["real", "internal", "none"]

KIND_HELP = "An evidence kind id of the active framework (listed by GET /framework)."
SCOPE_HELP = "A scope id of the active framework; defaults to the smallest."
USERS_HELP = "Who uses the result: real, internal or none (only for kinds that have users)."
OUTCOME_HELP = "What changed, ideally measurable (a number: 40%, 3x, $20k)."


class EvidenceOut(Schema):
    id: int = Field(description="The record's id, used in /evidence/{id}.")
    slug: str = Field(description="The evidence id that assessment checks cite.")
    kind: str
    title: str
    date: date
    scope: str
    users: str | None
    outcome: str | None
    skills: list[str]
    links: list[str]
    notes: str = Field(description="Markdown.")
    source: dict[str, Any] = Field(
        description="Where an accepted suggestion came from: type, repository, commit, path, url, key, "
        "lines, suggestion (the suggestion's id); empty for items typed in."
    )
    author: PersonRefOut | None = Field(description="Who recorded it.")
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_users(obj: Evidence) -> str | None:
        return obj.users or None

    @staticmethod
    def resolve_outcome(obj: Evidence) -> str | None:
        return obj.outcome or None


class EvidenceListIn(PageIn):
    kind: str | None = Field(None, max_length=limits.ID, description="Only this kind.")
    search: str | None = Field(
        None, max_length=limits.SEARCH_QUERY, description="Text in the title, outcome or notes."
    )


class EvidenceListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EvidenceOut] = Field(description="Newest first.")


class EvidenceCreateIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(EVIDENCE_CREATE))

    slug: Slug | None = Field(None, description="The id checks will cite; default e1, e2, ...")
    kind: Id = Field(description=KIND_HELP)
    title: Title
    date: Day = Field(description="When the work happened, YYYY-MM-DD; today at the latest.")
    scope: Id | None = Field(None, description=SCOPE_HELP)
    users: Users | None = Field(None, description=USERS_HELP)
    outcome: Outcome | None = Field(None, description=OUTCOME_HELP)
    skills: list[Id] = Field(default_factory=list, max_length=100, description="Skill ids it shows.")
    links: list[Link] = Field(default_factory=list, max_length=limits.EVIDENCE_LINKS)
    notes: Notes | None = Field(None, description="Markdown.")


class EvidenceCreatedOut(EvidenceOut):
    pass


class EvidenceUpdateIn(StrictIn):
    """Only the keys sent change; send null to clear an optional field."""

    model_config = ConfigDict(json_schema_extra=examples(EVIDENCE_UPDATE))

    kind: Id = omittable(description=KIND_HELP)
    title: Title = omittable()
    date: Day = omittable(description="YYYY-MM-DD; today at the latest.")
    scope: Id = omittable(description=SCOPE_HELP)
    users: Users | None = omittable(description=USERS_HELP)
    outcome: Outcome | None = omittable(description=OUTCOME_HELP)
    skills: list[Id] = omittable(max_length=100)
    links: list[Link] = omittable(max_length=limits.EVIDENCE_LINKS)
    notes: Notes | None = omittable()


class EvidenceUpdatedOut(EvidenceOut):
    pass


@router.get(
    "/people/{person_id}/evidence",
    response={200: EvidenceListOut, **error_responses(403, 404, 422)},
    operation_id="evidence_list",
    summary="A person's evidence, newest first",
)
def evidence_list(request, filters: Query[EvidenceListIn], person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    items = evidence_of(person, kind=filters.kind, search=filters.search).select_related("author")
    return page_of(items, filters)


@router.post(
    "/people/{person_id}/evidence",
    response={201: EvidenceCreatedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="evidence_create",
    summary="Record a piece of evidence for a person",
    description="The person, their management chain and admins may add evidence. "
    "A `slug` already used by this person is a 409.",
)
def evidence_create(request, payload: EvidenceCreateIn, person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    data = payload.model_dump(exclude_none=True)
    data["id"] = data.pop("slug", "")
    return Status(201, services.evidence_create(actor=request.auth, person=person, data=data))


@router.patch(
    "/evidence/{evidence_id}",
    response={200: EvidenceUpdatedOut, **error_responses(400, 403, 404, 422)},
    operation_id="evidence_update",
    summary="Change some fields of a piece of evidence",
)
def evidence_update(request, payload: EvidenceUpdateIn, evidence_id: int = evidence_id_path()):
    item = evidence_in_reach(request.auth, evidence_id)
    data = payload.model_dump(exclude_unset=True)
    return services.evidence_update(actor=request.auth, item=item, data=data)


@router.delete(
    "/evidence/{evidence_id}",
    response={204: None, **error_responses(403, 404, 422)},
    operation_id="evidence_delete",
    summary="Delete a piece of evidence",
)
def evidence_delete(request, evidence_id: int = evidence_id_path()):
    item = evidence_in_reach(request.auth, evidence_id)
    services.evidence_delete(actor=request.auth, item=item)
    return Status(204, None)
