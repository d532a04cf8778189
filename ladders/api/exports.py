"""CSV exports built in the background: start one, follow it, download it.

A CSV download over more than `EXPORT_SYNC_ROWS` rows (`GET /calibration/{table}.csv` over
that many people answers 409) is queued here instead. The file is built with the caller as
the viewer, exactly as the direct download would build it; only the caller may see the
export or fetch the file, while they still hold the right the download needs and until it
expires (anyone else: 404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Path, Router, Schema, Status

from ladders.api.errors import error_responses
from ladders.api.inputs import StrictIn
from ladders.api.lookups import MAX_ID
from ladders.core.validation import Day
from ladders.leveling.exports import export_file, export_of, export_start
from ladders.leveling.models import Export

router = Router(tags=["exports"])

KindName = Literal["calibration", "participation", "audit"]
StateName = Literal["queued", "running", "done", "failed"]
WHO = (
    "Calibration: managers and admins; participation: managers and admins; the audit log: "
    "admins. Anyone else gets 404, as for the direct download."
)


def export_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The export's id.")


class ExportStartIn(StrictIn):
    kind: KindName
    table: str | None = Field(
        None, max_length=40, description="calibration: a key of `tables` in `GET /calibration`."
    )
    team_id: int | None = Field(None, ge=1, le=MAX_ID, description="calibration: only this team.")
    manager_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="calibration: only this manager's reports."
    )
    cycle_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="calibration: only this cycle's people; participation: required."
    )
    person_id: int | None = Field(None, ge=1, le=MAX_ID, description="audit: only events about this person.")
    actor_id: int | None = Field(None, ge=1, le=MAX_ID, description="audit: only events by this person.")
    action: str | None = Field(
        None, max_length=80, description="audit: one action, or a family ending in '.'."
    )
    since: Day | None = Field(None, description="audit: from this day, YYYY-MM-DD.")
    until: Day | None = Field(None, description="audit: to this day, included.")


class ExportOut(Schema):
    id: int = Field(description="Used in /exports/{export_id}.")
    kind: KindName
    parameters: dict[str, int | str]
    filename: str
    state: StateName
    stage: str = Field(description="What the worker is doing, or how many rows are ready.")
    percent: int
    total: int = Field(description="Rows expected when queued; rows of the file once done.")
    rows: int
    error: str = Field(description="Why it failed; empty otherwise.")
    created: datetime
    finished: datetime | None
    expires: datetime | None = Field(description="After this the file is erased.")
    download: str | None = Field(description="The download's path once done; null before.")

    @staticmethod
    def resolve_download(job: Export) -> str | None:
        return f"/api/v1/exports/{job.pk}/download" if job.state == "done" else None


class ExportStartedOut(ExportOut):
    """The export as queued (already done when the server runs tasks as they are queued)."""


@router.post(
    "/exports",
    response={202: ExportStartedOut, **error_responses(400, 403, 404, 422)},
    operation_id="export_start",
    summary="Queue a CSV export for the background worker",
    description=WHO + " Answers at once; poll `GET /exports/{export_id}` until `state` is done.",
)
def export_create(request, payload: ExportStartIn):
    parameters = payload.model_dump(exclude={"kind"}, exclude_none=True)
    return Status(202, export_start(actor=request.auth, kind=payload.kind, parameters=parameters))


@router.get(
    "/exports/{export_id}",
    response={200: ExportOut, **error_responses(404, 422)},
    operation_id="export_get",
    summary="One of your exports and how far it has got",
)
def export_get(request, export_id: int = export_id_path()):
    return export_of(viewer=request.auth, export_id=export_id)


@router.get(
    "/exports/{export_id}/download",
    response={200: None, **error_responses(404, 409, 422)},
    operation_id="export_download",
    summary="The finished export's CSV",
    description="409 while it is queued or running, once it has failed, and after it expired.",
    openapi_extra={
        "responses": {
            200: {"description": "The file.", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def export_download(request, export_id: int = export_id_path()):
    job = export_file(viewer=request.auth, export_id=export_id)
    response = HttpResponse(job.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
