"""CSV exports too large for a web request, built by the background worker.

A download over more than `limits.EXPORT_SYNC_ROWS` rows (people for calibration and
participation, events for the audit log) is not built in the request: at 100,000 people it
would take longer than a request may. `export_start` records an `Export` and queues
`ladders.leveling.tasks.export_task`; the worker runs `export_run`, which builds the file
through the same functions the synchronous download uses (`calibration_table_rows` and
`csv_table`, `participation_csv`, `audit_csv`), with the requester as the viewer, so the
file holds exactly what they could have downloaded. Only the requester may fetch it, only
while they still hold the right the download needs, and only until it expires.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_calibrate, can_view_audit_log, can_view_participation
from ladders.accounts.selectors import people_visible_to
from ladders.core import limits
from ladders.leveling.models import Export, ExportKind, ImportState
from ladders.server.errors import Conflict, Invalid, ServiceError

EXPORT_KEEP = timedelta(days=7)
"""How long a finished export may be downloaded; then its file is erased."""

_MAY_EXPORT = {
    ExportKind.CALIBRATION: can_calibrate,
    ExportKind.PARTICIPATION: can_view_participation,
    ExportKind.AUDIT: can_view_audit_log,
}
_FILTER_IDS = {
    ExportKind.CALIBRATION: ("team_id", "manager_id", "cycle_id"),
    ExportKind.PARTICIPATION: ("cycle_id",),
    ExportKind.AUDIT: ("person_id", "actor_id"),
}


def export_parameters(kind: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters a kind takes, as JSON values; anything else is dropped, a bad value refused."""
    if kind not in ExportKind.values:
        known = ", ".join(ExportKind.values)
        raise Invalid(f"unknown export kind '{kind}'; use one of {known}", field="kind")
    clean: dict[str, Any] = {}
    for name in _FILTER_IDS[ExportKind(kind)]:
        value = parameters.get(name)
        if value is not None:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise Invalid(f"{name} must be a positive whole number", field=name)
            clean[name] = value
    if kind == ExportKind.CALIBRATION:
        table = parameters.get("table")
        if not isinstance(table, str) or not table:
            raise Invalid("name the calibration table to export", field="table")
        clean["table"] = table[: limits.ID]
    elif kind == ExportKind.PARTICIPATION:
        if "cycle_id" not in clean:
            raise Invalid("name the cycle whose participation to export", field="cycle_id")
    else:
        action = parameters.get("action") or ""
        if not isinstance(action, str):
            raise Invalid("action must be text", field="action")
        clean["action"] = action[:80]
        for name in ("since", "until"):
            day = parameters.get(name)
            if day is not None:
                clean[name] = day.isoformat() if isinstance(day, date) else _iso_day(day, name)
    return clean


def _iso_day(value: Any, name: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise Invalid(f"{name} must be a date, YYYY-MM-DD", field=name) from None


def _audit_filters(parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "person_id": parameters.get("person_id"),
        "actor_id": parameters.get("actor_id"),
        "action": parameters.get("action", ""),
        "since": date.fromisoformat(parameters["since"]) if parameters.get("since") else None,
        "until": date.fromisoformat(parameters["until"]) if parameters.get("until") else None,
    }


def export_size(*, viewer: Person, kind: str, parameters: dict[str, Any]) -> int:
    """How many rows the export would have (people, or audit events): one counting query.

    `parameters` are as `export_parameters` returns them.

    Refuses, as the download would, anyone without the right (404) and an unknown cycle.
    The calibration count is of the people in scope, which bounds the rows of every table.
    """
    if kind not in _MAY_EXPORT or not _MAY_EXPORT[ExportKind(kind)](viewer):
        raise Http404("No such export.")
    if kind == ExportKind.AUDIT:
        from ladders.leveling.audit import audit_log

        return audit_log(viewer=viewer, **_audit_filters(parameters)).count()
    people = people_visible_to(viewer)
    cycle_id = parameters.get("cycle_id")
    if cycle_id is not None:
        from ladders.cycles.selectors import cycle_for_viewer  # cycles build on leveling

        cycle_for_viewer(viewer, cycle_id)  # 404 for a cycle of another organisation
        people = people.filter(cycle_places__cycle_id=cycle_id)
    if kind == ExportKind.PARTICIPATION:
        return people.count()
    if parameters.get("team_id") is not None:
        people = people.filter(team_id=parameters["team_id"])
    if parameters.get("manager_id") is not None:
        people = people.filter(manager_id=parameters["manager_id"])
    return people.exclude(pk=viewer.pk).count()


def export_is_large(rows: int) -> bool:
    """Whether an export of `rows` rows is built by the worker instead of in the request."""
    return rows > limits.EXPORT_SYNC_ROWS


def _filename(viewer: Person, kind: str, parameters: dict[str, Any]) -> str:
    if kind == ExportKind.CALIBRATION:
        return f"calibration-{parameters['table']}.csv"
    if kind == ExportKind.PARTICIPATION:
        from ladders.cycles.selectors import cycle_for_viewer

        return f"participation-{cycle_for_viewer(viewer, parameters['cycle_id']).quarter}.csv"
    return "audit-log.csv"


def export_build(*, viewer: Person, kind: str, parameters: dict[str, Any]) -> tuple[str, int]:
    """The CSV and its row count, built as the synchronous download builds it."""
    if kind == ExportKind.CALIBRATION:
        from ladders.leveling.calibration import calibration_table_rows, csv_table
        from ladders.leveling.calibration_packed import TABLE_ORDER

        filters = {name: parameters.get(name) for name in _FILTER_IDS[ExportKind.CALIBRATION]}
        if parameters["table"] not in TABLE_ORDER:
            raise Invalid(f"no calibration table '{parameters['table']}'", field="table")
        rows = calibration_table_rows(viewer=viewer, table=parameters["table"], **filters)
        return csv_table(rows), len(rows)
    if kind == ExportKind.PARTICIPATION:
        from ladders.cycles.selectors import participation_csv

        text = participation_csv(viewer=viewer, cycle_id=parameters["cycle_id"])
    else:
        from ladders.leveling.audit import audit_csv, audit_log

        text = audit_csv(audit_log(viewer=viewer, **_audit_filters(parameters)))
    return text, sum(1 for _ in csv.reader(io.StringIO(text))) - 1


def export_start(*, actor: Person, kind: str, parameters: dict[str, Any]) -> Export:
    """Record an export and queue it for the worker; returns it (already run by an immediate backend).

    Who may export and the filters are checked here, so the page answers at once. Expired
    exports of the organisation are deleted on the way, so files do not pile up.
    """
    from ladders.leveling.tasks import export_task

    parameters = export_parameters(kind, parameters)
    size = export_size(viewer=actor, kind=kind, parameters=parameters)
    Export.objects.filter(org_id=actor.org_id, expires__lt=timezone.now()).delete()
    job = Export.objects.create(
        org_id=actor.org_id,
        requested_by=actor,
        kind=kind,
        parameters=parameters,
        filename=_filename(actor, kind, parameters),
        total=size,
        stage="waiting for the worker",
    )
    result = export_task.enqueue(job.pk)
    Export.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def export_run(*, export_id: int) -> None:
    """Build one queued export (the worker calls this); the file or the reason is recorded on it.

    An export that is not queued any more (already run by another worker) is left alone.
    """
    claimed = Export.objects.filter(pk=export_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, stage="reading the records"
    )
    if not claimed:
        return
    job = Export.objects.select_related("requested_by__org").get(pk=export_id)
    try:
        requester = job.requested_by
        if requester is None or not _MAY_EXPORT[ExportKind(job.kind)](requester):
            raise Http404
        text, rows = export_build(viewer=requester, kind=job.kind, parameters=job.parameters)
    except Http404:
        _fail(export_id, "the requester may no longer see these records")
    except ServiceError as error:
        _fail(export_id, str(error))
    except Exception:
        _fail(export_id, "the export stopped with an internal error")
        raise
    else:
        now = timezone.now()
        Export.objects.filter(pk=export_id).update(
            state=ImportState.DONE,
            stage=f"{rows} row{'s' if rows != 1 else ''} ready",
            content=text,
            rows=rows,
            done=rows,
            total=rows,
            finished=now,
            expires=now + EXPORT_KEEP,
        )


def _fail(export_id: int, reason: str) -> None:
    Export.objects.filter(pk=export_id).update(
        state=ImportState.FAILED, stage="failed", error=reason, finished=timezone.now()
    )


def export_of(*, viewer: Person, export_id: int) -> Export:
    """One of the viewer's own exports; anyone else's, or none, reads as not existing."""
    job = Export.objects.filter(pk=export_id, org_id=viewer.org_id, requested_by=viewer).first()
    if job is None:
        raise Http404("No such export.")
    return job


def exports_recent(*, viewer: Person, count: int = 10) -> list[Export]:
    """The viewer's latest exports, newest first, without their files."""
    return list(Export.objects.filter(org_id=viewer.org_id, requested_by=viewer).defer("content")[:count])


def export_expired(job: Export) -> bool:
    return job.expires is not None and job.expires <= timezone.now()


def export_file(*, viewer: Person, export_id: int) -> Export:
    """A finished export for its requester to download, while they may still see such records.

    Someone who lost the right (a manager made an engineer) is told it does not exist; an
    export still running, failed or expired answers 409 with what to do.
    """
    job = export_of(viewer=viewer, export_id=export_id)
    if not _MAY_EXPORT[ExportKind(job.kind)](viewer):
        raise Http404("No such export.")
    if job.state != ImportState.DONE:
        failed = job.state == ImportState.FAILED
        raise Conflict("the export has failed; start it again" if failed else "the export is not ready yet")
    if export_expired(job):
        raise Conflict(f"the export expired on {job.expires:%Y-%m-%d}; start it again")
    return job
