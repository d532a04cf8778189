"""Property-based check of the whole API against its own OpenAPI document (schemathesis).

Schemathesis generates requests for every operation, valid and invalid, sends them to the
Django application in-process with a Bearer token, and checks each answer: never a server
error, always a documented status code and content type, and a body that matches the
documented schema. Generated ids are mostly pointed at real records of the acme org (and a
packet step mostly sends the packet's current revision) so the happy paths are exercised
as well as the 404s and 409s. Salary bands, the people admin and the audit log exist only
for admins, so their operations are called with the admin's token; every other operation
with the manager's.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ladders.accounts.services import token_create
from ladders.cycles.models import Cycle
from ladders.cycles.services import cycle_create
from ladders.leveling.models import Evidence, SalaryBand
from ladders.leveling.pay import band_set
from ladders.leveling.services import checkin_save, evidence_create
from ladders.promotions import services as packets
from ladders.promotions.models import Packet
from ladders.server.wsgi import application
from tests.framework_ids import KIND, LEVEL, SKILL

# Loaded at collection, from the application itself; one test per operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3"]
# Kind, scope, skill and level ids are framework data, so the schema cannot list them: a
# request the schema allows may still be refused with 422 for naming an unknown id, which
# is what `positive_data_acceptance` would report. Every other built-in check runs.
NOT_APPLICABLE = [positive_data_acceptance]


@pytest.fixture
def same_connection():
    """Like Django's test client: keep the test's database connection (and transaction) across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def org_with_records(acme, same_connection):
    """Evidence and check-ins in every state, and a token for the manager who sees the engineer."""
    for n in range(3):
        evidence_create(
            actor=acme.engineer,
            person=acme.engineer,
            data={"kind": KIND.adr, "title": f"ADR {n}", "date": f"2026-0{n + 1}-01"},
        )
    checkin_save(actor=acme.engineer, person=acme.engineer, quarter=QUARTERS[0], self_ratings={}, submit=True)
    checkin_save(
        actor=acme.engineer, person=acme.engineer, quarter=QUARTERS[1], self_ratings={SKILL.rag_systems: 2}
    )
    checkin_save(actor=acme.manager, person=acme.manager, quarter=QUARTERS[2], self_ratings={})
    _packets_in_several_states(acme)
    for level, low, high in [(LEVEL.junior, 80000, 100000), (LEVEL.mid, 100000, 130000)]:
        band_set(actor=acme.admin, level=level, market="us", currency="USD", min=low, max=high)
    cycle_create(
        actor=acme.admin,
        org=acme.org,
        name=QUARTERS[0],
        quarter=QUARTERS[0],
        opens_on=date(2026, 1, 5),
        self_review_due=date(2026, 3, 20),
        sign_off_due=date(2026, 3, 31),
    )
    return {
        "token": token_create(acme.manager, name="schemathesis"),
        # Salary bands exist only for admins, and cycles are opened and closed by them, so those
        # operations are called as the admin.
        "admin_token": token_create(acme.admin, name="schemathesis"),
        # Mostly people the manager sees (the engineer most), sometimes people out of reach.
        "people": [acme.engineer.pk, acme.engineer.pk, acme.manager.pk, acme.outsider.pk, acme.admin.pk],
    }


def _packets_in_several_states(acme) -> None:
    """The engineer's packet decided "not yet", a draft the manager writes for the engineer, and
    the manager's own packet submitted to the other manager: all visible to the manager."""
    declined = packets.packet_create(
        actor=acme.engineer, person=acme.engineer, target=LEVEL.mid, narrative="Ready."
    )
    declined = packets.packet_submit(
        actor=acme.engineer, packet=declined, reviewer=acme.other_manager, revision=declined.revision
    )
    verdicts = {
        c["check"]: {"verdict": "insufficient_evidence", "comment": "None yet."} for c in declined.claims
    }
    declined = packets.packet_review(
        actor=acme.other_manager,
        packet=declined,
        verdicts=verdicts,
        auditor=acme.outsider,
        revision=declined.revision,
    )
    audits = {check: {"audit": "confirmed", "comment": "Agreed."} for check in verdicts}
    declined = packets.packet_audit(
        actor=acme.outsider, packet=declined, audits=audits, revision=declined.revision
    )
    packets.packet_decide(
        actor=acme.admin,
        packet=declined,
        decision="not_yet",
        reasons="More evidence.",
        revision=declined.revision,
    )
    packets.packet_create(
        actor=acme.manager, person=acme.engineer, target=LEVEL.mid, narrative="Eve is ready."
    )
    own = packets.packet_create(actor=acme.manager, person=acme.manager, target=LEVEL.mid, narrative="Ready.")
    packets.packet_submit(actor=acme.manager, packet=own, reviewer=acme.other_manager, revision=own.revision)


def _is_negative(case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_negative


def _number(value) -> int | None:
    """A generated id as a number (the coverage phase sends path parameters as text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _point_at_real_records(case, records: dict) -> None:
    """Replace most valid generated ids by real ones; every fifth id stays as generated (mostly a 404)."""
    params = case.path_parameters
    person_id = _number(params.get("person_id"))
    if person_id is not None and person_id % 5:
        params["person_id"] = records["people"][person_id % len(records["people"])]
    evidence_id = _number(params.get("evidence_id"))
    existing = list(Evidence.objects.order_by("pk").values_list("pk", flat=True))
    if evidence_id is not None and evidence_id % 5 and existing:
        params["evidence_id"] = existing[evidence_id % len(existing)]
    for name, model in [("packet_id", Packet), ("band_id", SalaryBand), ("cycle_id", Cycle)]:
        given = _number(params.get(name))
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        if given is not None and given % 5 and ids:
            params[name] = ids[given % len(ids)]
    _point_body_at_real_records(case, records)
    quarter = params.get("quarter")
    if isinstance(quarter, str) and sum(map(ord, quarter)) % 5:
        params["quarter"] = QUARTERS[sum(map(ord, quarter)) % len(QUARTERS)]
        if case.path.endswith("/sign-off"):  # aim at the submitted check-in, so one sign-off succeeds
            params["quarter"] = QUARTERS[0]


def _point_body_at_real_records(case, records: dict) -> None:
    """In a packet step, name real people and mostly send the packet's current revision."""
    body = case.body
    if not isinstance(body, dict):
        return
    for key in ("reviewer_id", "auditor_id"):
        person_id = _number(body.get(key))
        if person_id is not None and person_id % 5:
            body[key] = records["people"][person_id % len(records["people"])]
    packet_id = _number(case.path_parameters.get("packet_id"))
    revision = _number(body.get("revision"))
    if packet_id is not None and revision is not None and revision % 5:
        current = Packet.objects.filter(pk=packet_id).values_list("revision", flat=True).first()
        body["revision"] = current or revision


ADMIN_OPERATIONS = {
    "person_edit",
    "person_deactivate",
    "person_reactivate",
    "person_salary_set",
    "person_invite",
}


def _for_admins(case) -> bool:
    """Bands, cycles, people admin and the audit log answer 403 or 404 to a manager: ask as the admin."""
    operation_id = case.operation.definition.raw.get("operationId")
    return (
        case.path.startswith(("/api/v1/bands", "/api/v1/audit", "/api/v1/cycles"))
        or operation_id in ADMIN_OPERATIONS
    )


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_its_schema_promises(case, org_with_records):
    token = org_with_records["admin_token" if _for_admins(case) else "token"]
    headers = {"Authorization": f"Bearer {token}"}
    if not _is_negative(case):
        _point_at_real_records(case, org_with_records)
    elif "Authorization" in (case.headers or {}):
        headers = {}  # a generated, invalid Authorization header is sent as is and must get a 401
    case.call_and_validate(
        headers=headers,
        excluded_checks=NOT_APPLICABLE,
    )
