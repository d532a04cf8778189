"""SCIM 2.0 resources (RFC 7643) as ladders shows them, and the discovery documents an IdP reads.

A User is a person (`id` is the person's id), a Group is a team. What ladders stores is
listed in the User schema below; anything else a provider sends is accepted and ignored.
"""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Person, Team

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def _stamp(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def user_resource(person: Person, base: str) -> dict[str, Any]:
    location = f"{base}/Users/{person.pk}"
    resource: dict[str, Any] = {
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
        "id": str(person.pk),
        "userName": person.user.username,
        "displayName": person.name,
        "name": {"formatted": person.name},
        "title": person.title,
        "active": person.user.is_active,
        "emails": [{"value": person.user.email, "type": "work", "primary": True}]
        if person.user.email
        else [],
        "groups": [
            {
                "value": str(person.team_id),
                "display": person.team.name,
                "$ref": f"{base}/Groups/{person.team_id}",
            }
        ]
        if person.team_id and person.team
        else [],
        ENTERPRISE_SCHEMA: {},
        "meta": {"resourceType": "User", "created": _stamp(person.created), "location": location},
    }
    if person.external_id:
        resource["externalId"] = person.external_id
    if person.manager_id and person.manager:
        resource[ENTERPRISE_SCHEMA]["manager"] = {
            "value": str(person.manager_id),
            "displayName": person.manager.name,
            "$ref": f"{base}/Users/{person.manager_id}",
        }
    return resource


def group_resource(team: Team, base: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "schemas": [GROUP_SCHEMA],
        "id": str(team.pk),
        "displayName": team.name,
        "members": [
            {"value": str(p.pk), "display": p.name, "$ref": f"{base}/Users/{p.pk}"}
            for p in team.members.order_by("name", "pk")
        ],
        "meta": {"resourceType": "Group", "location": f"{base}/Groups/{team.pk}"},
    }
    if team.external_id:
        resource["externalId"] = team.external_id
    return resource


def list_response(resources: list[dict[str, Any]], *, total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def service_provider_config(base: str, *, max_results: int) -> dict[str, Any]:
    return {
        "schemas": [CONFIG_SCHEMA],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": max_results},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "An organisation admin's personal API token: Authorization: Bearer ldr_...",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }


def resource_types(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "schema": USER_SCHEMA,
            "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
        },
        {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "schema": GROUP_SCHEMA,
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/Group"},
        },
    ]


def _attribute(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        **extra,
    }


def _multi(name: str, sub: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return _attribute(name, "complex", multiValued=True, subAttributes=sub, **extra)


def schemas(base: str) -> list[dict[str, Any]]:
    reference = _attribute("$ref", "reference", referenceTypes=["User", "Group"])
    user = [
        _attribute("userName", required=True, uniqueness="server", mutability="immutable"),
        _attribute("displayName"),
        _attribute(
            "name",
            "complex",
            subAttributes=[_attribute("formatted"), _attribute("givenName"), _attribute("familyName")],
        ),
        _attribute("title"),
        _attribute("active", "boolean"),
        _attribute("externalId", caseExact=True),
        _multi("emails", [_attribute("value"), _attribute("type"), _attribute("primary", "boolean")]),
        _multi("groups", [_attribute("value"), _attribute("display"), reference], mutability="readOnly"),
    ]
    group = [
        _attribute("displayName", required=True, uniqueness="server"),
        _attribute("externalId", caseExact=True),
        _multi("members", [_attribute("value"), _attribute("display"), reference]),
    ]
    enterprise = [
        _attribute(
            "manager",
            "complex",
            subAttributes=[_attribute("value"), _attribute("displayName", mutability="readOnly"), reference],
        ),
    ]
    found = []
    for schema_id, name, attributes in (
        (USER_SCHEMA, "User", user),
        (GROUP_SCHEMA, "Group", group),
        (ENTERPRISE_SCHEMA, "EnterpriseUser", enterprise),
    ):
        found.append(
            {
                "schemas": [SCHEMA_SCHEMA],
                "id": schema_id,
                "name": name,
                "attributes": attributes,
                "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{schema_id}"},
            }
        )
    return found
