"""Reading what an identity provider sends: User and Group bodies, PATCH operations and filters.

Okta and Entra ID write the same operations differently (`"op": "Replace"` or `"replace"`,
`"active": "False"` or `false`, a path or a dict of paths as the value), so PATCH is
applied to the resource as ladders shows it, and the result is read like a PUT.
Filters are parsed by scim2-filter-parser; a filter naming an attribute ladders cannot
search is refused rather than dropped, so a list never widens silently.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.db.models import Q

# scim2-filter-parser ships no type hints (no py.typed): its three entry points are used as Any.
from scim2_filter_parser.lexer import SCIMLexer  # type: ignore[import-untyped]  # untyped library
from scim2_filter_parser.parser import SCIMParser, SCIMParserError  # type: ignore[import-untyped]  # untyped
from scim2_filter_parser.transpilers import django_q_object, sql  # type: ignore[import-untyped]  # untyped

from ladders.scim.resources import ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA


class ScimProblem(ValueError):
    """A request SCIM calls bad (400): `scim_type` is RFC 7644's keyword (invalidFilter, ...)."""

    def __init__(self, message: str, *, scim_type: str = "invalidValue", status: int = 400):
        super().__init__(message)
        self.scim_type = scim_type
        self.status = status


USER_FILTERS = {
    ("userName", None, None): "user__username",
    ("externalId", None, None): "external_id",
    ("id", None, None): "pk",
    ("displayName", None, None): "name",
    ("emails", None, None): "user__email",
    ("emails", "value", None): "user__email",
    ("active", None, None): "user__is_active",
}
GROUP_FILTERS = {
    ("displayName", None, None): "name",
    ("externalId", None, None): "external_id",
    ("id", None, None): "pk",
}


def _lowered(path: tuple) -> tuple:
    return tuple(part.lower() if isinstance(part, str) else part for part in path)


def filter_query(text: str, attributes: dict[tuple, str]) -> Q:
    """The `filter` parameter as a Q over the mapped fields; 400 invalidFilter otherwise."""
    try:
        checker = sql.Transpiler(attributes)
        checker.transpile(SCIMParser().parse(SCIMLexer().tokenize(text)))
        known = {_lowered(key) for key in attributes}
        unknown = [p for p in checker.attr_paths if _lowered(tuple(p)) not in known]
        if unknown:
            names = ", ".join(".".join(part for part in p if part) for p in unknown)
            raise ScimProblem(f"filter: cannot filter on {names}", scim_type="invalidFilter")
        query = django_q_object.Transpiler(attributes).transpile(
            SCIMParser().parse(SCIMLexer().tokenize(text))
        )
    except (SCIMParserError, ValueError, NotImplementedError, AttributeError, TypeError) as error:
        if isinstance(error, ScimProblem):
            raise
        raise ScimProblem(f"filter: not a SCIM filter ({error})", scim_type="invalidFilter") from None
    if not isinstance(query, Q):
        raise ScimProblem("filter: not a SCIM filter", scim_type="invalidFilter")
    return query


def text(body: dict[str, Any], key: str, default: str = "") -> str:
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ScimProblem(f"{key}: must be a string")
    return value


def boolean(value: Any, key: str) -> bool:
    """Entra ID sends "True"/"False" strings in PATCH; Okta sends JSON booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise ScimProblem(f"{key}: must be true or false")


def display_name(body: dict[str, Any]) -> str:
    """displayName, else name.formatted, else given and family names, else the userName."""
    raw = body.get("name")
    name: dict[str, Any] = raw if isinstance(raw, dict) else {}
    for candidate in (
        body.get("displayName"),
        name.get("formatted"),
        " ".join(str(name.get(k) or "") for k in ("givenName", "familyName")).strip(),
        body.get("userName"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return ""


def primary_email(body: dict[str, Any]) -> str:
    emails = body.get("emails") or []
    if not isinstance(emails, list):
        raise ScimProblem("emails: must be a list")
    picked = [e for e in emails if isinstance(e, dict) and e.get("primary") in (True, "true", "True")]
    for entry in picked + [e for e in emails if isinstance(e, dict)]:
        if isinstance(entry.get("value"), str):
            return entry["value"].strip()
    return ""


def manager_id(body: dict[str, Any]) -> str | None:
    """The enterprise extension's manager id, or None; a bare string is accepted (Entra ID)."""
    extension = body.get(ENTERPRISE_SCHEMA) or {}
    if not isinstance(extension, dict):
        raise ScimProblem(f"{ENTERPRISE_SCHEMA}: must be an object")
    manager = extension.get("manager")
    if manager in (None, "", {}):
        return None
    if isinstance(manager, str):
        return manager
    if isinstance(manager, dict) and isinstance(manager.get("value"), str | int):
        return str(manager["value"]) or None
    raise ScimProblem("manager: must be an object with a value (the manager's id)")


# -- PATCH (RFC 7644 section 3.5.2) -----------------------------------------------------------

_MEMBER_PATH = re.compile(r'^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$', re.I)
_EMAIL_PATH = re.compile(r"^emails(\[.*\])?(\.value)?$", re.I)


def patch_operations(body: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(op in lower case, path or "", value) of each operation, checked for shape."""
    if PATCH_SCHEMA not in (body.get("schemas") or []):
        raise ScimProblem(f"schemas: a PATCH body names {PATCH_SCHEMA}", scim_type="invalidSyntax")
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise ScimProblem("Operations: must be a non-empty list", scim_type="invalidSyntax")
    found = []
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimProblem("Operations: each must be an object", scim_type="invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in {"add", "replace", "remove"}:
            raise ScimProblem(
                f"op: '{operation.get('op')}' is not add, replace or remove", scim_type="invalidSyntax"
            )
        path = operation.get("path") or ""
        if not isinstance(path, str):
            raise ScimProblem("path: must be a string", scim_type="invalidPath")
        if op == "remove" and not path:
            raise ScimProblem("path: remove needs a path", scim_type="noTarget")
        found.append((op, path.strip(), operation.get("value")))
    return found


def _forget_display_name(resource: dict[str, Any]) -> None:
    """A new name makes the shown displayName stale, unless the same request sets it too."""
    if "displayName" not in resource.get("_patched", ()):
        resource.pop("displayName", None)


def _set_user_path(resource: dict[str, Any], op: str, path: str, value: Any) -> None:
    key = path
    lowered = key.lower()
    enterprise = ENTERPRISE_SCHEMA.lower()
    if lowered.startswith(enterprise + ":"):
        key, lowered = key[len(enterprise) + 1 :], lowered[len(enterprise) + 1 :]
        if lowered in {"manager", "manager.value"}:
            resource[ENTERPRISE_SCHEMA] = {} if op == "remove" or value in (None, "") else {"manager": value}
            return
        return  # other enterprise attributes (department, ...) are not stored
    if lowered.startswith(USER_SCHEMA.lower() + ":"):
        key, lowered = key[len(USER_SCHEMA) + 1 :], lowered[len(USER_SCHEMA) + 1 :]
    if _EMAIL_PATH.match(key):
        if op == "remove":
            resource["emails"] = []
        elif isinstance(value, list):
            resource["emails"] = value
        else:
            resource["emails"] = [{"value": value, "primary": True}]
        return
    if lowered.startswith("name."):
        name = dict(resource.get("name") or {})
        name[key.split(".", 1)[1]] = None if op == "remove" else value
        name.pop("formatted", None)  # rebuilt from the parts below
        resource["name"] = name
        _forget_display_name(resource)
        return
    known = {k.lower(): k for k in ("userName", "displayName", "title", "active", "externalId", "name")}
    if lowered == enterprise:
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                _set_user_path(resource, op, f"{ENTERPRISE_SCHEMA}:{sub}", sub_value)
        return
    if lowered in known:
        attribute = known[lowered]
        if op == "remove":
            resource.pop(attribute, None)
        else:
            resource[attribute] = value
            resource.setdefault("_patched", []).append(attribute)
            if attribute == "name":
                _forget_display_name(resource)
    # Attributes ladders does not keep (phoneNumbers, addresses, ...) are ignored, as RFC 7644 allows.


def apply_user_patch(resource: dict[str, Any], operations: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """The User resource after the operations, ready to read as a PUT body."""
    patched = copy.deepcopy(resource)
    for op, path, value in operations:
        if path:
            _set_user_path(patched, op, path, value)
        elif isinstance(value, dict):
            for key, sub_value in value.items():
                _set_user_path(patched, op, key, sub_value)
        else:
            raise ScimProblem(
                "value: without a path it must be an object of attributes", scim_type="invalidValue"
            )
    if "active" in patched:
        patched["active"] = boolean(patched["active"], "active")
    patched.pop("_patched", None)
    return patched


def member_ids(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    ids = []
    for entry in value:
        if isinstance(entry, dict) and isinstance(entry.get("value"), str | int):
            ids.append(str(entry["value"]))
        else:
            raise ScimProblem("members: each member is an object with a value (the user's id)")
    return ids


def group_patch_changes(
    operations: list[tuple[str, str, Any]],
) -> tuple[str | None, list[str], list[str], list[str] | None]:
    """(new displayName or None, ids to add, ids to remove, ids that replace all members or None)."""
    name: str | None = None
    add: list[str] = []
    remove: list[str] = []
    replace: list[str] | None = None
    for op, path, value in operations:
        lowered = path.lower()
        if not path and isinstance(value, dict):
            for key, sub in value.items():
                if key.lower() == "displayname" and isinstance(sub, str):
                    name = sub
                elif key.lower() == "members":
                    if op == "add":
                        add += member_ids(sub)
                    else:
                        replace = member_ids(sub)
        elif lowered == "displayname":
            if not isinstance(value, str):
                raise ScimProblem("displayName: must be a string")
            name = value
        elif lowered == "members":
            if op == "add":
                add += member_ids(value)
            elif op == "remove":
                if value is None:
                    replace = []
                else:
                    remove += member_ids(value)
            else:
                replace = member_ids(value)
        elif match := _MEMBER_PATH.match(path):
            if op != "remove":
                raise ScimProblem(f"path: '{path}' can only be removed", scim_type="invalidPath")
            remove.append(match.group(1))
        elif lowered == "externalid":
            continue  # stored by PUT; a PATCH of it changes nothing ladders shows
        else:
            raise ScimProblem(f"path: '{path}' is not an attribute of a Group", scim_type="invalidPath")
    return name, add, remove, replace
