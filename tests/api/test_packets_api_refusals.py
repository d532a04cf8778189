"""Each review rule, enforced through the API: the refusal's status, and nothing changed."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from tests.api.packet_api_helpers import NARRATIVE, NOT_YET_REASONS, confirmations, honest_verdicts
from tests.framework_ids import LEVEL
from tests.promotions.packet_helpers import state_of


def _submit(api, packet, reviewer: Person, revision: int | None = None):
    body = {"reviewer_id": reviewer.pk, "revision": revision or packet.revision}
    return api.post(f"/packets/{packet.pk}/submit", body)


def _review(api, packet, auditor: Person, revision: int | None = None):
    body = {
        "verdicts": honest_verdicts(packet.claims),
        "auditor_id": auditor.pk,
        "revision": revision or packet.revision,
    }
    return api.post(f"/packets/{packet.pk}/review", body)


def _refused(response, status: int, packet, before, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    if field is not None:
        assert body["field"] == field
    assert state_of(packet) == before
    return body


# -- who takes part ------------------------------------------------------------------------------


def test_the_author_cannot_name_themself_as_reviewer(acme, api_as, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    body = _refused(_submit(api_as(acme.engineer), packet, acme.engineer), 403, packet, before, "reviewer_id")
    assert "own packet" in body["detail"]


def test_nobody_reviews_their_own_promotion_packet(acme, api_as):
    body = {"target": LEVEL.mid, "narrative": NARRATIVE}
    draft = api_as(acme.manager).post(f"/people/{acme.engineer.pk}/packets", body).json()
    packet = Person.objects.get(pk=acme.engineer.pk).promotion_packets.get()
    before = state_of(packet)
    response = _submit(api_as(acme.manager), packet, acme.engineer, draft["revision"])
    body = _refused(response, 403, packet, before, "reviewer_id")
    assert "their own promotion packet" in body["detail"]


def test_the_reviewer_cannot_review_their_own_review(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    response = _review(api_as(acme.other_manager), packet, acme.other_manager)
    body = _refused(response, 403, packet, before, "auditor_id")
    assert "their own review" in body["detail"]


def test_the_authors_manager_cannot_review_the_review(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    body = _refused(
        _review(api_as(acme.other_manager), packet, acme.manager), 403, packet, before, "auditor_id"
    )
    assert "manager" in body["detail"]


def test_only_the_assigned_reviewer_reviews(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    _refused(_review(api_as(acme.manager), packet, acme.outsider), 403, packet, before)


def test_only_the_reviewer_of_the_review_audits(acme, api_as, packet_at):
    packet = packet_at("reviewed")
    before = state_of(packet)
    body = {"audits": confirmations(packet.verdicts), "revision": packet.revision}
    _refused(api_as(acme.other_manager).post(f"/packets/{packet.pk}/audit", body), 403, packet, before)


@pytest.mark.parametrize("who", ["manager", "engineer", "other_manager"])
def test_only_an_admin_decides(acme, api_as, packet_at, who):
    packet = packet_at("audited")
    before = state_of(packet)
    response = api_as(getattr(acme, who)).post(
        f"/packets/{packet.pk}/decision", {"decision": "promote", "revision": packet.revision}
    )
    _refused(response, 403, packet, before)
    assert Person.objects.get(pk=acme.engineer.pk).level == ""


def test_only_the_author_reopens(acme, api_as, packet_at):
    packet = packet_at("not_yet")
    before = state_of(packet)
    response = api_as(acme.manager).post(f"/packets/{packet.pk}/reopen", {"revision": packet.revision})
    _refused(response, 403, packet, before)


def test_a_reviewer_who_is_not_in_the_organisation_is_a_422_naming_reviewer_id(acme, api_as, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    response = api_as(acme.engineer).post(
        f"/packets/{packet.pk}/submit", {"reviewer_id": 999_999, "revision": packet.revision}
    )
    _refused(response, 422, packet, before, "reviewer_id")


# -- stale copies and wrong states ----------------------------------------------------------------


def test_a_stale_submit_is_a_409_and_changes_nothing(acme, api_as, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    response = _submit(api_as(acme.engineer), packet, acme.other_manager, packet.revision + 1)
    _refused(response, 409, packet, before)


def test_a_stale_review_is_a_409_and_changes_nothing(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    _refused(
        _review(api_as(acme.other_manager), packet, acme.outsider, packet.revision - 1), 409, packet, before
    )


def test_a_stale_audit_is_a_409_and_changes_nothing(acme, api_as, packet_at):
    packet = packet_at("reviewed")
    before = state_of(packet)
    body = {"audits": confirmations(packet.verdicts), "revision": packet.revision - 1}
    _refused(api_as(acme.outsider).post(f"/packets/{packet.pk}/audit", body), 409, packet, before)


def test_a_stale_decision_is_a_409_and_promotes_nobody(acme, api_as, packet_at):
    packet = packet_at("audited")
    before = state_of(packet)
    body = {"decision": "promote", "revision": packet.revision - 1}
    _refused(api_as(acme.admin).post(f"/packets/{packet.pk}/decision", body), 409, packet, before)
    assert Person.objects.get(pk=acme.engineer.pk).level == ""


def test_a_stale_reopen_is_a_409(acme, api_as, packet_at):
    packet = packet_at("not_yet")
    before = state_of(packet)
    response = api_as(acme.engineer).post(f"/packets/{packet.pk}/reopen", {"revision": packet.revision - 1})
    _refused(response, 409, packet, before)


def test_submitting_twice_is_a_409(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    body = _refused(_submit(api_as(acme.engineer), packet, acme.other_manager), 409, packet, before)
    assert "submitted" in body["detail"]


def test_a_packet_that_is_not_audited_cannot_be_decided(acme, api_as, packet_at):
    packet = packet_at("reviewed")
    before = state_of(packet)
    body = {"decision": "promote", "revision": packet.revision}
    _refused(api_as(acme.admin).post(f"/packets/{packet.pk}/decision", body), 409, packet, before)


def test_a_decided_packet_cannot_be_decided_again(acme, api_as, packet_at):
    packet = packet_at("promoted")
    before = state_of(packet)
    body = {"decision": "not_yet", "reasons": "Changed my mind.", "revision": packet.revision}
    _refused(api_as(acme.admin).post(f"/packets/{packet.pk}/decision", body), 409, packet, before)


def test_only_a_not_yet_packet_can_be_reopened(acme, api_as, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    response = api_as(acme.engineer).post(f"/packets/{packet.pk}/reopen", {"revision": packet.revision})
    _refused(response, 409, packet, before)


# -- input -----------------------------------------------------------------------------------------


def test_a_verdict_for_a_check_that_is_not_a_claim_is_a_422_naming_verdicts(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    body = {
        "verdicts": {"juggling": {"verdict": "supported", "comment": "Yes.", "cited": []}},
        "auditor_id": acme.outsider.pk,
        "revision": packet.revision,
    }
    _refused(
        api_as(acme.other_manager).post(f"/packets/{packet.pk}/review", body), 422, packet, before, "verdicts"
    )


def test_an_unknown_verdict_is_a_422_naming_the_claim(acme, api_as, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    check = packet.claims[0]["check"]
    body = {
        "verdicts": {check: {"verdict": "maybe"}},
        "auditor_id": acme.outsider.pk,
        "revision": packet.revision,
    }
    response = api_as(acme.other_manager).post(f"/packets/{packet.pk}/review", body)
    _refused(response, 422, packet, before, f"verdicts.{check}.verdict")


def test_support_without_evidence_is_accepted_and_flagged(acme, api_as, packet_at):
    packet = packet_at("submitted")
    verdicts = {c["check"]: {"verdict": "supported", "comment": "Trust me."} for c in packet.claims}
    body = {"verdicts": verdicts, "auditor_id": acme.outsider.pk, "revision": packet.revision}
    response = api_as(acme.other_manager).post(f"/packets/{packet.pk}/review", body)
    assert response.status_code == 200
    flags = {flag["flag"] for flag in response.json()["flags"]}
    assert {"hallucinated_support", "happy_path_bias"} <= flags
    assert response.json()["claims"][0]["flags"]


def test_an_audit_must_cover_every_verdict(acme, api_as, packet_at):
    packet = packet_at("reviewed")
    before = state_of(packet)
    body = {"audits": {}, "revision": packet.revision}
    _refused(api_as(acme.outsider).post(f"/packets/{packet.pk}/audit", body), 422, packet, before, "audits")


def test_a_challenge_without_a_comment_is_a_422(acme, api_as, packet_at):
    packet = packet_at("reviewed")
    before = state_of(packet)
    audits = {**confirmations(packet.verdicts), packet.claims[0]["check"]: {"audit": "challenged"}}
    body = {"audits": audits, "revision": packet.revision}
    _refused(api_as(acme.outsider).post(f"/packets/{packet.pk}/audit", body), 422, packet, before, "audits")


def test_not_yet_without_reasons_is_a_422_naming_reasons(acme, api_as, packet_at):
    packet = packet_at("audited")
    before = state_of(packet)
    body = {"decision": "not_yet", "revision": packet.revision}
    _refused(api_as(acme.admin).post(f"/packets/{packet.pk}/decision", body), 422, packet, before, "reasons")


def test_an_unknown_decision_is_a_422_naming_decision(acme, api_as, packet_at):
    packet = packet_at("audited")
    before = state_of(packet)
    body = {"decision": "maybe", "reasons": NOT_YET_REASONS, "revision": packet.revision}
    _refused(api_as(acme.admin).post(f"/packets/{packet.pk}/decision", body), 422, packet, before, "decision")


def test_submitting_without_a_narrative_is_a_422_naming_narrative(acme, api_as):
    eve = api_as(acme.engineer)
    draft = eve.post(f"/people/{acme.engineer.pk}/packets", {"target": LEVEL.mid}).json()
    body = {"reviewer_id": acme.other_manager.pk, "revision": draft["revision"]}
    response = eve.post(f"/packets/{draft['id']}/submit", body)
    assert response.status_code == 422
    assert response.json()["field"] == "narrative"
