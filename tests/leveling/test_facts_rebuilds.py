"""Activating a framework queues the rewrite of the organisation's facts records for the worker.

The activation only records the rewrite; the worker (run here by the tests' immediate task
backend when the activation commits) rewrites everyone. Until then the org-wide reads
rewrite what they find stale, so nothing is ever read wrong.
"""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling import services
from ladders.leveling.facts import org_facts
from ladders.leveling.facts_rebuilds import facts_rebuild_direct, facts_rebuild_queue, facts_rebuild_run
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import FactsRebuild, FactsRecord, ImportState

NEWER = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"', 1)


def packed_for(org) -> set[str]:
    return set(FactsRecord.objects.filter(org=org).values_list("framework_hash", flat=True))


@pytest.fixture
def packed(acme):
    """Everyone's record packed for the framework active before the test activates another."""
    facts_rebuild_direct(org=acme.org)
    return acme


def test_activating_queues_one_rewrite_and_leaves_the_records_to_the_worker(packed):
    before = packed_for(packed.org)
    services.framework_upload(actor=packed.admin, text=NEWER, activate=True)  # no commit: no worker yet

    job = FactsRebuild.objects.filter(org=packed.org).first()
    _, fw = active_framework(packed.org)
    people = Person.objects.filter(org=packed.org).count()
    assert (job.state, job.started_by, job.framework_hash, job.total) == (
        ImportState.QUEUED,
        packed.admin,
        fw.content_hash,
        people,
    )
    assert packed_for(packed.org) == before != {fw.content_hash}


def test_once_the_activation_commits_the_worker_rewrites_everyone_with_its_progress(
    packed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.framework_upload(actor=packed.admin, text=NEWER, activate=True)

    _, fw = active_framework(packed.org)
    job = FactsRebuild.objects.filter(org=packed.org).first()
    people = Person.objects.filter(org=packed.org).count()
    assert (job.state, job.done, job.total, job.percent) == (ImportState.DONE, people, people, 100)
    assert job.stage == f"rewrote {people} records" and job.task_id
    assert packed_for(packed.org) == {fw.content_hash}


def test_reads_before_the_worker_has_run_rewrite_what_they_find_stale(packed):
    services.framework_upload(actor=packed.admin, text=NEWER, activate=True)
    _, fw = active_framework(packed.org)

    read = org_facts(org=packed.org, fw=fw)

    assert read.rewritten == Person.objects.filter(org=packed.org).count()
    assert packed_for(packed.org) == {fw.content_hash}


def test_a_rewrite_with_a_later_one_queued_behind_it_leaves_the_work_to_that_one(packed):
    first = facts_rebuild_queue(org_id=packed.org.pk)
    second = facts_rebuild_queue(org_id=packed.org.pk)
    facts_rebuild_run(rebuild_id=first.pk)
    facts_rebuild_run(rebuild_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.stage) == (ImportState.DONE, "superseded by a later activation")
    assert second.stage.startswith("rewrote ")


def test_a_rewrite_runs_once_even_if_its_task_is_run_again(packed):
    job = facts_rebuild_queue(org_id=packed.org.pk)
    facts_rebuild_run(rebuild_id=job.pk)
    FactsRecord.objects.filter(org=packed.org).delete()
    facts_rebuild_run(rebuild_id=job.pk)  # a second worker, or a retry, finds it done
    assert not FactsRecord.objects.filter(org=packed.org).exists()


def test_the_direct_rewrite_is_recorded_like_the_workers(acme):
    FactsRecord.objects.filter(org=acme.org).delete()
    job = facts_rebuild_direct(org=acme.org)
    people = Person.objects.filter(org=acme.org).count()
    assert (job.state, job.done, job.started_by) == (ImportState.DONE, people, None)
    assert FactsRecord.objects.filter(org=acme.org).count() == people
