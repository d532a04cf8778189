"""Opening a cycle too large for a request: everyone is enrolled by the background worker.

Opening gives each person in scope a place and a check-in; at 100,000 people that is
hundreds of thousands of writes. Over `limits.CYCLE_OPEN_SYNC_PEOPLE` people the request
only marks the cycle "opening" and records a `CycleOpening`; the worker runs
`cycle_opening_run`, which enrols people in batches (each its own transaction, counted on
the row for the cycle page) and turns the cycle "open" in one last transaction. Nothing
treats an opening cycle as open: no dashboard task, reminder or sign-off list, and the
participation page shows the progress instead of half a list. Enrolling is idempotent (one
place per person and cycle, one check-in per person and quarter), so a batch run again, or
someone who joins meanwhile and is enrolled by `cycle_enrol_new_person`, never gets a second.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.cycles import CycleState
from ladders.cycles.models import Cycle, CycleOpening
from ladders.cycles.services import cycle_enrol, in_scope
from ladders.leveling.audit import audit
from ladders.leveling.models import ImportState

OPEN_BATCH = 500
"""People enrolled per transaction while a cycle opens."""


def cycle_opening_queue(*, actor: Person | None, cycle: Cycle) -> Cycle:
    """Mark the cycle "opening" and queue its enrolment for the worker, once this commits."""
    from ladders.cycles.tasks import cycle_opening_task

    cycle.state = CycleState.OPENING
    cycle.save(update_fields=["state"])
    job = CycleOpening.objects.create(
        cycle=cycle, started_by=actor, total=in_scope(cycle).count(), stage="waiting for the worker"
    )

    def enqueue() -> None:
        result = cycle_opening_task.enqueue(job.pk)
        CycleOpening.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return cycle


def cycle_opening_run(*, opening_id: int) -> None:
    """Enrol everyone in scope, batch by batch, then open the cycle (the worker calls this).

    An opening that is not queued any more (run by another worker) is left alone. If it
    stops with an error the cycle is scheduled again, so the admin can open it again; the
    places made so far are kept and reused.
    """
    claimed = CycleOpening.objects.filter(pk=opening_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, stage="giving everyone a check-in"
    )
    if not claimed:
        return
    job = CycleOpening.objects.select_related("cycle", "started_by").get(pk=opening_id)
    cycle = job.cycle
    try:
        last, done = _enrol_batches(job)
        with transaction.atomic():
            locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
            if locked.state != CycleState.OPENING:
                _finish(job, ImportState.DONE, f"left alone: the cycle is {locked.state}")
                return
            for person in in_scope(locked).filter(pk__gt=last):  # joined since the last batch
                cycle_enrol(locked, person)
                done += 1
            locked.state = CycleState.OPEN
            locked.opened_at = timezone.now()
            locked.save(update_fields=["state", "opened_at"])
            audit(
                job.started_by,
                "cycle.opened",
                org_id=locked.org_id,
                subject=locked.name,
                after={"people": done},
            )
            CycleOpening.objects.filter(pk=job.pk).update(done=done, total=done)
            _finish(job, ImportState.DONE, f"open: {done} check-in{'s' if done != 1 else ''} asked for")
    except Exception:
        Cycle.objects.filter(pk=cycle.pk, state=CycleState.OPENING).update(state=CycleState.SCHEDULED)
        _finish(job, ImportState.FAILED, "stopped by an error; the cycle is scheduled again: open it again")
        raise


def _enrol_batches(job: CycleOpening) -> tuple[int, int]:
    """Enrol in primary-key order, a batch per transaction; returns (last pk, people enrolled)."""
    last, done = 0, 0
    while True:
        with transaction.atomic():
            batch = list(in_scope(job.cycle).filter(pk__gt=last).order_by("pk")[:OPEN_BATCH])
            for person in batch:
                cycle_enrol(job.cycle, person)
        if not batch:
            return last, done
        last, done = batch[-1].pk, done + len(batch)
        CycleOpening.objects.filter(pk=job.pk).update(done=done, total=max(job.total, done))


def _finish(job: CycleOpening, state: str, stage: str) -> None:
    CycleOpening.objects.filter(pk=job.pk).update(state=state, stage=stage, finished=timezone.now())


def cycle_opening_latest(cycle: Cycle) -> CycleOpening | None:
    """The cycle's latest background opening, if it had one."""
    return CycleOpening.objects.filter(cycle=cycle).first()
