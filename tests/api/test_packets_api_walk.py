"""A promotion packet walked end to end through the API by four different people."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ladders.accounts.models import Person
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.services import evidence_create
from ladders.promotions.models import Packet
from tests.api.packet_api_helpers import (
    JUSTIFICATION,
    NARRATIVE,
    NOT_YET_REASONS,
    TARGET,
    confirmations,
    honest_verdicts,
)
from tests.framework_ids import KIND

LAST_MONTH = timezone.localdate() - timedelta(days=30)


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def _walk_to_audited(acme, api_as) -> dict:
    """Eve writes and submits, Olga reviews, Oscar reviews the review; returns the audited packet."""
    evidence_create(
        actor=acme.engineer,
        person=acme.engineer,
        data={"id": "rag-bot", "kind": KIND.adr, "title": "Retrieval for support", "date": LAST_MONTH},
    )
    eve, olga, oscar = api_as(acme.engineer), api_as(acme.other_manager), api_as(acme.outsider)

    packet = _ok(eve.post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET}), 201)
    assert (packet["state"], packet["author"]["id"], packet["narrative"]) == ("draft", acme.engineer.pk, "")
    assert packet["claims"] and all(claim["verdict"] is None for claim in packet["claims"])
    assert [e["id"] for e in packet["evidence"]] == ["rag-bot"]
    url = f"/packets/{packet['id']}"

    packet = _ok(eve.patch(url, {"narrative": NARRATIVE, "revision": packet["revision"]}))
    packet = _ok(
        eve.post(f"{url}/submit", {"reviewer_id": acme.other_manager.pk, "revision": packet["revision"]})
    )
    assert (packet["state"], packet["reviewer"]["name"]) == ("submitted", "Olga Other")

    claims = _ok(olga.get(url))["claims"]
    review = {
        "verdicts": honest_verdicts(claims),
        "auditor_id": acme.outsider.pk,
        "revision": packet["revision"],
    }
    packet = _ok(olga.post(f"{url}/review", review))
    assert (packet["state"], packet["auditor"]["name"]) == ("reviewed", "Oscar Outsider")
    assert all(claim["verdict"]["verdict"] for claim in packet["claims"])

    audit = {"audits": confirmations(review["verdicts"]), "revision": packet["revision"]}
    packet = _ok(oscar.post(f"{url}/audit", audit))
    assert packet["state"] == "audited"
    assert all(claim["audit"]["audit"] == "confirmed" for claim in packet["claims"])
    return packet


def test_four_people_take_a_packet_to_promote_and_the_person_is_then_at_the_new_level(acme, api_as):
    packet = _walk_to_audited(acme, api_as)
    ada = api_as(acme.admin)

    # The engine finds checks not met: the packet lists them, and promoting past them needs a reason.
    failing = {claim["check"] for claim in packet["claims"] if not claim["engine_passed"]}
    assert failing and {c["check"] for c in packet["concerns"] if c["concern"] == "engine_failed"} == failing
    decision = {"decision": "promote", "justification": JUSTIFICATION, "revision": packet["revision"]}
    decided = _ok(ada.post(f"/packets/{packet['id']}/decision", decision))

    assert (decided["state"], decided["decision"], decided["decided_by"]["name"]) == (
        "promoted",
        "promote",
        "Ada Admin",
    )
    assert [event["action"] for event in decided["events"]] == [
        "create",
        "update",
        "submit",
        "review",
        "audit",
        "promote",
    ]
    person = _ok(api_as(acme.engineer).get(f"/people/{acme.engineer.pk}"))
    assert person["level"] == TARGET
    assert person["level_since"] is not None
    assert AssessmentSnapshot.objects.get(person=acme.engineer).level == TARGET


def test_not_yet_records_the_reasons_and_the_author_reopens_a_new_attempt(acme, api_as):
    packet = _walk_to_audited(acme, api_as)
    decision = {"decision": "not_yet", "reasons": NOT_YET_REASONS, "revision": packet["revision"]}

    decided = _ok(api_as(acme.admin).post(f"/packets/{packet['id']}/decision", decision))
    assert (decided["state"], decided["decision_reasons"]) == ("not_yet", NOT_YET_REASONS)
    assert Person.objects.get(pk=acme.engineer.pk).level == ""

    reopened = _ok(
        api_as(acme.engineer).post(f"/packets/{packet['id']}/reopen", {"revision": decided["revision"]})
    )
    assert (reopened["state"], reopened["attempt"], reopened["reviewer"], reopened["decision"]) == (
        "draft",
        2,
        None,
        None,
    )
    assert reopened["events"][-1]["payload"]["decision_reasons"] == NOT_YET_REASONS
    assert Packet.objects.get().attempt == 2


def test_each_step_answers_with_a_new_revision(acme, api_as):
    eve = api_as(acme.engineer)
    created = _ok(
        eve.post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET, "narrative": NARRATIVE}), 201
    )
    edited = _ok(
        eve.patch(f"/packets/{created['id']}", {"narrative": "Longer.", "revision": created["revision"]})
    )
    assert edited["revision"] == created["revision"] + 1
    assert Packet.objects.get().revision == edited["revision"]
