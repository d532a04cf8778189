"""The SCIM 2.0 endpoints under /scim/v2 (RFC 7644): Users, Groups and the discovery documents.

Authenticated only by `Authorization: Bearer TOKEN`, an admin's personal API token; a
browser session is never enough (these take no CSRF token). Every request is scoped to
the token owner's organisation: an id of another organisation is 404, as if absent.
Each view parses, calls one service of `ladders.leveling.services.provisioning` and
renders; errors are SCIM's JSON error documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ladders.accounts.models import Person, Team
from ladders.accounts.permissions import can_provision
from ladders.accounts.tokens import REFUSALS, token_check
from ladders.core import limits
from ladders.leveling.services import provisioning
from ladders.scim import parse, resources
from ladders.scim.parse import ScimProblem
from ladders.server.errors import ServiceError

CONTENT_TYPE = "application/scim+json"
Handler = Callable[..., HttpResponse]


def _document(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)


def scim_error(status: int, detail: str, scim_type: str = "") -> JsonResponse:
    body: dict[str, Any] = {"schemas": [resources.ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    response = _document(body, status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="ladders SCIM"'
    return response


_SCIM_TYPES = {409: "uniqueness", 422: "invalidValue", 400: "invalidValue"}


def _caller(request: HttpRequest) -> Person | JsonResponse:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return scim_error(401, "Send an admin's API token as 'Authorization: Bearer TOKEN'.")
    check = token_check(token.strip())
    person = check.person
    if person is None:
        return scim_error(401, REFUSALS[check.refusal or "unknown"])
    if not can_provision(person):
        return scim_error(403, "Provisioning needs the API token of an admin of the organisation.")
    return person


def scim_endpoint(methods: tuple[str, ...]) -> Callable[[Handler], Handler]:
    """Bearer auth, allowed methods, JSON bodies and SCIM errors around one view."""

    def decorate(view: Handler) -> Handler:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            caller = _caller(request)
            if isinstance(caller, JsonResponse):
                return caller
            if request.method not in methods:
                response = scim_error(405, f"{request.method} is not supported here.")
                response["Allow"] = ", ".join(methods)
                return response
            body: dict[str, Any] = {}
            if request.method in {"POST", "PUT", "PATCH"}:
                if len(request.body) > limits.SCIM_BODY_BYTES:
                    return scim_error(413, f"The body is over {limits.SCIM_BODY_BYTES // 1024} KiB.")
                try:
                    parsed = json.loads(request.body or b"{}")
                except (ValueError, UnicodeDecodeError):
                    return scim_error(400, "The body is not JSON.", "invalidSyntax")
                if not isinstance(parsed, dict):
                    return scim_error(400, "The body must be a JSON object.", "invalidSyntax")
                if "\x00" in request.body.decode(
                    "utf-8", errors="replace"
                ) or "\\u0000" in request.body.decode("utf-8", errors="replace"):
                    return scim_error(400, "The body holds a NUL character.", "invalidValue")
                body = parsed
            base = request.build_absolute_uri("/scim/v2").rstrip("/")
            try:
                with transaction.atomic():
                    return view(request, caller, body, base, *args, **kwargs)
            except ScimProblem as problem:
                return scim_error(problem.status, str(problem), problem.scim_type)
            except ServiceError as error:
                return scim_error(error.status, str(error), _SCIM_TYPES.get(error.status, ""))

        return wrapper

    return decorate


def _page(request: HttpRequest) -> tuple[int, int]:
    try:
        start = max(1, int(request.GET.get("startIndex", "1")))
        count = min(limits.SCIM_PAGE_SIZE, max(0, int(request.GET.get("count", str(limits.SCIM_PAGE_SIZE)))))
    except ValueError:
        raise ScimProblem("startIndex and count must be whole numbers") from None
    return start, count


def _people(actor: Person):
    return Person.objects.filter(org_id=actor.org_id).select_related("user", "manager", "team")


def _person(actor: Person, person_id: str) -> Person:
    person = _people(actor).filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if person is None:
        raise ScimProblem("No such User.", scim_type="", status=404)
    return person


def _team(actor: Person, team_id: str) -> Team:
    team = Team.objects.filter(org_id=actor.org_id, pk=int(team_id)).first() if team_id.isdigit() else None
    if team is None:
        raise ScimProblem("No such Group.", scim_type="", status=404)
    return team


def _provisioned(actor: Person, body: dict[str, Any]) -> provisioning.ProvisionedUser:
    user_name = parse.text(body, "userName").strip()
    if not user_name:
        raise ScimProblem("userName: required")
    manager_id = parse.manager_id(body)
    manager = None
    if manager_id is not None:
        manager = _people(actor).filter(pk=int(manager_id)).first() if manager_id.isdigit() else None
        if manager is None:
            raise ScimProblem(f"manager: no User {manager_id} in this organisation")
    return provisioning.ProvisionedUser(
        user_name=user_name,
        name=parse.display_name(body),
        email=parse.primary_email(body),
        title=parse.text(body, "title"),
        active=parse.boolean(body.get("active", True), "active"),
        external_id=parse.text(body, "externalId"),
        manager=manager,
    )


# -- Users ------------------------------------------------------------------------------------


@scim_endpoint(("GET", "POST"))
def users(request: HttpRequest, actor: Person, body: dict[str, Any], base: str) -> HttpResponse:
    if request.method == "POST":
        person = provisioning.provisioned_user_create(actor=actor, user=_provisioned(actor, body))
        response = _document(resources.user_resource(_person(actor, str(person.pk)), base), 201)
        response["Location"] = f"{base}/Users/{person.pk}"
        return response
    found = _people(actor).order_by("pk")
    if request.GET.get("filter"):
        found = found.filter(parse.filter_query(request.GET["filter"], parse.USER_FILTERS))
    start, count = _page(request)
    page = list(found[start - 1 : start - 1 + count])
    return _document(
        resources.list_response(
            [resources.user_resource(p, base) for p in page], total=found.count(), start=start
        )
    )


@scim_endpoint(("GET", "PUT", "PATCH", "DELETE"))
def user(
    request: HttpRequest, actor: Person, body: dict[str, Any], base: str, person_id: str
) -> HttpResponse:
    person = _person(actor, person_id)
    if request.method == "DELETE":  # a leaver: deactivated, never deleted
        provisioning.provisioned_user_update(
            actor=actor,
            person=person,
            user=_provisioned(actor, {**resources.user_resource(person, base), "active": False}),
        )
        return HttpResponse(status=204)
    if request.method == "PATCH":
        operations = parse.patch_operations(body)
        body = parse.apply_user_patch(resources.user_resource(person, base), operations)
    if request.method in {"PUT", "PATCH"}:
        provisioning.provisioned_user_update(actor=actor, person=person, user=_provisioned(actor, body))
        person = _person(actor, person_id)
    return _document(resources.user_resource(person, base))


# -- Groups -----------------------------------------------------------------------------------


def _members(actor: Person, ids: list[str]) -> list[Person]:
    return [_member(actor, member_id) for member_id in dict.fromkeys(ids)]


def _member(actor: Person, member_id: str) -> Person:
    try:
        return _person(actor, member_id)
    except ScimProblem:
        raise ScimProblem(f"members: no User {member_id} in this organisation") from None


@scim_endpoint(("GET", "POST"))
def groups(request: HttpRequest, actor: Person, body: dict[str, Any], base: str) -> HttpResponse:
    if request.method == "POST":
        team = provisioning.provisioned_team_save(
            actor=actor,
            team=None,
            name=parse.text(body, "displayName"),
            external_id=parse.text(body, "externalId"),
            members=_members(actor, parse.member_ids(body.get("members"))),
        )
        response = _document(resources.group_resource(team, base), 201)
        response["Location"] = f"{base}/Groups/{team.pk}"
        return response
    found = Team.objects.filter(org_id=actor.org_id).order_by("pk")
    if request.GET.get("filter"):
        found = found.filter(parse.filter_query(request.GET["filter"], parse.GROUP_FILTERS))
    start, count = _page(request)
    page = list(found[start - 1 : start - 1 + count])
    listed = [resources.group_resource(t, base) for t in page]
    if request.GET.get("excludedAttributes", "").lower() == "members":
        for item in listed:
            item.pop("members")
    return _document(resources.list_response(listed, total=found.count(), start=start))


@scim_endpoint(("GET", "PUT", "PATCH", "DELETE"))
def group(request: HttpRequest, actor: Person, body: dict[str, Any], base: str, team_id: str) -> HttpResponse:
    team = _team(actor, team_id)
    if request.method == "DELETE":
        provisioning.provisioned_team_delete(actor=actor, team=team)
        return HttpResponse(status=204)
    if request.method == "PUT":
        team = provisioning.provisioned_team_save(
            actor=actor,
            team=team,
            name=parse.text(body, "displayName"),
            external_id=parse.text(body, "externalId"),
            members=_members(actor, parse.member_ids(body.get("members"))),
        )
    elif request.method == "PATCH":
        name, add, remove, replace = parse.group_patch_changes(parse.patch_operations(body))
        if name is not None:
            team = provisioning.provisioned_team_save(
                actor=actor, team=team, name=name, external_id=team.external_id, members=None
            )
        if replace is not None:
            provisioning.team_members_set(
                actor=actor,
                team=team,
                add=_members(actor, replace),
                remove=list(team.members.exclude(pk__in=[int(i) for i in replace if i.isdigit()])),
            )
        provisioning.team_members_set(
            actor=actor, team=team, add=_members(actor, add), remove=_members(actor, remove)
        )
    return _document(resources.group_resource(_team(actor, team_id), base))


# -- discovery --------------------------------------------------------------------------------


@scim_endpoint(("GET",))
def service_provider_config(
    request: HttpRequest, actor: Person, body: dict[str, Any], base: str
) -> HttpResponse:
    return _document(resources.service_provider_config(base, max_results=limits.SCIM_PAGE_SIZE))


@scim_endpoint(("GET",))
def resource_types(request: HttpRequest, actor: Person, body: dict[str, Any], base: str) -> HttpResponse:
    found = resources.resource_types(base)
    return _document(resources.list_response(found, total=len(found), start=1))


@scim_endpoint(("GET",))
def resource_type(
    request: HttpRequest, actor: Person, body: dict[str, Any], base: str, name: str
) -> HttpResponse:
    for found in resources.resource_types(base):
        if found["id"] == name:
            return _document(found)
    raise ScimProblem(f"No ResourceType {name}.", scim_type="", status=404)


@scim_endpoint(("GET",))
def schemas(request: HttpRequest, actor: Person, body: dict[str, Any], base: str) -> HttpResponse:
    found = resources.schemas(base)
    return _document(resources.list_response(found, total=len(found), start=1))


@scim_endpoint(("GET",))
def schema(
    request: HttpRequest, actor: Person, body: dict[str, Any], base: str, schema_id: str
) -> HttpResponse:
    for found in resources.schemas(base):
        if found["id"] == schema_id:
            return _document(found)
    raise ScimProblem(f"No Schema {schema_id}.", scim_type="", status=404)
