"""Rewriting an organisation's facts records after a framework version was activated.

Every record is packed for the active framework, so activating another one makes all of
them stale; at 100,000 people rewriting them takes minutes, far longer than the request
that activates. The activation records a `FactsRebuild` in its own transaction and queues
`ladders.leveling.tasks.facts_rebuild_task` once it commits; the worker runs
`facts_rebuild_run`, which writes the records batch by batch and counts them on the row for
the framework page to show. Nothing is wrong meanwhile: `org_facts` rewrites any stale
record an org-wide read meets before it uses it, so the rebuild only makes reads fast
again. `ladders facts rebuild` runs the same rewrite in its own process (`facts_rebuild_direct`).
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Organisation, Person
from ladders.accounts.permissions import can_manage_frameworks
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import FactsRebuild, ImportState


def facts_rebuild_queue(*, org_id: int, actor: Person | None = None) -> FactsRebuild:
    """Record a rewrite of the organisation's records, queued for the worker when this commits."""
    from ladders.leveling.tasks import facts_rebuild_task

    org = Organisation.objects.get(pk=org_id)
    _, fw = active_framework(org)
    job = FactsRebuild.objects.create(
        org=org,
        started_by=actor,
        framework_hash=fw.content_hash,
        total=Person.objects.filter(org_id=org_id).count(),
        stage="waiting for the worker",
    )

    def enqueue() -> None:
        result = facts_rebuild_task.enqueue(job.pk)
        FactsRebuild.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def facts_rebuild_run(*, rebuild_id: int) -> None:
    """Run one queued rewrite (the worker calls this); a newer one queued for the org supersedes it.

    A rewrite that is not queued any more (already run by another worker) is left alone.
    """
    claimed = FactsRebuild.objects.filter(pk=rebuild_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, stage="rewriting the records"
    )
    if not claimed:
        return
    job = FactsRebuild.objects.select_related("org").get(pk=rebuild_id)
    newer = FactsRebuild.objects.filter(org_id=job.org_id, pk__gt=job.pk, state=ImportState.QUEUED)
    if newer.exists():
        _finish(rebuild_id, "superseded by a later activation", job.done)
        return
    _rewrite(job)


def facts_rebuild_direct(*, org: Organisation) -> FactsRebuild:
    """Rewrite the organisation's records in this process (`ladders facts rebuild`), recorded
    like the worker's so the framework page shows it too."""
    _, fw = active_framework(org)
    job = FactsRebuild.objects.create(
        org=org,
        framework_hash=fw.content_hash,
        state=ImportState.RUNNING,
        total=Person.objects.filter(org_id=org.pk).count(),
        stage="rewriting the records (ladders facts rebuild)",
    )
    _rewrite(job)
    job.refresh_from_db()
    return job


def _rewrite(job: FactsRebuild) -> None:
    from ladders.leveling.calibration_store import calibration_write
    from ladders.leveling.facts import facts_write

    def progress(done: int, total: int) -> None:
        FactsRebuild.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        written = facts_write(org=job.org, progress=progress)
        calibration_write(org=job.org)  # calibration's packed ratings follow the same framework
    except Exception:
        FactsRebuild.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED,
            stage="stopped by an error; the pages rewrite what they read meanwhile",
            finished=timezone.now(),
        )
        raise
    _finish(job.pk, f"rewrote {written} record{'' if written == 1 else 's'}", written)


def _finish(rebuild_id: int, stage: str, done: int) -> None:
    FactsRebuild.objects.filter(pk=rebuild_id).update(
        state=ImportState.DONE, stage=stage, done=done, finished=timezone.now()
    )


def facts_rebuild_latest(*, viewer: Person) -> FactsRebuild | None:
    """The organisation's latest rewrite, for an admin of it (None for anyone else)."""
    if not can_manage_frameworks(viewer):
        return None
    return FactsRebuild.objects.filter(org_id=viewer.org_id).select_related("started_by").first()


def facts_rebuild_of(*, viewer: Person, rebuild_id: int) -> FactsRebuild:
    """One rewrite of the viewer's organisation, for an admin; anyone else is told it does not exist."""
    job = None
    if can_manage_frameworks(viewer):
        job = (
            FactsRebuild.objects.filter(pk=rebuild_id, org_id=viewer.org_id)
            .select_related("started_by")
            .first()
        )
    if job is None:
        raise Http404("No such rewrite.")
    return job
