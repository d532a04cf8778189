"""People admin for admins: edit a record, deactivate, reactivate, invite, set pay; the audit log.

A person the caller may see but not manage answers 403; one they may not see, 404 (as
everywhere). Every change is an audit event, listed by `GET /audit`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.inputs import StrictIn, text
from ladders.api.lookups import MAX_ID, admin_of, person_id_path, person_in_reach
from ladders.api.pagination import PageIn, page_of
from ladders.api.people import ADMINS, PersonAdminOut, PersonRefOut
from ladders.core import limits
from ladders.leveling.audit import audit_log
from ladders.leveling.pay import person_salary_set
from ladders.leveling.services.people import (
    person_deactivate,
    person_invite,
    person_reactivate,
)

router = Router(tags=["people admin"])


class PersonReactivatedOut(PersonAdminOut):
    pass


class PersonSalaryOut(PersonAdminOut):
    pass


class PersonInvitedOut(PersonAdminOut):
    pass


class DeactivatedOut(Schema):
    person: PersonAdminOut
    reports_to_reassign: list[PersonRefOut] = Field(
        description="Active people who still name them as manager; reassign them with PATCH /people/{id}."
    )


class SalaryIn(StrictIn):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"base_salary": 130000, "currency": "USD", "market": "us"}]}
    )

    base_salary: float | None = Field(
        description=f"Yearly base salary, above 0 and at most {limits.SALARY_MAX:,}; null clears all three."
    )
    currency: Annotated[str, Field(max_length=3)] = Field("", description="ISO 4217 code: USD.")
    market: Annotated[str, Field(max_length=limits.ID)] = Field(
        "", description="A market the organisation's salary bands name."
    )


class InviteIn(StrictIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "Nina New", "email": "nina@example.com", "team": "Platform"}]
        }
    )

    name: Annotated[str, text(limits.PERSON_NAME)]
    email: Annotated[str, text(limits.EMAIL)]
    role: str = Field("engineer", description="admin, manager or engineer.")
    title: Annotated[str, text(limits.JOB_TITLE)] = ""
    team: Annotated[str, text(limits.TEAM_NAME)] | None = None
    manager_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.post(
    "/people/{person_id}/deactivate",
    response={200: DeactivatedOut, **error_responses(403, 404, 409, 422)},
    operation_id="person_deactivate",
    summary="Stop a person signing in; their tokens stop on their next request",
    description=ADMINS + " Nothing of theirs is deleted; their history still counts in calibration.",
)
def person_deactivate_post(request, person_id: int = person_id_path()):
    person = admin_of(request.auth, person_id)
    reports = person_deactivate(actor=request.auth, person=person)
    return {"person": person, "reports_to_reassign": reports}


@router.post(
    "/people/{person_id}/reactivate",
    response={200: PersonReactivatedOut, **error_responses(403, 404, 422)},
    operation_id="person_reactivate",
    summary="Let a deactivated person sign in again",
    description=ADMINS,
)
def person_reactivate_post(request, person_id: int = person_id_path()):
    return person_reactivate(actor=request.auth, person=admin_of(request.auth, person_id))


@router.put(
    "/people/{person_id}/salary",
    response={200: PersonSalaryOut, **error_responses(400, 403, 404, 422)},
    operation_id="person_salary_set",
    summary="Set a person's base salary, currency and market",
    description=ADMINS + " The market must be one the organisation's salary bands name. Audited.",
)
def person_salary_put(request, payload: SalaryIn, person_id: int = person_id_path()):
    person = admin_of(request.auth, person_id)
    return person_salary_set(actor=request.auth, person=person, **payload.model_dump())


@router.post(
    "/invitations",
    response={201: PersonInvitedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="person_invite",
    summary="Invite someone by email: they get a one-time link to choose a password",
    description="Admins only. The mail goes through the server's mail settings (docs/server.md).",
)
def person_invite_post(request, payload: InviteIn):
    data = payload.model_dump()
    manager_id, team = data.pop("manager_id"), data.pop("team")
    manager = person_in_reach(request.auth, manager_id) if manager_id is not None else None

    def link_for(uidb64: str, token: str) -> str:
        return request.build_absolute_uri(reverse("invite-accept", args=[uidb64, token]))

    person = person_invite(actor=request.auth, team_name=team, manager=manager, link_for=link_for, **data)
    return Status(201, person)


class AuditFilterIn(Schema):
    person_id: int | None = Field(None, ge=1, le=MAX_ID, description="Events about this person.")
    actor_id: int | None = Field(None, ge=1, le=MAX_ID, description="Events this person caused.")
    action: str = Field(
        "", max_length=60, description="An action (person.edited), or a family ending in a dot (person.)."
    )
    since: date | None = Field(None, description="From this day on (inclusive).")
    until: date | None = Field(None, description="Up to this day (inclusive).")


class AuditEventOut(Schema):
    id: int
    created: datetime
    action: str
    actor: PersonRefOut | None = Field(
        description="Who made the change; null for the server itself or the CLI."
    )
    person: PersonRefOut | None = Field(description="Whom it was about, if anyone.")
    subject: str
    before: Any
    after: Any


class AuditListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEventOut] = Field(description="Newest first.")


@router.get(
    "/audit",
    response={200: AuditListOut, **error_responses(403, 404, 422)},
    operation_id="audit_list",
    summary="The organisation's audit log",
    description="Admins only; for anyone else it does not exist (404).",
)
def audit_list(request, filters: Query[AuditFilterIn], page: Query[PageIn]):
    events = audit_log(viewer=request.auth, **filters.model_dump())
    return page_of(events, page)
