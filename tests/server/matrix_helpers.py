"""What the permission matrix needs besides its table: every route, a world to ask about, and probes.

Routes come from the running configuration, not from a list typed here: pages from Django's
URL resolver, API operations from the OpenAPI document. A route added to either without a
row in the matrix fails the matrix's completeness test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ladders.accounts.models import ApiToken, Organisation, Person, Role, Team
from ladders.accounts.tokens import token_create
from ladders.core.profile import EvidenceSource
from ladders.core.suggestions import Suggestion
from ladders.cycles import services as cycles
from ladders.cycles.models import Cycle, MailPreference, OrgWebhook
from ladders.leveling import services
from ladders.leveling.exports import export_start
from ladders.leveling.facts_rebuilds import facts_rebuild_direct
from ladders.leveling.frameworks import active_version
from ladders.leveling.imports import people_import_start
from ladders.leveling.models import (
    AssessmentSnapshot,
    AuditEvent,
    CheckIn,
    Evidence,
    EvidenceSuggestion,
    Export,
    FactsRebuild,
    FrameworkVersion,
    MaturityAssessment,
    PeopleImport,
    SalaryBand,
)
from ladders.leveling.services import assessment_for
from ladders.leveling.services.suggestions import suggestions_receive
from ladders.promotions import services as promotions
from ladders.promotions.models import Packet, PacketEvent
from ladders.web.pages.packets import packet_new_page
from tests.framework_ids import KIND, SKILL
from tests.org_fixtures import Org, add_person, make_org

API_PREFIX = "/api/v1"
SCIM_PREFIX = "/scim/v2"  # asked with bearer tokens only: see SCIM in the matrix
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
QUARTER = "2026-Q2"  # the engineer's submitted check-in
DRAFT_QUARTER = "2026-Q3"  # the engineer's draft
DRAFT_NOTES = "Not sure yet whether to ask for the senior title"  # only the engineer may read it
CALIBRATION_TABLE = "level_distribution"  # one of the tables `calibration_tables` returns
BAND_MARKET, BAND_CURRENCY = "berlin", "EUR"
SCIM_USER_SCHEMA = (
    "urn:ietf:params:scim:schemas:core:2.0:User"  # the engineer's market, so their pay sits in the band
)


@dataclass(frozen=True)
class PageRoute:
    name: str
    route: str  # "people/<int:person_id>/"


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def page_routes() -> list[PageRoute]:
    """Every named route outside the API and SCIM, from the resolver (so none can be left out)."""
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if ("/" + route).startswith((API_PREFIX + "/", SCIM_PREFIX + "/")):
            continue
        assert pattern.name, f"the route '{route}' has no name; every page route needs one"
        routes.append(PageRoute(pattern.name, route))
    return routes


def scim_routes() -> list[PageRoute]:
    """Every SCIM route (`/scim/v2/...`), by name, from the resolver."""
    return [
        PageRoute(pattern.name or "", route)
        for route, pattern in _walk(get_resolver().url_patterns)
        if ("/" + route).startswith(SCIM_PREFIX + "/")
    ]


def api_routes() -> list[str]:
    """What the resolver sends to the API, as path shapes (`/api/v1/people/*`); the catch-all is left out."""
    from ladders.api.errors import route_not_found

    return sorted(
        {
            shape("/" + route)
            for route, pattern in _walk(get_resolver().url_patterns)
            if ("/" + route).startswith(API_PREFIX) and pattern.callback is not route_not_found
        }
    )


def shape(route: str) -> str:
    """A route with its parameters blanked, whichever way it is written: `/api/v1/people/*`."""
    route = re.sub(r"<[^>]+>|\{[^}]+\}", "*", route.replace("^", "").replace("$", ""))
    return route.rstrip("/") or "/"


def api_operations(client: Client) -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation in the OpenAPI document, relative to /api/v1."""
    response = client.get(f"{API_PREFIX}/openapi.json")
    assert response.status_code == 200, response.content[:500]
    document = response.json()
    return sorted(
        (method.upper(), path.removeprefix(API_PREFIX))
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    )


_DJANGO_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_OPENAPI_PARAM = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, object]) -> str:
    """A concrete path from a route (`<int:person_id>` or `{person_id}`) and parameter values."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        assert name in values, f"no value for the path parameter '{name}' in {template}"
        return str(values[name])

    path = _OPENAPI_PARAM.sub(value, _DJANGO_PARAM.sub(value, template))
    return path if path.startswith("/") else "/" + path


# -- the world every request is about -------------------------------------------------------

SALARY = Decimal("87654")
# However a page formats it: 87654, 87,654, 87 654, 87.654 (and 87654.0 in JSON).
SALARY_TEXT = re.compile(r"(?<!\w)87[,.\s\u00a0\u202f]?654(?!\w)")


@dataclass
class World:
    org: Org
    foreign_admin: Person  # the admin of another organisation, who must find nothing of this one
    evidence: Evidence  # the engineer's
    checkin: CheckIn  # the engineer's, submitted and waiting for sign-off (a draft follows it)
    version: FrameworkVersion  # the active framework
    packet: Packet  # about the engineer, written by their manager, still a draft
    snapshot: AssessmentSnapshot  # a frozen assessment of the engineer
    band: SalaryBand  # the org's band for the engineer's market
    people_import: PeopleImport  # a finished import of one person, started by the admin
    export: Export  # a finished calibration export, the manager's
    rebuild: FactsRebuild  # a finished rewrite of the org's facts records
    suggestion: EvidenceSuggestion  # a pending suggestion in the engineer's evidence inbox
    cycle: Cycle  # open over QUARTER for the whole org: the engineer's submitted check-in is in it
    token: ApiToken  # the engineer's personal API token, live

    def callers(self) -> dict[str, Person]:
        """Everyone who signs in, by the name the matrix gives them."""
        return self.org.people() | {
            "other_manager": self.org.other_manager,
            "foreign_admin": self.foreign_admin,
        }

    def private_text(self) -> list[str]:
        """What only those who may see the engineer may read: their name and their evidence."""
        return [self.org.engineer.name, self.evidence.title, self.suggestion.title]

    def first_org_text(self) -> list[str]:
        """What no one from another organisation may read: anyone's name here, and the evidence."""
        names = Person.objects.filter(org=self.org.org).values_list("name", flat=True)
        return [*names, self.evidence.title, self.suggestion.title]

    def path_values(self) -> dict[str, object]:
        return {
            "person_id": self.org.engineer.pk,
            "evidence_id": self.evidence.pk,
            "quarter": self.checkin.quarter,
            "version_id": self.version.pk,
            "packet_id": self.packet.pk,
            "snapshot_id": self.snapshot.pk,
            "band_id": self.band.pk,
            "import_id": self.people_import.pk,
            "export_id": self.export.pk,
            "rebuild_id": self.rebuild.pk,
            "suggestion_id": self.suggestion.pk,
            "table": CALIBRATION_TABLE,
            "cycle_id": self.cycle.pk,
            "token_id": self.token.pk,
            # An invitation link that was never sent: nobody's, so every caller gets 404.
            "uidb64": "MTIzNDU2Nw",
            "token": "d3lmwp-0123456789abcdef0123456789abcdef",
            # SCIM: the engineer is User person_id, their team is Group team_id.
            "team_id": self.org.engineer.team_id,
            "name": "User",
            "schema_id": SCIM_USER_SCHEMA,
        }

    def packet_revision(self) -> int:
        """The packet's revision as stored now (a step form must carry the current one)."""
        return Packet.objects.values_list("revision", flat=True).get(pk=self.packet.pk)


def make_foreign_org() -> Person:
    """Another organisation with its own admin and engineer, named unlike anyone in the first."""
    org = Organisation.objects.create(name="Elsewhere")

    admin = add_person(org, "Fiona Foreign", Role.ADMIN)
    add_person(org, "Felix Faraway", Role.ENGINEER, admin)
    return admin


def build_world() -> World:
    """The five people of the first org and an admin of another.

    The engineer has a salary, evidence, a submitted check-in and a draft with notes, a draft
    promotion packet their manager writes, a frozen assessment and an API token; the org has a
    salary band.
    """
    org = make_org("Matrix")
    engineer = org.engineer
    Person.objects.filter(pk=engineer.pk).update(base_salary=SALARY, currency="EUR", market="berlin")
    engineer.refresh_from_db()
    evidence = services.evidence_create(
        actor=engineer,
        person=engineer,
        data={
            "kind": KIND.shipped_project,
            "title": "Support reply assistant",
            "date": date(2026, 3, 1),
            "scope": "feature",
            "users": "real",
            "outcome": "Cut support tickets by 40%",
            "skills": [SKILL.rag_systems],
        },
    )
    checkin = services.checkin_save(
        actor=engineer, person=engineer, quarter=QUARTER, self_ratings={SKILL.error_handling: 2}, submit=True
    )
    services.checkin_save(
        actor=engineer, person=engineer, quarter=DRAFT_QUARTER, self_ratings={}, notes=DRAFT_NOTES
    )
    version = active_version(org.org)
    target = packet_new_page(viewer=org.manager, person_id=engineer.pk)["targets"][0].id
    packet = promotions.packet_create(
        actor=org.manager, person=engineer, target=target, narrative="Eve ships and owns what she ships."
    )
    result = assessment_for(engineer)
    snapshot = AssessmentSnapshot.objects.create(
        person=engineer,
        framework=version,
        framework_hash=version.content_hash,
        as_of=date(2026, 6, 30),
        level=result["level"],
        result=result,
    )
    band = SalaryBand.objects.create(
        org=org.org,
        level=result["level"],
        market=BAND_MARKET,
        currency=BAND_CURRENCY,
        min=Decimal("70000"),
        max=Decimal("100000"),
        source="Matrix survey 2026",
    )
    suggestions_receive(actor=engineer, person=engineer, suggestions=[matrix_suggestion("matrix-1")])
    cycle = cycles.cycle_create(
        actor=org.admin,
        org=org.org,
        name=QUARTER,
        quarter=QUARTER,
        opens_on=date(2026, 4, 1),
        self_review_due=date(2026, 6, 19),
        sign_off_due=date(2026, 6, 30),
    )
    token_create(engineer, "matrix script", days=30)
    return World(
        cycle=cycle,
        token=ApiToken.objects.get(person=engineer),
        org=org,
        foreign_admin=make_foreign_org(),
        evidence=evidence,
        checkin=checkin,
        version=version,
        packet=packet,
        snapshot=snapshot,
        band=band,
        people_import=people_import_start(actor=org.admin, text="name\nIna Imported\n"),
        rebuild=facts_rebuild_direct(org=org.org),
        export=export_start(actor=org.manager, kind="calibration", parameters={"table": CALIBRATION_TABLE}),
        suggestion=EvidenceSuggestion.objects.get(person=engineer),
    )


def matrix_suggestion(suggestion_id: str) -> Suggestion:
    """A suggestion from a brag doc, with a title no one outside the engineer's reach may read."""
    return Suggestion(
        id=f"brag-{suggestion_id}",
        kind=KIND.incident,
        title=f"Led the reranker outage response ({suggestion_id})",
        date=date(2026, 3, 4),
        source=EvidenceSource(type="brag", path="brag.md", lines=[3, 3]),
        confidence=0.6,
        why="lines 3-3 name 'outage'",
    )


def fingerprint(world: World) -> dict[str, object]:
    """What a refused request must leave untouched: the engineer's records and the org's settings."""
    engineer = Person.objects.get(pk=world.org.engineer.pk)
    return {
        "audit_events": AuditEvent.objects.filter(org=world.org.org).count(),
        "engineer": (
            engineer.level,
            engineer.base_salary,
            engineer.manager_id,
            engineer.team_id,
            engineer.user.is_active,
        ),
        "teams": list(Team.objects.filter(org=world.org.org).values_list("pk", "name")),
        "evidence": list(Evidence.objects.filter(person=engineer).values_list("pk", "title", "updated")),
        "checkins": list(CheckIn.objects.filter(person=engineer).values_list("pk", "status", "revision")),
        "frameworks": list(FrameworkVersion.objects.filter(org=world.org.org).values_list("pk", "active")),
        "people": Person.objects.filter(org=world.org.org).count(),
        "maturity": MaturityAssessment.objects.filter(org=world.org.org).count(),
        "packets": list(
            Packet.objects.filter(org=world.org.org).values_list(
                "pk", "state", "revision", "target", "narrative"
            )
        ),
        "packet_events": PacketEvent.objects.filter(packet__org=world.org.org).count(),
        "snapshots": list(AssessmentSnapshot.objects.filter(person=engineer).values_list("pk", "level")),
        "tokens": list(
            ApiToken.objects.filter(person__org=world.org.org).values_list("pk", "revoked_at", "expires")
        ),
        "bands": list(
            SalaryBand.objects.filter(org=world.org.org).values_list("pk", "level", "market", "min", "max")
        ),
        "suggestions": list(
            EvidenceSuggestion.objects.filter(person=engineer).values_list("pk", "state", "evidence_id")
        ),
        "cycles": list(Cycle.objects.filter(org=world.org.org).values_list("pk", "state")),
        "exports": Export.objects.filter(org=world.org.org).count(),
        "webhook": list(OrgWebhook.objects.filter(org=world.org.org).values_list("channel", "url")),
        "mail": list(
            MailPreference.objects.filter(person__org=world.org.org).values_list(
                "person_id", "reminders", "submitted", "signed_off"
            )
        ),
    }


def shows_salary(body: bytes) -> bool:
    """Whether a page or JSON answer contains the engineer's salary, as text or as a value."""
    text = body.decode("utf-8", errors="replace")
    if SALARY_TEXT.search(text):
        return True
    try:
        document = json.loads(text)
    except ValueError:
        return False
    return any(value == float(SALARY) for value in _values_of(document, "base_salary"))


def _values_of(document: object, key: str) -> Iterator[object]:
    if isinstance(document, dict):
        for k, v in document.items():
            if k == key:
                yield v
            yield from _values_of(v, key)
    elif isinstance(document, list):
        for v in document:
            yield from _values_of(v, key)
