"""The decision: an admin promotes (the level changes today, frozen in a snapshot) or says not yet."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ladders.accounts.models import Person, Role
from ladders.accounts.services import person_create
from ladders.leveling.frameworks import active_version
from ladders.leveling.models import AssessmentSnapshot, AuditEvent
from ladders.leveling.selectors import level_history
from ladders.promotions.selectors import next_plan_of
from ladders.promotions.services import packet_decide
from tests.framework_ids import LEVEL
from tests.promotions.packet_helpers import Flow, refused, state_of
from tests.records import give_record


def test_promoting_changes_the_level_from_today(flow, cast):
    packet = flow.decide(flow.to("audited"))
    engineer = Person.objects.get(pk=cast.engineer.pk)
    assert (engineer.level, engineer.level_since) == (LEVEL.mid, timezone.localdate())
    assert (packet.state, packet.decision, packet.decided_by) == ("promoted", "promote", cast.admin)
    assert packet.decided_at is not None


def test_promoting_freezes_a_snapshot_with_the_framework_hash(flow, cast):
    packet = flow.decide(flow.to("audited"))
    snapshot = AssessmentSnapshot.objects.get(person=cast.engineer)
    version = active_version(cast.org)
    assert packet.snapshot == snapshot
    assert (snapshot.level, snapshot.as_of, snapshot.framework) == (LEVEL.mid, timezone.localdate(), version)
    assert snapshot.framework_hash == version.content_hash == snapshot.result["framework"]["hash"]
    assert level_history(cast.engineer)[-1]["level"] == LEVEL.mid


def test_promoting_leaves_a_level_changed_audit_event(flow, cast):
    packet = flow.decide(flow.to("audited"))
    event = AuditEvent.objects.get(action="level.changed", person=cast.engineer)
    assert (event.actor, event.before, event.after) == (cast.admin, LEVEL.junior, LEVEL.mid)
    assert event.subject == f"promotion packet {packet.pk}"
    assert packet.events.last().payload["framework_hash"] == packet.snapshot.framework_hash


def test_not_yet_stores_the_reasons_which_become_the_next_plan(flow, cast):
    packet = flow.decide(flow.to("audited"), "not_yet", "Write up how you debugged the outage.")
    assert (packet.state, packet.decision, packet.decision_reasons) == (
        "not_yet",
        "not_yet",
        "Write up how you debugged the outage.",
    )
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.junior
    assert not AssessmentSnapshot.objects.filter(person=cast.engineer).exists()
    plan = next_plan_of(cast.engineer)
    assert plan["reasons"] == "Write up how you debugged the outage."
    assert (plan["target"], plan["packet"], plan["decided_by"]) == (LEVEL.mid, packet.pk, cast.admin)


def test_a_person_without_a_not_yet_has_no_next_plan(flow, cast):
    assert next_plan_of(cast.engineer) is None
    flow.to("promoted")
    assert next_plan_of(cast.engineer) is None


def test_it_refuses_not_yet_without_reasons(flow):
    packet = flow.to("audited")
    refused(lambda: flow.decide(packet, "not_yet", "  "), 422, "reasons")
    assert state_of(packet) == ("audited", 4, 4)


def test_it_refuses_a_decision_it_does_not_know(flow):
    packet = flow.to("audited")
    refused(lambda: flow.decide(packet, "maybe"), 422, "decision: must be one of promote, not_yet")


@pytest.mark.parametrize("who", ["engineer", "manager", "other_manager", "peer", "outsider"])
def test_only_an_admin_decides(flow, cast, who):
    packet = flow.to("audited")
    refused(
        lambda: packet_decide(actor=getattr(cast, who), packet=packet, decision="promote", revision=4),
        403,
        "only an admin",
    )
    assert state_of(packet) == ("audited", 4, 4)
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.junior


def test_an_admin_never_decides_their_own_promotion(cast, profile_data):
    second_admin = person_create(
        org=cast.org, name="Zed Admin", role=Role.ADMIN, password="x" * 12, check_password=False
    )[0]
    cast.admin.level = LEVEL.junior
    cast.admin.save(update_fields=["level"])
    give_record(cast.admin, profile_data(LEVEL.mid))
    flow = Flow(cast)
    packet = flow.to("audited", subject=cast.admin)
    refused(lambda: flow.decide(packet, by=cast.admin), 403, "nobody decides their own promotion")
    assert flow.decide(packet, by=second_admin).state == "promoted"


def test_it_refuses_to_decide_before_pass_three(flow):
    packet = flow.to("reviewed")
    refused(lambda: flow.decide(packet), 409, "cannot promote a packet that is reviewed")


def test_it_refuses_to_decide_twice(flow):
    packet = flow.to("promoted")
    refused(lambda: flow.decide(packet, "not_yet", "On second thoughts."), 409, "cannot decline")


def test_it_refuses_a_stale_decision(flow, cast):
    packet = flow.to("audited")
    refused(lambda: packet_decide(actor=cast.admin, packet=packet, decision="promote", revision=3), 409)
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.junior


def test_it_refuses_to_promote_someone_already_at_the_target(flow, cast):
    packet = flow.to("audited")
    Person.objects.filter(pk=cast.engineer.pk).update(level=LEVEL.mid)
    refused(lambda: flow.decide(packet), 409, "already Mid")
    assert not AssessmentSnapshot.objects.exists()
