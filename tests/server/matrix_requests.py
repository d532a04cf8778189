"""What the permission matrix sends and how it judges each answer.

A row that names a body (`Row.body`) sends the valid form or JSON of BODIES, so a refusal is
about who asks, never about a bad request. `check_answer` holds every answer to the rules of
the matrix: the status, no salary, private text or draft notes where they do not belong, and
no change unless the row allows one. A 404 for a stranger must be the very answer for an
absent id (`assert_reads_like_an_absent_id`), so it gives nothing away.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from ladders.accounts.services import token_create
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.core.suggestions import suggestion_dict
from ladders.leveling.frameworks import active_framework
from tests.framework_ids import KIND, SKILL
from tests.server.matrix_helpers import (
    CALIBRATION_TABLE,
    DRAFT_NOTES,
    DRAFT_QUARTER,
    World,
    fill,
    fingerprint,
    matrix_suggestion,
    shows_salary,
)

SEES_SALARY = frozenset({"engineer", "manager", "admin"})
ABSENT_ID = 2**31 - 1


def _ratings(world: World, prefix: str = "") -> dict[str, int]:
    _, fw = active_framework(world.org.org)
    return {f"{prefix}{skill.id}": fw.rating_scale.min for skill in fw.skills}


def _maturity(world: World) -> dict[str, int]:
    _, fw = active_framework(world.org.org)
    return {f"phase__{phase.id}": 1 for phase in fw.maturity.phases}


SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
SCIM_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
FRAMEWORK_YAML = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
EVIDENCE = {
    "kind": KIND.debugging_story,
    "title": "Tracked down a retry storm",
    "date": "2026-04-02",
    "scope": "feature",
    "outcome": "Cut timeouts by 90%",
    "skills": [SKILL.error_handling],
}

CYCLE = {
    "name": "2026-Q1",
    "quarter": "2026-Q1",
    "opens_on": "2026-01-05",
    "self_review_due": "2026-03-20",
    "sign_off_due": "2026-03-31",
}

BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "evidence form": lambda world: {**EVIDENCE, "users": "", "links": "", "notes": ""},
    "check-in form": lambda world: {**_ratings(world, "rating__"), "action": "draft"},
    "sign-off form": lambda world: {**_ratings(world, "rating__"), "manager_notes": "Well done."},
    "maturity form": _maturity,
    "framework upload": lambda world: {"text": FRAMEWORK_YAML, "activate": "on"},  # the active one again
    "people csv": lambda world: {"text": "name,role\nNina New,engineer\n"},
    "export form": lambda world: {"kind": "calibration", "table": CALIBRATION_TABLE},
    "export json": lambda world: {"kind": "calibration", "table": CALIBRATION_TABLE},
    "evidence json": lambda world: EVIDENCE,
    "evidence patch": lambda world: {"title": "Tracked down a retry storm, again"},
    "new check-in json": lambda world: {"quarter": "2026-Q4", "self_ratings": {SKILL.error_handling: 1}},
    "check-in json": lambda world: {"self_ratings": {SKILL.error_handling: 2}},
    "empty json": lambda world: {},
    "sign-off json": lambda world: {"manager_ratings": {SKILL.error_handling: 2}, "manager_notes": "Agreed."},
    "new packet form": lambda world: {"target": world.packet.target, "narrative": "A second case."},
    "packet draft form": lambda world: {
        "revision": world.packet_revision(),
        "target": world.packet.target,
        "narrative": "Eve ships, owns and explains what she ships.",
        "action": "draft",
    },
    "packet review form": lambda world: {"revision": world.packet_revision(), "auditor": world.org.admin.pk},
    "packet audit form": lambda world: {"revision": world.packet_revision()},
    "packet decide form": lambda world: {
        "revision": world.packet_revision(),
        "decision": "not_yet",
        "reasons": "Lead a second project first.",
    },
    "packet revision form": lambda world: {"revision": world.packet_revision()},
    "band form": lambda world: {
        "level": world.band.level,
        "market": "london",
        "currency": "GBP",
        "min": "60000",
        "max": "90000",
        "source": "Matrix survey 2026",
    },
    "new packet json": lambda world: {"target": world.packet.target, "narrative": "A second case."},
    "packet patch": lambda world: {
        "narrative": "Eve ships, owns and explains what she ships.",
        "revision": world.packet_revision(),
    },
    # A colleague outside the engineer's chain reviews: not the author, not the person.
    "packet submit json": lambda world: {
        "reviewer_id": world.org.other_manager.pk,
        "revision": world.packet_revision(),
    },
    "packet review json": lambda world: {
        "verdicts": {},
        "auditor_id": world.org.admin.pk,
        "revision": world.packet_revision(),
    },
    "packet audit json": lambda world: {"audits": {}, "revision": world.packet_revision()},
    "packet decision json": lambda world: {
        "decision": "not_yet",
        "reasons": "Lead a second project first.",
        "revision": world.packet_revision(),
    },
    "packet revision json": lambda world: {"revision": world.packet_revision()},
    "band json": lambda world: {
        "level": world.band.level,
        "market": "london",
        "currency": "GBP",
        "min": 60000,
        "max": 90000,
        "source": "Matrix survey 2026",
    },
    "token form": lambda world: {"name": "Nightly export", "days": "30"},
    "band edit form": lambda world: {"min": "72000", "max": "104000", "source": "Matrix survey 2026, again"},
    "inbox decision form": lambda world: {"action": f"reject-{world.suggestion.pk}"},
    "inbox upload form": lambda world: {
        "source_type": "brag",
        "text": f"- 2026-03-09: Gave a talk on {KIND.incident} drills to the platform guild.\n",
        "identities": "",
    },
    "suggestions json": lambda world: {
        "suggestions": [suggestion_dict(matrix_suggestion("matrix-2"))],
    },
    # A cycle over an earlier quarter than the world's own, so it opens at once.
    "cycle form": lambda world: {**CYCLE, "teams": []},
    "cycle json": lambda world: CYCLE,
    "mail form": lambda world: {"reminders": "on"},
    "webhook form": lambda world: {"channel": "slack", "url": "https://hooks.slack.com/services/T0/B0/x"},
    # People admin: no manager named, so another organisation's admin can send it too.
    "invite form": lambda world: {"name": "Nina New", "email": "nina.new@example.com", "role": "engineer"},
    "invite json": lambda world: {"name": "Nina New", "email": "nina.new@example.com"},
    "person edit form": lambda world: {
        "name": world.org.engineer.name,
        "team": "Applied AI",
        "manager": world.org.other_manager.pk,
    },
    "person patch json": lambda world: {"manager_id": world.org.other_manager.pk},
    "salary form": lambda world: {"base_salary": "91000", "currency": "EUR", "market": "berlin"},
    "salary json": lambda world: {"base_salary": 91000, "currency": "EUR", "market": "berlin"},
    # SCIM, as an identity provider sends it.
    "scim user json": lambda world: {
        "schemas": [SCIM_USER],
        "userName": "nina.new@example.com",
        "name": {"givenName": "Nina", "familyName": "New"},
        "emails": [{"primary": True, "value": "nina.new@example.com", "type": "work"}],
        "active": True,
    },
    "scim user put json": lambda world: {
        "schemas": [SCIM_USER, SCIM_ENTERPRISE],
        "userName": world.org.engineer.user.username,
        "displayName": world.org.engineer.name,
        "active": True,
        SCIM_ENTERPRISE: {"manager": {"value": str(world.org.other_manager.pk)}},
    },
    "scim deactivate json": lambda world: {
        "schemas": [SCIM_PATCH],
        "Operations": [{"op": "replace", "value": {"active": False}}],
    },
    "scim group json": lambda world: {"schemas": [SCIM_GROUP], "displayName": "Search", "members": []},
    "scim group put json": lambda world: {
        "schemas": [SCIM_GROUP],
        "displayName": "Applied AI",
        "members": [{"value": str(world.org.engineer.pk)}],
    },
    "scim group patch json": lambda world: {
        "schemas": [SCIM_PATCH],
        "Operations": [{"op": "replace", "path": "displayName", "value": "Applied AI and search"}],
    },
}


def send(client: Client, method: str, path: str, body: dict[str, Any] | None, *, as_json: bool):
    if as_json:
        data = json.dumps(body) if body is not None else None
        return client.generic(method, path, data or "", content_type="application/json")
    if method == "GET":
        return client.get(path)
    return client.post(path, body or {})


def ask(client: Client, world: World, viewer: str, method: str, path: str, row, *, as_json: bool):
    if viewer != "anonymous":
        client.force_login(world.callers()[viewer].user)
    return _asked(client, world, method, path, row, as_json=as_json)


def ask_with_token(client: Client, world: World, viewer: str, method: str, path: str, row):
    """As `ask`, but signed in by nothing but the viewer's API token (SCIM takes no session)."""
    if viewer != "anonymous":
        token = token_create(world.callers()[viewer], "matrix")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return _asked(client, world, method, path, row, as_json=True)


def _asked(client: Client, world: World, method: str, path: str, row, *, as_json: bool):
    body = BODIES[row.body](world) if row.body else None
    before = fingerprint(world)
    response = send(client, method, path, body, as_json=as_json)
    return response, before


def check_answer(response, before, world: World, viewer: str, method: str, path: str, row, expected: int):
    """The status, no salary where it does not belong, and no change unless allowed."""
    refused = expected >= 400 or (viewer == "anonymous" and row.anonymous is None)
    where = f"{method} {path} as {viewer}"
    assert response.status_code == expected, (
        f"{where}: {response.status_code}, expected {expected}\n{response.content[:600]!r}"
    )
    if viewer not in SEES_SALARY:
        assert not shows_salary(response.content), f"{where} shows the engineer's salary"
        for secret in world.private_text():
            assert secret.encode() not in response.content, f"{where} shows the engineer's '{secret}'"
    elif viewer in row.salary and expected == 200:
        assert shows_salary(response.content), f"{where} should show the engineer's salary"
    if viewer != "engineer":
        assert DRAFT_NOTES.encode() not in response.content, f"{where} shows the engineer's draft notes"
    if viewer == "foreign_admin":
        for secret in world.first_org_text():
            assert secret.encode() not in response.content, (
                f"{where} shows '{secret}' of another organisation"
            )
    after = fingerprint(world)
    if refused:
        assert after == before, f"{where} was refused ({expected}) but changed something"
    elif viewer == "foreign_admin":
        assert after == before, f"{where} changed the records of another organisation"
    elif row.changes:
        assert after != before, f"{where} answered {expected} but changed nothing"


def assert_reads_like_an_absent_id(client, world, method, template, row, response, *, as_json: bool):
    """A 404 for someone out of reach must be the very answer for an id that does not exist."""
    absent_ids = (
        "person_id",
        "evidence_id",
        "version_id",
        "packet_id",
        "snapshot_id",
        "band_id",
        "import_id",
        "export_id",
        "rebuild_id",
        "suggestion_id",
        "cycle_id",
        "token_id",
        "team_id",
    )
    values = world.path_values() | dict.fromkeys(absent_ids, ABSENT_ID)
    if row.draft:
        values["quarter"] = DRAFT_QUARTER
    body = BODIES[row.body](world) if row.body else None
    absent = send(client, method, fill(template, values), body, as_json=as_json)
    assert (absent.status_code, without_tokens(absent.content)) == (
        404,
        without_tokens(response.content),
    ), f"{method} {template}: the outsider's 404 differs from the answer for an absent id"


def without_tokens(content: bytes) -> bytes:
    """CSRF tokens are masked afresh for every page; everything else must match."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
