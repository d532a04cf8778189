"""The demo shows the loop: past quarters signed off with manager ratings, the current one left open,
a packet waiting for its reviewer, pay bands and salaries, a maturity survey, coherent evidence."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.leveling.calibration import calibration_tables
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import (
    AuditEvent,
    CheckIn,
    CheckInStatus,
    Export,
    FactsRebuild,
    MaturityAssessment,
    SalaryBand,
)
from ladders.leveling.pay import pay_position
from ladders.leveling.profiles import quarter_of
from ladders.promotions.models import Packet
from ladders.promotions.selectors import packets_awaiting
from ladders.server.demo import DEMO_ORG, PACKET_REVIEWER, PACKET_TO_DECIDE, READY_FOR_PROMOTION, demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    logins = demo_load()
    return {"logins": logins, "people": {p.name: p for p in Person.objects.filter(org__name=DEMO_ORG)}}


def test_past_quarters_are_signed_off_and_the_current_one_is_still_being_filled_in(demo):
    current = quarter_of(timezone.localdate())
    checkins = CheckIn.objects.filter(person__org__name=DEMO_ORG)
    assert checkins.exclude(quarter=current).exists()
    assert set(checkins.exclude(quarter=current).values_list("status", flat=True)) == {
        CheckInStatus.SIGNED_OFF
    }
    assert checkins.filter(quarter=current).exclude(status=CheckInStatus.SIGNED_OFF).exists()


def test_past_check_ins_carry_manager_ratings_some_of_which_differ_from_the_self_ratings(demo):
    current = quarter_of(timezone.localdate())
    checkins = list(CheckIn.objects.filter(person__org__name=DEMO_ORG).exclude(quarter=current))
    assert all(c.manager_ratings for c in checkins)
    assert all(set(c.manager_ratings) <= set(c.self_ratings) for c in checkins)
    pairs = [(c.self_ratings[s], v) for c in checkins for s, v in c.manager_ratings.items()]
    differing = [pair for pair in pairs if pair[0] != pair[1]]
    assert 0 < len(differing) < len(pairs) / 2
    assert (
        AuditEvent.objects.filter(action="checkin.signed_off", org_id=checkins[0].person.org_id).count()
        == CheckIn.objects.filter(person__org__name=DEMO_ORG, status=CheckInStatus.SIGNED_OFF).count()
    )


def test_calibration_has_a_kappa_and_time_in_level_from_each_levels_start(demo, fw):
    admin = demo["people"]["Avery Admin"]
    tables = calibration_tables(viewer=admin)
    assert tables["kappa"] is not None and tables["kappa"] < 1
    days = [row["days"] for row in tables["tables"]["time_in_level"]]
    assert days and all(d is not None and d > 0 for d in days)


def test_a_promotion_packet_waits_for_its_reviewer_and_another_for_the_admins_decision(demo):
    packet = Packet.objects.get(org__name=DEMO_ORG, subject__name=READY_FOR_PROMOTION)
    assert packet.state == "submitted"
    assert packet.reviewer is not None and packet.reviewer.name == PACKET_REVIEWER
    reviewed = Packet.objects.get(org__name=DEMO_ORG, subject__name=PACKET_TO_DECIDE[0])
    assert reviewed.state == "audited" and reviewed.verdicts and reviewed.audits
    waiting = packets_awaiting(demo["people"]["Avery Admin"])
    assert list(waiting.values_list("pk", flat=True)) == [reviewed.pk]


def test_bands_and_salaries_give_everyone_a_pay_position(demo, fw):
    people = demo["people"]
    assert SalaryBand.objects.filter(org=people["Avery Admin"].org).count() == len(fw.levels)
    for person in people.values():
        assert person.base_salary is not None, person.name
        assert pay_position(viewer=people["Avery Admin"], person=person) is not None, person.name


def test_the_admin_has_a_finished_export_to_download(demo):
    admin = Person.objects.get(org__name=DEMO_ORG, role="admin")
    job = Export.objects.get(org__name=DEMO_ORG)
    assert (job.requested_by, job.state, job.filename) == (admin, "done", "calibration-leniency.csv")
    assert job.content.startswith("manager_id,manager,")


def test_the_framework_page_shows_the_facts_records_were_rewritten_for_the_active_framework(demo):
    org = Person.objects.get(org__name=DEMO_ORG, role="admin").org
    _, fw = active_framework(org)
    job = FactsRebuild.objects.get(org=org)
    assert (job.state, job.framework_hash, job.done) == ("done", fw.content_hash, org.people.count())
    assert job.finished is not None


def test_the_maturity_survey_is_answered(demo):
    assert MaturityAssessment.objects.filter(org__name=DEMO_ORG).count() == 1


def test_evidence_titles_name_the_kind_skills_and_scope_they_record(demo, fw):
    for person in demo["people"].values():
        for item in person.evidence.all():
            assert item.title.startswith(fw.kind_by_id[item.kind].name), item.title
            assert f"({item.scope.replace('_', ' ')} scope)" in item.title, item.title
            for skill in item.skills:
                assert fw.skill_by_id[skill].name in item.title, item.title
