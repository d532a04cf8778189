"""A cycle opens for its scope, schedules when its day has not come, and closes listing the unsigned."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.accounts.models import Team
from ladders.core.cycles import CycleState
from ladders.cycles import services
from ladders.cycles.models import Cycle, Participant
from ladders.leveling import services as leveling
from ladders.leveling.models import AuditEvent, CheckIn, CheckInStatus
from ladders.server.errors import Conflict, Forbidden, Invalid
from tests.cycles.cycle_helpers import DURING, OPENS, QUARTER, SELF_REVIEW_DUE, SIGN_OFF_DUE, open_cycle
from tests.framework_ids import SKILL
from tests.org_fixtures import add_engineer, add_person


def names_in(cycle: Cycle) -> list[str]:
    return sorted(Participant.objects.filter(cycle=cycle).values_list("person__name", flat=True))


def test_opening_gives_everyone_in_the_org_a_checkin_for_the_quarter(acme):
    cycle = open_cycle(acme)

    assert cycle.state == CycleState.OPEN
    assert names_in(cycle) == sorted(
        p.name for p in [acme.admin, acme.manager, acme.other_manager, acme.engineer, acme.outsider]
    )
    checkins = CheckIn.objects.filter(quarter=QUARTER)
    assert checkins.count() == 5
    assert set(checkins.values_list("status", flat=True)) == {CheckInStatus.DRAFT}
    assert AuditEvent.objects.filter(action="cycle.opened", subject=QUARTER).exists()


def test_a_cycle_for_chosen_teams_asks_only_their_members(acme):
    platform = Team.objects.get(org=acme.org, name="Platform")

    cycle = open_cycle(acme, teams=[platform])

    assert names_in(cycle) == sorted([acme.other_manager.name, acme.outsider.name])
    assert not CheckIn.objects.filter(person=acme.engineer, quarter=QUARTER).exists()


def test_an_existing_checkin_is_kept_not_duplicated(acme):
    mine = leveling.checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=QUARTER,
        self_ratings={SKILL.error_handling: 2},
        submit=True,
    )

    open_cycle(acme)

    assert list(CheckIn.objects.filter(person=acme.engineer, quarter=QUARTER)) == [mine]
    assert Participant.objects.get(person=acme.engineer).checkin == mine


def test_someone_who_joins_while_it_is_open_gets_a_checkin_too(acme):
    cycle = open_cycle(acme)

    newcomer = add_engineer(acme, "Nina New", acme.manager)

    assert newcomer.name in names_in(cycle)
    assert CheckIn.objects.filter(person=newcomer, quarter=QUARTER).exists()


def test_someone_joining_a_team_outside_the_scope_is_not_asked(acme):
    platform = Team.objects.get(org=acme.org, name="Platform")
    cycle = open_cycle(acme, teams=[platform])

    newcomer = add_engineer(acme, "Nina New", acme.manager)  # Applied AI

    assert newcomer.name not in names_in(cycle)


def test_a_cycle_whose_day_has_not_come_waits_scheduled_and_asks_no_one(acme):
    cycle = services.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name="later",
        quarter=QUARTER,
        opens_on=date(2026, 5, 2),
        self_review_due=SELF_REVIEW_DUE,
        sign_off_due=SIGN_OFF_DUE,
        today=DURING,
    )

    assert cycle.state == CycleState.SCHEDULED
    assert names_in(cycle) == []
    assert not CheckIn.objects.filter(quarter=QUARTER).exists()

    services.cycle_open(actor=acme.admin, cycle=cycle)
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.OPEN
    assert len(names_in(cycle)) == 5


def test_scheduled_cycles_open_when_their_day_comes(acme):
    cycle = services.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name="later",
        quarter=QUARTER,
        opens_on=date(2026, 5, 2),
        self_review_due=SELF_REVIEW_DUE,
        sign_off_due=SIGN_OFF_DUE,
        today=DURING,
    )
    assert services.cycles_open_due(today=date(2026, 5, 1)) == []

    assert [c.pk for c in services.cycles_open_due(today=date(2026, 5, 2))] == [cycle.pk]
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.OPEN


def test_closing_freezes_the_signed_off_and_lists_the_rest(acme):
    cycle = open_cycle(acme)
    checkin = leveling.checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=QUARTER,
        self_ratings={SKILL.error_handling: 2},
        submit=True,
    )
    leveling.checkin_sign_off(actor=acme.manager, checkin=checkin)

    unsigned = services.cycle_close(actor=acme.admin, cycle=cycle, today=date(2026, 7, 15))

    assert sorted(p.person.name for p in unsigned) == sorted(
        p.name for p in [acme.admin, acme.manager, acme.other_manager, acme.outsider]
    )
    frozen = dict(Participant.objects.filter(cycle=cycle).values_list("person__name", "closed_standing"))
    assert frozen[acme.engineer.name] == "signed_off"
    assert frozen[acme.outsider.name] == "not_started"
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.CLOSED
    event = AuditEvent.objects.get(action="cycle.closed")
    assert acme.outsider.name in event.after["not_signed_off"]


def test_only_an_open_cycle_closes_and_only_a_scheduled_one_opens(acme):
    cycle = open_cycle(acme)
    with pytest.raises(Conflict):
        services.cycle_open(actor=acme.admin, cycle=cycle)
    services.cycle_close(actor=acme.admin, cycle=cycle)
    with pytest.raises(Conflict):
        services.cycle_close(actor=acme.admin, cycle=cycle)


@pytest.mark.parametrize("who", ["manager", "engineer"])
def test_only_an_admin_opens_a_cycle_and_nothing_is_written_otherwise(acme, who):
    with pytest.raises(Forbidden):
        services.cycle_create(
            actor=getattr(acme, who),
            org=acme.org,
            name=QUARTER,
            quarter=QUARTER,
            opens_on=OPENS,
            self_review_due=SELF_REVIEW_DUE,
            sign_off_due=SIGN_OFF_DUE,
        )
    assert not Cycle.objects.exists()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"quarter": "2999-Q1"}, "quarter"),
        ({"self_review_due": date(2026, 3, 1)}, "self_review_due"),
        ({"sign_off_due": date(2026, 6, 1)}, "sign_off_due"),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(acme, changes, field):
    values = {
        "name": QUARTER,
        "quarter": QUARTER,
        "opens_on": OPENS,
        "self_review_due": SELF_REVIEW_DUE,
        "sign_off_due": SIGN_OFF_DUE,
        **changes,
    }
    with pytest.raises(Invalid) as error:
        services.cycle_create(actor=acme.admin, org=acme.org, today=DURING, **values)
    assert error.value.field == field
    assert not Cycle.objects.exists()


def test_a_name_is_unique_and_a_whole_org_cycle_is_the_only_one_of_its_quarter(acme):
    open_cycle(acme)
    with pytest.raises(Conflict):
        open_cycle(acme, name="again")
    with pytest.raises(Conflict):
        open_cycle(acme, quarter="2026-Q1")
    assert Cycle.objects.count() == 1


def test_people_without_a_manager_are_listed_for_admins_only(acme):
    from ladders.cycles.selectors import participation

    cycle = open_cycle(acme)
    lone = add_person(acme.org, "Lee Lone", "engineer")

    for_admin = participation(viewer=acme.admin, cycle_id=cycle.pk, today=DURING)
    assert sorted(r["person"] for r in for_admin["without_manager"]) == sorted([acme.admin.name, lone.name])
    assert participation(viewer=acme.manager, cycle_id=cycle.pk, today=DURING)["without_manager"] == []


def test_a_quarter_may_have_one_cycle_per_team_but_never_two_asking_the_same_people(acme):
    applied = Team.objects.get(org=acme.org, name="Applied AI")
    platform = Team.objects.get(org=acme.org, name="Platform")
    open_cycle(acme, name="Q2 Applied AI", teams=[applied])

    other = open_cycle(acme, name="Q2 Platform", teams=[platform])
    assert other.state == CycleState.OPEN
    with pytest.raises(Conflict):
        open_cycle(acme, name="Q2 everyone")
    with pytest.raises(Conflict):
        open_cycle(acme, name="Q2 both", teams=[applied, platform])
    assert Cycle.objects.count() == 2
