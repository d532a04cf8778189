"""The decision through the API: concerns are listed, promoting past them takes a justification.

Eve's packet (packet_api_helpers) has checks the engine finds failing, so it lists concerns.
"""

from __future__ import annotations

from ladders.accounts.models import Person
from ladders.leveling.models import AssessmentSnapshot, AuditEvent
from ladders.promotions import services
from tests.api.packet_api_helpers import JUSTIFICATION, confirmations, honest_verdicts
from tests.framework_ids import LEVEL
from tests.promotions.packet_helpers import state_of


def _decide(api, packet, **body):
    return api.post(f"/packets/{packet.pk}/decision", {"revision": packet.revision, **body})


def test_the_packet_lists_what_the_decider_must_weigh(acme, api_as, packet_at):
    packet = packet_at("audited")
    body = api_as(acme.admin).get(f"/packets/{packet.pk}").json()
    failing = {claim["check"] for claim in packet.claims if not claim["engine_passed"]}
    assert failing and {c["check"] for c in body["concerns"] if c["concern"] == "engine_failed"} == failing
    assert body["review_gaps"] == []


def test_promoting_past_concerns_without_a_justification_is_a_422_naming_the_field(acme, api_as, packet_at):
    packet = packet_at("audited")
    before = state_of(packet)
    response = _decide(api_as(acme.admin), packet, decision="promote")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "justification"
    assert (
        body["detail"].startswith("justification: ") and "engine finds this check not met" in body["detail"]
    )
    assert state_of(packet) == before
    assert Person.objects.get(pk=acme.engineer.pk).level == ""
    assert not AssessmentSnapshot.objects.exists()


def test_a_justification_is_kept_on_the_packet_its_history_and_the_audit_trail(acme, api_as, packet_at):
    packet = packet_at("audited")
    response = _decide(api_as(acme.admin), packet, decision="promote", justification=JUSTIFICATION)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["decision_justification"]) == ("promoted", JUSTIFICATION)
    assert body["events"][-1]["payload"]["justification"] == JUSTIFICATION
    assert body["events"][-1]["payload"]["concerns"] == body["concerns"]
    trail = AuditEvent.objects.get(action="promotion.decided", person=acme.engineer)
    assert trail.after["justification"] == JUSTIFICATION


def test_not_yet_needs_no_justification(acme, api_as, packet_at):
    packet = packet_at("audited")
    response = _decide(api_as(acme.admin), packet, decision="not_yet", reasons="Write up a debugging story.")
    assert response.status_code == 200, response.content


def test_an_admin_who_wrote_the_packet_for_their_report_may_not_decide_it(acme, api_as):
    packet = services.packet_create(
        actor=acme.admin, person=acme.engineer, target=LEVEL.mid, narrative="Eve ships."
    )
    packet = services.packet_submit(
        actor=acme.admin, packet=packet, reviewer=acme.other_manager, revision=packet.revision
    )
    packet = services.packet_review(
        actor=acme.other_manager,
        packet=packet,
        verdicts=honest_verdicts(packet.claims),
        auditor=acme.outsider,
        revision=packet.revision,
    )
    packet = services.packet_audit(
        actor=acme.outsider, packet=packet, audits=confirmations(packet.verdicts), revision=packet.revision
    )
    before = state_of(packet)
    response = _decide(api_as(acme.admin), packet, decision="promote", justification=JUSTIFICATION)
    assert response.status_code == 403
    assert "the author cannot decide their own packet" in response.json()["detail"]
    assert state_of(packet) == before


def test_a_packet_nobody_reviewed_cannot_be_promoted(acme, api_as, packet_at):
    packet = packet_at("submitted")
    packet = services.packet_review(
        actor=acme.other_manager, packet=packet, verdicts={}, auditor=acme.outsider, revision=packet.revision
    )
    packet = services.packet_audit(actor=acme.outsider, packet=packet, audits={}, revision=packet.revision)
    assert api_as(acme.admin).get(f"/packets/{packet.pk}").json()["review_gaps"]
    before = state_of(packet)
    response = _decide(api_as(acme.admin), packet, decision="promote", justification=JUSTIFICATION)
    assert response.status_code == 409
    assert "claims without a verdict" in response.json()["detail"]
    assert state_of(packet) == before
