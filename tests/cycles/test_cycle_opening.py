"""A cycle over many people is opened by the background worker, and is "opening" until then.

The limit is lowered to one person so that the fixtures' organisation of five is "large";
the rule is the same at 1,000 (`limits.CYCLE_OPEN_SYNC_PEOPLE`). The tests' task backend
runs the opening when the creating transaction commits; without a commit it stays queued.
"""

from __future__ import annotations

import pytest

from ladders.core import limits
from ladders.core.cycles import CycleState
from ladders.cycles import opening, services
from ladders.cycles.models import Cycle, CycleOpening, Participant
from ladders.cycles.opening import cycle_opening_run
from ladders.cycles.selectors import dashboard_tasks, participation
from ladders.leveling import services as leveling
from ladders.leveling.models import AuditEvent, CheckIn, ImportState
from ladders.server.errors import Conflict
from tests.cycles.cycle_helpers import DURING, OPENS, QUARTER, SELF_REVIEW_DUE, SIGN_OFF_DUE, open_cycle
from tests.framework_ids import SKILL
from tests.org_fixtures import add_engineer

pytestmark = pytest.mark.usefixtures("small_limit")
PEOPLE = 5  # in the fixtures' organisation


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(limits, "CYCLE_OPEN_SYNC_PEOPLE", 1)


def test_a_large_cycle_is_opening_and_asks_no_one_until_the_worker_has_run(acme):
    cycle = open_cycle(acme)  # the opening is queued for when this commits, which it never does here

    job = CycleOpening.objects.get(cycle=cycle)
    assert (cycle.state, job.state, job.total, job.started_by) == (
        CycleState.OPENING,
        ImportState.QUEUED,
        PEOPLE,
        acme.admin,
    )
    assert not Participant.objects.filter(cycle=cycle).exists()


def test_places_made_before_the_cycle_turns_open_show_nowhere_as_open(acme):
    cycle = open_cycle(acme)
    job = CycleOpening.objects.get(cycle=cycle)
    opening._enrol_batches(job)  # the worker's batches, stopped before its last step

    assert Participant.objects.filter(cycle=cycle).count() == PEOPLE
    assert dashboard_tasks(viewer=acme.engineer, today=DURING)["due"] == []
    shown = participation(viewer=acme.admin, cycle_id=cycle.pk)
    assert (shown["rows"], shown["opening"]) == ([], job)
    assert not AuditEvent.objects.filter(action="cycle.opened").exists()


def test_the_worker_gives_everyone_one_check_in_and_then_opens_it(acme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cycle = open_cycle(acme)

    cycle.refresh_from_db()
    job = CycleOpening.objects.get(cycle=cycle)
    assert cycle.state == CycleState.OPEN and cycle.opened_at is not None
    assert (job.state, job.done, job.total, job.stage) == (
        ImportState.DONE,
        PEOPLE,
        PEOPLE,
        "open: 5 check-ins asked for",
    )
    assert (
        Participant.objects.filter(cycle=cycle).count()
        == CheckIn.objects.filter(quarter=QUARTER).count()
        == PEOPLE
    )
    opened = AuditEvent.objects.get(action="cycle.opened", subject=QUARTER)
    assert (opened.actor, opened.after) == (acme.admin, {"people": PEOPLE})


def test_an_existing_check_in_and_a_run_again_never_make_a_second(acme):
    mine = leveling.checkin_save(
        actor=acme.engineer, person=acme.engineer, quarter=QUARTER, self_ratings={SKILL.error_handling: 2}
    )
    cycle = open_cycle(acme)
    job = CycleOpening.objects.get(cycle=cycle)
    cycle_opening_run(opening_id=job.pk)
    CycleOpening.objects.filter(pk=job.pk).update(state=ImportState.QUEUED)  # as if a retry ran it again
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.OPENING)
    cycle_opening_run(opening_id=job.pk)

    assert CheckIn.objects.filter(person=acme.engineer, quarter=QUARTER).get() == mine
    assert Participant.objects.get(cycle=cycle, person=acme.engineer).checkin == mine
    assert Participant.objects.filter(cycle=cycle).count() == PEOPLE


def test_someone_who_joins_while_it_opens_is_enrolled_once(acme):
    cycle = open_cycle(acme)
    newcomer = add_engineer(acme, "Nia Newcomer", acme.manager)
    assert Participant.objects.filter(cycle=cycle, person=newcomer).count() == 1

    cycle_opening_run(opening_id=CycleOpening.objects.get(cycle=cycle).pk)

    assert Participant.objects.filter(cycle=cycle, person=newcomer).count() == 1
    assert CheckIn.objects.filter(person=newcomer, quarter=QUARTER).count() == 1
    assert Participant.objects.filter(cycle=cycle).count() == PEOPLE + 1


def test_an_opening_cycle_can_be_neither_opened_again_nor_closed(acme):
    cycle = open_cycle(acme)
    with pytest.raises(Conflict):
        services.cycle_open(actor=acme.admin, cycle=cycle)
    with pytest.raises(Conflict):
        services.cycle_close(actor=acme.admin, cycle=cycle)


def test_opening_a_large_scheduled_cycle_now_goes_to_the_worker_too(acme):
    cycle = services.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name=QUARTER,
        quarter=QUARTER,
        opens_on=DURING,
        self_review_due=SELF_REVIEW_DUE,
        sign_off_due=SIGN_OFF_DUE,
        today=OPENS,
    )
    assert services.cycle_open(actor=acme.admin, cycle=cycle).state == CycleState.OPENING


def test_the_command_line_opens_a_large_cycle_at_once(acme):
    cycle = services.cycle_create(
        actor=None,
        org=acme.org,
        name=QUARTER,
        quarter=QUARTER,
        opens_on=OPENS,
        self_review_due=SELF_REVIEW_DUE,
        sign_off_due=SIGN_OFF_DUE,
        today=DURING,
        background=False,
    )
    assert cycle.state == CycleState.OPEN and not CycleOpening.objects.exists()
    assert Participant.objects.filter(cycle=cycle).count() == PEOPLE


def test_an_opening_stopped_by_an_error_leaves_the_cycle_scheduled_to_open_again(acme, monkeypatch):
    cycle = open_cycle(acme)
    job = CycleOpening.objects.get(cycle=cycle)

    def broken(cycle, person):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(opening, "cycle_enrol", broken)
    with pytest.raises(RuntimeError):
        cycle_opening_run(opening_id=job.pk)

    cycle.refresh_from_db()
    job.refresh_from_db()
    assert (cycle.state, job.state) == (CycleState.SCHEDULED, ImportState.FAILED)
    assert "open it again" in job.stage
