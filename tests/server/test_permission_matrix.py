"""Who gets what: every page and API operation, asked by seven callers about one engineer.

The callers are the engineer, their manager, an unrelated engineer (the outsider), the
manager of another team (outside the engineer's chain), an admin, the admin of another
organisation and someone not signed in. Every request is about the engineer's own resources:
their person page, their evidence, their check-ins, or about their organisation's records
(framework versions, salary bands). The rules:

- an engineer sees and edits their own data; a manager sees their reporting chain and signs
  off their reports' check-ins; an admin manages the organisation, frameworks and people;
- anyone else is told the resource does not exist (404): a manager outside the chain as much
  as an engineer, and an admin of another organisation for every id of this one;
- compensation is shown only to the person, their management chain and admins;
- without signing in, pages redirect to /login/ and the API answers 401 in JSON.

The routes come from the URL resolver and the OpenAPI document: a route without a row in
PAGES or API fails the completeness tests at the end, so a new route cannot be forgotten.
A refused request must change nothing (the same records, no audit event), and nothing the
admin of another organisation does, refused or not, changes this one or shows its people.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.server.matrix_helpers import (
    API_PREFIX,
    DRAFT_QUARTER,
    World,
    api_operations,
    api_routes,
    build_world,
    fill,
    page_routes,
    scim_routes,
    shape,
)
from tests.server.matrix_requests import (
    SEES_SALARY,
    ask,
    ask_with_token,
    assert_reads_like_an_absent_id,
    check_answer,
)

VIEWERS = ("engineer", "manager", "outsider", "other_manager", "admin", "foreign_admin", "anonymous")
# Callers told "no such thing" (404) about the engineer: the answer must be the one for an absent id.
STRANGERS = frozenset({"outsider", "other_manager", "foreign_admin"})
ENGINEER = frozenset({"engineer"})
PAGE_METHODS = ("GET", "POST")  # all an HTML form can send


@dataclass(frozen=True)
class Row:
    """The status each caller gets, and what a success means.

    Every caller but the anonymous one is a required column, so a row cannot leave one out.
    """

    engineer: int
    manager: int
    outsider: int
    other_manager: int  # manages another team of the same organisation
    admin: int
    foreign_admin: int  # an admin of another organisation
    anonymous: int | None = None  # None: the default (pages 302 to /login/, the API 401)
    body: str = ""  # a key of matrix_requests.BODIES: the request sends a valid form or JSON body
    draft: bool = False  # about the engineer's draft check-in instead of the submitted one
    changes: bool = False  # a 2xx/3xx answer changes what `fingerprint` sees
    salary: frozenset[str] = frozenset()  # whose 200 answer shows the engineer's salary

    def status(self, viewer: str) -> int | None:
        return getattr(self, viewer)

    def __call__(self, **changes: Any) -> Row:
        return replace(self, **changes)


# Columns: engineer, manager, outsider, other_manager, admin, foreign_admin.
# About the viewer themself: everyone signed in gets their own.
OWN = Row(200, 200, 200, 200, 200, 200)
# About the engineer: the engineer, their chain and admins; the others are told it does not exist.
REACH = Row(200, 200, 404, 404, 200, 404)
SAVED = Row(302, 302, 404, 404, 302, 404, changes=True)  # a form post about the engineer, then a redirect
ADMIN_ONLY = Row(404, 404, 404, 404, 200, 200)  # each admin gets their own organisation's
ADMIN_HERE = ADMIN_ONLY(foreign_admin=404)  # one of this organisation's records: not another org's admin
NOT_A_FORM = Row(405, 405, 405, 405, 405, 405)  # takes no POST: the same answer for any id, so nothing leaks

PAGES: dict[tuple[str, str], Row] = {
    ("healthz", "GET"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("healthz", "POST"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("login", "GET"): Row(
        302, 302, 302, 302, 302, 302, anonymous=200
    ),  # signed in already: on to the dashboard
    ("login", "POST"): Row(400, 400, 400, 400, 400, 400, anonymous=400),  # an empty form
    ("logout", "GET"): Row(405, 405, 405, 405, 405, 405, anonymous=405),
    ("logout", "POST"): Row(302, 302, 302, 302, 302, 302, anonymous=302),
    # Single sign-on is off in this world (no LADDERS_OIDC_ISSUER): its pages do not exist.
    ("sso-start", "GET"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    ("sso-start", "POST"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    ("sso-callback", "GET"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    ("sso-callback", "POST"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    # Resetting a forgotten password needs no sign-in; an empty form is shown again with errors.
    ("password-reset", "GET"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset", "POST"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset-sent", "GET"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset-sent", "POST"): Row(405, 405, 405, 405, 405, 405, anonymous=405),
    # A link for no one: the page says the link does not work, whoever asks.
    ("password-reset-confirm", "GET"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset-confirm", "POST"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset-complete", "GET"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    ("password-reset-complete", "POST"): Row(405, 405, 405, 405, 405, 405, anonymous=405),
    # One's own password and tokens; an empty password form is shown again with its errors.
    ("password-change", "GET"): OWN,
    ("password-change", "POST"): OWN,
    ("tokens", "GET"): OWN,
    ("tokens", "POST"): Row(201, 201, 201, 201, 201, 201, body="token form", changes=True),
    # The engineer's token: revoked by them or an admin of the org; anyone else: no such token.
    ("token-revoke", "GET"): NOT_A_FORM,
    ("token-revoke", "POST"): Row(302, 404, 404, 404, 302, 404, changes=True),
    ("admin-tokens", "GET"): ADMIN_ONLY,
    ("admin-tokens", "POST"): Row(404, 404, 404, 404, 405, 405),
    ("dashboard", "GET"): OWN(salary=ENGINEER),
    ("dashboard", "POST"): NOT_A_FORM,
    ("person", "GET"): REACH(salary=SEES_SALARY),
    ("person", "POST"): NOT_A_FORM,
    ("my-evidence", "GET"): OWN,
    ("my-evidence", "POST"): NOT_A_FORM,
    ("evidence", "GET"): REACH,
    ("evidence", "POST"): NOT_A_FORM,
    ("evidence-add", "GET"): REACH,
    ("evidence-add", "POST"): SAVED(body="evidence form"),
    ("evidence-edit", "GET"): REACH,
    ("evidence-edit", "POST"): SAVED(body="evidence form"),
    ("evidence-delete", "GET"): REACH,
    ("evidence-delete", "POST"): SAVED,
    # The evidence inbox follows the rules of evidence: the engineer, their chain and admins.
    ("evidence-inbox", "GET"): REACH,
    ("evidence-inbox", "POST"): SAVED(body="inbox decision form"),
    ("evidence-inbox-upload", "GET"): NOT_A_FORM,
    ("evidence-inbox-upload", "POST"): SAVED(body="inbox upload form"),
    ("checkins", "GET"): OWN,
    ("checkins", "POST"): NOT_A_FORM,
    # /checkins/<quarter>/ is always the viewer's own check-in: each saves a draft of their own.
    ("checkin", "GET"): OWN(draft=True),
    ("checkin", "POST"): Row(302, 302, 302, 302, 302, 302, body="check-in form", draft=True, changes=True),
    # Signing off is for the chain and admins; the engineer may not sign off their own.
    ("checkin-review", "GET"): Row(404, 200, 404, 404, 200, 404),
    ("checkin-review", "POST"): Row(404, 302, 404, 404, 302, 404, body="sign-off form", changes=True),
    ("team", "GET"): Row(404, 200, 404, 200, 200, 200),
    ("team", "POST"): Row(405, 405, 405, 405, 405, 405),
    ("framework", "GET"): OWN,
    ("framework", "POST"): NOT_A_FORM,
    # Everyone reads the org's maturity; managers and admins record it.
    ("maturity", "GET"): OWN,
    ("maturity", "POST"): Row(404, 302, 404, 302, 302, 302, body="maturity form", changes=True),
    ("admin", "GET"): Row(404, 404, 404, 404, 302, 302),
    ("admin", "POST"): Row(404, 404, 404, 404, 405, 405),
    ("admin-frameworks", "GET"): ADMIN_ONLY,
    ("admin-frameworks", "POST"): Row(404, 404, 404, 404, 302, 302, body="framework upload"),
    ("admin-framework-activate", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-framework-activate", "POST"): Row(404, 404, 404, 404, 302, 404),
    ("admin-people-import", "GET"): ADMIN_ONLY,
    # The import is queued (the tests' task backend runs it at once), then its own page.
    ("admin-people-import", "POST"): Row(404, 404, 404, 404, 302, 302, body="people csv", changes=True),
    ("admin-people-import-job", "GET"): ADMIN_HERE,
    ("admin-people-import-job", "POST"): Row(404, 404, 404, 404, 405, 405),
    ("admin-framework-preview", "GET"): ADMIN_HERE,
    ("admin-framework-preview", "POST"): Row(404, 404, 404, 404, 405, 405),
    # The rewrite of the facts records after an activation: the organisation's admins follow it.
    ("admin-facts-rebuild", "GET"): ADMIN_HERE,
    ("admin-facts-rebuild", "POST"): Row(404, 404, 404, 404, 405, 405),
    # A past assessment of the engineer: like their person page.
    ("snapshot", "GET"): REACH,
    ("snapshot", "POST"): NOT_A_FORM,
    # Promotion packets. The world's packet is about the engineer, written by their manager and
    # still a draft. Seen by the subject, the author, the chain and admins; the outsider: 404.
    ("packets", "GET"): OWN,
    ("packets", "POST"): NOT_A_FORM,
    ("packet", "GET"): REACH,
    ("packet", "POST"): NOT_A_FORM,
    ("packet-export-md", "GET"): REACH,
    ("packet-export-md", "POST"): NOT_A_FORM,
    ("packet-export-html", "GET"): REACH,
    ("packet-export-html", "POST"): NOT_A_FORM,
    # The person and their chain may write one, but the engineer already has one open: 409.
    ("packet-new", "GET"): REACH,
    ("packet-new", "POST"): Row(409, 409, 404, 404, 409, 404, body="new packet form"),
    # Each step posts the current revision; the page shows a refusal with the service's status.
    # The draft is the author's (the manager's): anyone else who may see it is refused (403).
    ("packet-draft", "GET"): NOT_A_FORM,
    ("packet-draft", "POST"): Row(403, 302, 404, 404, 403, 404, body="packet draft form", changes=True),
    # No reviewer or reviewer of the review is assigned to a draft: nobody's turn (403).
    ("packet-review", "GET"): NOT_A_FORM,
    ("packet-review", "POST"): Row(403, 403, 404, 404, 403, 404, body="packet review form"),
    ("packet-audit", "GET"): NOT_A_FORM,
    ("packet-audit", "POST"): Row(403, 403, 404, 404, 403, 404, body="packet audit form"),
    # Only an admin decides (403 for the others); a draft is not ready for a decision (409).
    ("packet-decide", "GET"): NOT_A_FORM,
    ("packet-decide", "POST"): Row(403, 403, 404, 404, 409, 404, body="packet decide form"),
    # Only the author reopens (403 for the others); a draft is not a "not yet" (409).
    ("packet-reopen", "GET"): NOT_A_FORM,
    ("packet-reopen", "POST"): Row(403, 409, 404, 404, 403, 404, body="packet revision form"),
    # Calibration: managers and admins; for engineers it does not exist.
    ("calibration", "GET"): Row(404, 200, 404, 200, 200, 200),
    ("calibration", "POST"): NOT_A_FORM,
    ("calibration-csv", "GET"): Row(404, 200, 404, 200, 200, 200),
    ("calibration-csv", "POST"): NOT_A_FORM,
    # Exports built in the background: anyone lists their own; those who may download start one
    # (the tests' task backend builds it at once); the export and its file are the requester's
    # alone (the manager's calibration table): not even an admin of the organisation sees them.
    ("exports", "GET"): OWN,
    ("exports", "POST"): Row(404, 302, 404, 302, 302, 302, body="export form", changes=True),
    ("export", "GET"): Row(404, 200, 404, 404, 404, 404),
    ("export", "POST"): NOT_A_FORM,
    ("export-download", "GET"): Row(404, 200, 404, 404, 404, 404),
    ("export-download", "POST"): NOT_A_FORM,
    # Salary bands: admins only.
    ("admin-bands", "GET"): ADMIN_ONLY,
    ("admin-bands", "POST"): Row(404, 404, 404, 404, 302, 302, body="band form", changes=True),
    ("admin-band-edit", "GET"): ADMIN_HERE,
    ("admin-band-edit", "POST"): Row(404, 404, 404, 404, 302, 404, body="band edit form", changes=True),
    ("admin-band-delete", "GET"): ADMIN_HERE,
    ("admin-band-delete", "POST"): Row(404, 404, 404, 404, 302, 404, changes=True),
    # Cycles: the list and participation for managers (of the people they see) and admins;
    # the world's cycle is this organisation's, so another org's admin finds nothing.
    ("cycles", "GET"): Row(404, 200, 404, 200, 200, 200),
    ("cycles", "POST"): NOT_A_FORM,
    ("cycle", "GET"): Row(404, 200, 404, 200, 200, 404),
    ("cycle", "POST"): NOT_A_FORM,
    ("cycle-csv", "GET"): Row(404, 200, 404, 200, 200, 404),
    ("cycle-csv", "POST"): NOT_A_FORM,
    # Everyone chooses their own mails.
    ("mail-preferences", "GET"): OWN,
    ("mail-preferences", "POST"): Row(302, 302, 302, 302, 302, 302, body="mail form", changes=True),
    # Opening and closing cycles, and the webhook: admins only. The world's cycle is open
    # already, so opening it again is a conflict (409).
    ("admin-cycle-new", "GET"): ADMIN_ONLY,
    ("admin-cycle-new", "POST"): Row(404, 404, 404, 404, 302, 302, body="cycle form", changes=True),
    ("admin-cycle-open", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-cycle-open", "POST"): Row(404, 404, 404, 404, 409, 404),
    ("admin-cycle-close", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-cycle-close", "POST"): Row(404, 404, 404, 404, 302, 404, changes=True),
    ("admin-notifications", "GET"): ADMIN_ONLY,
    ("admin-notifications", "POST"): Row(404, 404, 404, 404, 302, 302, body="webhook form", changes=True),
    # People admin: admins only, each their own organisation's people.
    ("admin-people", "GET"): ADMIN_ONLY,
    ("admin-people", "POST"): Row(404, 404, 404, 404, 405, 405),
    ("admin-people-invite", "GET"): ADMIN_ONLY,
    ("admin-people-invite", "POST"): Row(404, 404, 404, 404, 302, 302, body="invite form", changes=True),
    ("admin-person", "GET"): ADMIN_HERE(salary=frozenset({"admin"})),
    ("admin-person", "POST"): Row(404, 404, 404, 404, 302, 404, body="person edit form", changes=True),
    ("admin-person-salary", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-person-salary", "POST"): Row(404, 404, 404, 404, 302, 404, body="salary form", changes=True),
    ("admin-person-deactivate", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-person-deactivate", "POST"): Row(404, 404, 404, 404, 302, 404, changes=True),
    # The engineer is active already: reactivating changes nothing.
    ("admin-person-reactivate", "GET"): Row(404, 404, 404, 404, 405, 405),
    ("admin-person-reactivate", "POST"): Row(404, 404, 404, 404, 302, 404),
    ("admin-audit", "GET"): ADMIN_ONLY,
    ("admin-audit", "POST"): Row(404, 404, 404, 404, 405, 405),
    ("admin-audit-csv", "GET"): ADMIN_ONLY,
    ("admin-audit-csv", "POST"): Row(404, 404, 404, 404, 405, 405),
    # An invitation link is its own credential; this one was never sent, so it is no one's.
    ("invite-accept", "GET"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    ("invite-accept", "POST"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
}

# Paths are relative to /api/v1, as in the OpenAPI document without its prefix.
API: dict[tuple[str, str], Row] = {
    ("GET", "/me"): OWN(salary=ENGINEER),
    ("GET", "/openapi.json"): Row(200, 200, 200, 200, 200, 200, anonymous=200),
    # The API's root lists nothing: the routes are in openapi.json.
    ("GET", "/"): Row(404, 404, 404, 404, 404, 404, anonymous=404),
    ("GET", "/people"): OWN,  # whom the viewer may see: names, no compensation
    ("GET", "/people/{person_id}"): REACH(salary=SEES_SALARY),
    ("GET", "/people/{person_id}/history"): REACH,
    # A frozen assessment of the engineer: like their history.
    ("GET", "/people/{person_id}/snapshots/{snapshot_id}"): REACH,
    ("GET", "/people/{person_id}/evidence"): REACH,
    ("POST", "/people/{person_id}/evidence"): Row(
        201, 201, 404, 404, 201, 404, body="evidence json", changes=True
    ),
    ("PATCH", "/evidence/{evidence_id}"): REACH(body="evidence patch", changes=True),
    ("DELETE", "/evidence/{evidence_id}"): Row(204, 204, 404, 404, 204, 404, changes=True),
    ("GET", "/people/{person_id}/suggestions"): REACH,
    ("POST", "/people/{person_id}/suggestions"): REACH(body="suggestions json", changes=True),
    ("POST", "/suggestions/{suggestion_id}/accept"): REACH(body="empty json", changes=True),
    ("POST", "/suggestions/{suggestion_id}/reject"): Row(204, 204, 404, 404, 204, 404, changes=True),
    ("GET", "/people/{person_id}/checkins"): REACH,
    # Only the person fills in their check-in; their chain may read it (403), others may not (404).
    ("POST", "/people/{person_id}/checkins"): Row(
        200, 403, 404, 404, 403, 404, body="new check-in json", changes=True
    ),
    ("GET", "/people/{person_id}/checkins/{quarter}"): REACH,
    ("PUT", "/people/{person_id}/checkins/{quarter}"): Row(
        200, 403, 404, 404, 403, 404, body="check-in json", draft=True, changes=True
    ),
    ("POST", "/people/{person_id}/checkins/{quarter}/submit"): Row(
        200, 403, 404, 404, 403, 404, body="empty json", draft=True, changes=True
    ),
    ("POST", "/people/{person_id}/checkins/{quarter}/sign-off"): Row(
        403, 200, 404, 404, 200, 404, body="sign-off json", changes=True
    ),
    ("GET", "/people/{person_id}/assessment"): REACH,
    ("GET", "/framework"): OWN,
    # Pay: the compensation rule of the person page.
    ("GET", "/people/{person_id}/pay"): REACH(salary=SEES_SALARY),
    # Promotion packets: the world's packet is the engineer's, drafted by their manager.
    ("GET", "/packets"): OWN,
    ("GET", "/packets/{packet_id}"): REACH,
    ("GET", "/packets/{packet_id}/export"): REACH,
    # The person and their chain may write one, but the engineer already has one open: 409.
    ("POST", "/people/{person_id}/packets"): Row(409, 409, 404, 404, 409, 404, body="new packet json"),
    # The draft is the author's: anyone else who may see it is refused (403).
    ("PATCH", "/packets/{packet_id}"): Row(403, 200, 404, 404, 403, 404, body="packet patch", changes=True),
    ("POST", "/packets/{packet_id}/submit"): Row(
        403, 200, 404, 404, 403, 404, body="packet submit json", changes=True
    ),
    # No reviewer or reviewer of the review is assigned to a draft: nobody's turn (403).
    ("POST", "/packets/{packet_id}/review"): Row(403, 403, 404, 404, 403, 404, body="packet review json"),
    ("POST", "/packets/{packet_id}/audit"): Row(403, 403, 404, 404, 403, 404, body="packet audit json"),
    # Only an admin decides (403 for the others); a draft is not ready for a decision (409).
    ("POST", "/packets/{packet_id}/decision"): Row(403, 403, 404, 404, 409, 404, body="packet decision json"),
    # Only the author reopens (403 for the others); a draft is not a "not yet" (409).
    ("POST", "/packets/{packet_id}/reopen"): Row(403, 409, 404, 404, 403, 404, body="packet revision json"),
    # Calibration: managers and admins; for engineers it does not exist.
    ("GET", "/calibration"): Row(404, 200, 404, 200, 200, 200),
    ("GET", "/calibration/{table}.csv"): Row(404, 200, 404, 200, 200, 200),
    # Background exports, as on the pages: started by those who may download, then the requester's.
    ("POST", "/exports"): Row(404, 202, 404, 202, 202, 202, body="export json", changes=True),
    ("GET", "/exports/{export_id}"): Row(404, 200, 404, 404, 404, 404),
    ("GET", "/exports/{export_id}/download"): Row(404, 200, 404, 404, 404, 404),
    # Salary bands: admins only; for anyone else they do not exist (docs/api.md, openapi.json).
    ("GET", "/bands"): ADMIN_ONLY,
    ("POST", "/bands"): ADMIN_ONLY(body="band json", changes=True),
    ("DELETE", "/bands/{band_id}"): Row(404, 404, 404, 404, 204, 404, changes=True),
    # Cycles: everyone reads their organisation's cycles and dates; participation is for
    # managers (of the people they see) and admins; opening and closing for admins.
    ("GET", "/cycles"): OWN,
    ("POST", "/cycles"): Row(404, 404, 404, 404, 201, 201, body="cycle json", changes=True),
    ("GET", "/cycles/{cycle_id}"): Row(200, 200, 200, 200, 200, 404),
    ("GET", "/cycles/{cycle_id}/participation"): Row(404, 200, 404, 200, 200, 404),
    ("POST", "/cycles/{cycle_id}/open"): Row(404, 404, 404, 404, 409, 404),
    ("POST", "/cycles/{cycle_id}/close"): Row(404, 404, 404, 404, 200, 404, changes=True),
    # People admin: an admin manages the engineer; their chain (and they) may see them, so 403.
    ("PATCH", "/people/{person_id}"): Row(
        403, 403, 404, 404, 200, 404, body="person patch json", changes=True
    ),
    ("POST", "/people/{person_id}/deactivate"): Row(403, 403, 404, 404, 200, 404, changes=True),
    ("POST", "/people/{person_id}/reactivate"): Row(403, 403, 404, 404, 200, 404),  # active already
    ("PUT", "/people/{person_id}/salary"): Row(
        403, 403, 404, 404, 200, 404, body="salary json", changes=True
    ),
    # Each admin invites into their own organisation.
    ("POST", "/invitations"): Row(403, 403, 403, 403, 201, 201, body="invite json", changes=True),
    ("GET", "/audit"): ADMIN_ONLY,
}

# SCIM (/scim/v2), asked with each caller's API token and never a session: an admin's token
# provisions their own organisation; anyone else's is refused (403) whatever the id, and
# without a token it is 401. Methods are those each route takes.
SCIM_READ = Row(403, 403, 403, 403, 200, 200, anonymous=401)  # each admin reads their own
SCIM_HERE = Row(403, 403, 403, 403, 200, 404, anonymous=401)  # one of this organisation's records
SCIM: dict[tuple[str, str], Row] = {
    ("scim-config", "GET"): SCIM_READ,
    ("scim-resource-types", "GET"): SCIM_READ,
    ("scim-resource-type", "GET"): SCIM_READ,
    ("scim-schemas", "GET"): SCIM_READ,
    ("scim-schema", "GET"): SCIM_READ,
    ("scim-users", "GET"): SCIM_READ,
    ("scim-users", "POST"): Row(
        403, 403, 403, 403, 201, 201, anonymous=401, body="scim user json", changes=True
    ),
    ("scim-user", "GET"): SCIM_HERE,
    ("scim-user", "PUT"): SCIM_HERE(body="scim user put json", changes=True),
    ("scim-user", "PATCH"): SCIM_HERE(body="scim deactivate json", changes=True),
    ("scim-user", "DELETE"): Row(403, 403, 403, 403, 204, 404, anonymous=401, changes=True),
    ("scim-groups", "GET"): SCIM_READ,
    ("scim-groups", "POST"): Row(
        403, 403, 403, 403, 201, 201, anonymous=401, body="scim group json", changes=True
    ),
    ("scim-group", "GET"): SCIM_HERE,
    ("scim-group", "PUT"): SCIM_HERE(body="scim group put json", changes=True),
    ("scim-group", "PATCH"): SCIM_HERE(body="scim group patch json", changes=True),
    ("scim-group", "DELETE"): Row(403, 403, 403, 403, 204, 404, anonymous=401, changes=True),
}

NOT_OPERATIONS = {("GET", "/openapi.json"), ("GET", "/")}

# The reads above asked again about the engineer's draft check-in: a draft is its author's
# alone, so everyone else, their manager and admins included, is told it does not exist.
# (Every answer above is also checked never to show the draft's notes to anyone but the engineer.)
DRAFT_PAGES: dict[tuple[str, str], Row] = {
    ("checkin-review", "GET"): Row(404, 404, 404, 404, 404, 404, draft=True),
}
DRAFT_API: dict[tuple[str, str], Row] = {
    ("GET", "/people/{person_id}/checkins/{quarter}"): Row(200, 404, 404, 404, 404, 404, draft=True),
}

# Known bugs: (kind, route, method, viewer) -> what is wrong. Each such cell is a strict xfail;
# kind is "page" or "api", or "page draft" / "api draft" for the DRAFT_ tables.
BUGS: dict[tuple[str, str, str, str], str] = {}


# -- the world, built once per module; each test runs in a savepoint that is rolled back ----


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _cells(table: dict[tuple[str, str], Row], kind: str) -> list:
    cells = []
    for (first, second), row in table.items():
        route, method = (second, first) if kind.startswith("api") else (first, second)
        for viewer in VIEWERS:
            bug = BUGS.get((kind, route, method, viewer))
            marks = [pytest.mark.xfail(reason=f"bug: {bug}", strict=True)] if bug else []
            name = f"{method} {route} {viewer}" + (" (draft)" if kind.endswith("draft") else "")
            cells.append(pytest.param(route, method, viewer, row, marks=marks, id=name))
    return cells


@pytest.mark.parametrize(
    ("name", "method", "viewer", "row"), _cells(PAGES, "page") + _cells(DRAFT_PAGES, "page draft")
)
def test_page(client, db, world: World, name: str, method: str, viewer: str, row: Row):
    route = {r.name: r.route for r in page_routes()}[name]
    values = world.path_values() | ({"quarter": DRAFT_QUARTER} if row.draft else {})
    path = fill(route, values)
    response, before = ask(client, world, viewer, method, path, row, as_json=False)
    expected = row.status(viewer) or 302
    check_answer(response, before, world, viewer, method, path, row, expected)
    if viewer == "anonymous" and row.anonymous is None:
        assert response["Location"].startswith("/login/?next="), response["Location"]
    if viewer in STRANGERS and expected == 404:
        assert_reads_like_an_absent_id(client, world, method, route, row, response, as_json=False)


@pytest.mark.parametrize(
    ("path_template", "method", "viewer", "row"), _cells(API, "api") + _cells(DRAFT_API, "api draft")
)
def test_api(client, db, world: World, path_template: str, method: str, viewer: str, row: Row):
    values = world.path_values() | ({"quarter": DRAFT_QUARTER} if row.draft else {})
    path = API_PREFIX + fill(path_template, values)
    response, before = ask(client, world, viewer, method, path, row, as_json=True)
    expected = row.status(viewer) or 401
    check_answer(response, before, world, viewer, method, path, row, expected)
    if expected >= 400:
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        assert response.json()["detail"]
    if viewer in STRANGERS and expected == 404:
        template = API_PREFIX + path_template
        assert_reads_like_an_absent_id(client, world, method, template, row, response, as_json=True)


@pytest.mark.parametrize(("name", "method", "viewer", "row"), _cells(SCIM, "scim"))
def test_scim(db, world: World, name: str, method: str, viewer: str, row: Row):
    route = {r.name: r.route for r in scim_routes()}[name]
    path = fill(route, world.path_values())
    client = Client()
    response, before = ask_with_token(client, world, viewer, method, path, row)
    expected = row.status(viewer)
    check_answer(response, before, world, viewer, method, path, row, expected)
    if expected >= 400:
        assert response["Content-Type"] == "application/scim+json", response["Content-Type"]
        assert response.json()["detail"]
    if viewer in STRANGERS and expected == 404:
        assert_reads_like_an_absent_id(client, world, method, route, row, response, as_json=True)


# -- completeness: the table covers every route, and only real ones -------------------------


def test_every_scim_route_has_a_row_for_a_read():
    names = {r.name for r in scim_routes()}
    assert sorted(names - {name for name, _ in SCIM}) == [], "SCIM routes without a row in SCIM"
    assert sorted({name for name, _ in SCIM} - names) == [], "rows in SCIM for routes that no longer exist"


def test_every_page_route_has_a_row():
    routes = {(r.name, method) for r in page_routes() for method in PAGE_METHODS}
    missing = sorted(routes - PAGES.keys())
    assert not missing, f"routes without a row in PAGES (add who gets what): {missing}"
    stale = sorted(PAGES.keys() - routes)
    assert not stale, f"rows in PAGES for routes that no longer exist: {stale}"


def test_every_api_operation_has_a_row(client):
    operations = set(api_operations(client))
    missing = sorted(operations - API.keys())
    assert not missing, f"API operations without a row in API (add who gets what): {missing}"
    stale = sorted(API.keys() - operations - NOT_OPERATIONS)
    assert not stale, f"rows in API for operations that no longer exist: {stale}"


def test_every_api_route_is_an_operation_or_has_a_row():
    """The API half of the table trusts the OpenAPI document, so check it against the resolver."""
    covered = {shape(API_PREFIX + path) for _, path in API}
    missing = [route for route in api_routes() if route not in covered]
    assert not missing, f"API routes that are neither in openapi.json nor in API: {missing}"


def test_an_undocumented_method_is_a_json_405_for_everyone(client, db, world: World):
    documented: dict[str, set[str]] = {}
    for method, path in api_operations(client):
        documented.setdefault(path, set()).add(method)
    for viewer in ("anonymous", "engineer"):
        if viewer == "engineer":
            client.force_login(world.org.engineer.user)
        for template, methods in documented.items():
            path = API_PREFIX + fill(template, world.path_values())
            for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - methods):
                response = client.generic(method, path)
                where = f"{method} {path} as {viewer}"
                assert response.status_code == 405, f"{where}: {response.status_code}"
                assert response.json()["detail"], where
                assert set(response["Allow"].replace(" ", "").split(",")) == methods, where
