"""Calibration for managers and admins: how consistently people are rated, and by whom.

The tables cover the people the caller may see (not the caller), optionally narrowed to one
team or one manager's reports. Engineers have no calibration: 404, as on the pages.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema

from ladders.api.errors import error_responses
from ladders.api.lookups import MAX_ID
from ladders.api.pagination import MAX_PAGE
from ladders.core import limits
from ladders.core.limits import PAGE_SIZE
from ladders.leveling.calibration import calibration_table_rows, calibration_tables, csv_table
from ladders.leveling.exports import export_is_large, export_size
from ladders.leveling.models import ExportKind
from ladders.server.errors import Conflict

router = Router(tags=["calibration"])

WHO = (
    "Managers and admins; anyone else gets 404. Ratings compared are each person's latest "
    "signed-off check-in, skill by skill, self against manager."
)


class CalibrationIn(Schema):
    team_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this team (404 if unknown).")
    manager_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only this manager's direct reports (404 unless visible)."
    )
    cycle_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Only this cycle's people and its quarter's sign-offs (404 if unknown).",
    )


class CalibrationPageIn(CalibrationIn):
    limit: int = Field(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE,
        description=f"Rows of each per-person table to return, first in the table's order (1-{MAX_PAGE}); "
        "`totals` counts them all and `GET /calibration/{table}.csv` returns them all.",
    )


class _PersonRow(Schema):
    person_id: int
    person: str
    team: str | None
    manager: str | None


class LevelCountOut(Schema):
    level: str
    name: str
    recorded: int = Field(description="People whose recorded level this is.")
    assessed: int = Field(description="People the engine assesses at this level.")


class SkillGapOut(Schema):
    skill: str
    name: str
    pairs: int
    mean_gap: float = Field(description="Mean of manager rating minus self rating.")


class PersonGapOut(_PersonRow):
    quarter: str
    skills: int
    mean_gap: float


class LeniencyOut(Schema):
    manager_id: int
    manager: str
    people: int
    mean_difference: float = Field(
        description="The manager's mean rating minus the mean of everyone at the same level."
    )
    low: float | None = Field(description="95% interval; null with a single rating.")
    high: float | None
    significant: bool = Field(description="The interval excludes zero.")


class AgreementOut(Schema):
    manager_id: int | None = Field(description="Null on the first row, which counts all raters.")
    manager: str
    pairs: int
    kappa: float | None = Field(description="Quadratic weighted kappa, self against manager.")


class EvidenceGapOut(_PersonRow):
    next_level: str | None
    insufficient_evidence: list[str] = Field(description="Next-level check ids lacking evidence.")
    not_meeting: list[str] = Field(description="Next-level check ids whose ratings are below the bar.")


class EvidenceGapByCheckOut(Schema):
    level: str
    check: str
    title: str
    insufficient_evidence: int
    not_meeting: int


class TimeInLevelOut(_PersonRow):
    level: str
    since: date | None
    days: int | None
    source: Literal["recorded", "history"] | None = Field(
        description="recorded: the person's level date; history: signed-off assessments."
    )


class DisagreementOut(_PersonRow):
    recorded: str
    assessed: str
    direction: Literal["evidence above", "evidence below"]


class CalibrationTablesOut(Schema):
    level_distribution: list[LevelCountOut]
    rating_gaps_by_skill: list[SkillGapOut]
    rating_gaps_by_person: list[PersonGapOut] = Field(description="Largest gap first.")
    leniency: list[LeniencyOut] = Field(description="Most lenient rater first.")
    agreement: list[AgreementOut]
    evidence_gaps: list[EvidenceGapOut]
    evidence_gaps_by_check: list[EvidenceGapByCheckOut]
    time_in_level: list[TimeInLevelOut] = Field(description="Longest first.")
    disagreements: list[DisagreementOut] = Field(description="Recorded level unlike the assessed one.")


TABLES = tuple(CalibrationTablesOut.model_fields)
# One of the table names above, which a checker reads as text.
if TYPE_CHECKING:
    Table = str
else:
    Table = Annotated[
        Literal[TABLES], Field(description="The table's name: a key of `tables` in `GET /calibration`.")
    ]


class CalibrationFrameworkOut(Schema):
    id: str
    version: str
    hash: str


class CalibrationOut(Schema):
    framework: CalibrationFrameworkOut
    as_of: date
    team_id: int | None
    manager_id: int | None
    cycle_id: int | None
    people: int = Field(description="How many people the tables cover.")
    kappa: float | None = Field(description="Quadratic weighted kappa over every rating pair.")
    limit: int = Field(
        description="The rows kept of each per-person table (rating_gaps_by_person, evidence_gaps, "
        "time_in_level, disagreements); the other tables are whole."
    )
    totals: dict[str, int] = Field(description="Each table's full number of rows, by table name.")
    tables: CalibrationTablesOut


@router.get(
    "/calibration",
    response={200: CalibrationOut, **error_responses(403, 404, 422)},
    operation_id="calibration_get",
    summary="Every calibration table as JSON",
    description=WHO,
)
def calibration_get(request, filters: Query[CalibrationPageIn]):
    return calibration_tables(viewer=request.auth, **filters.model_dump())


@router.get(
    "/calibration/{table}.csv",
    response={200: None, **error_responses(403, 404, 409, 422)},
    operation_id="calibration_csv",
    summary="One calibration table as CSV",
    description=WHO + " `table` is a key of `tables` in `GET /calibration`. Lists are joined with "
    "'; '; text a spreadsheet would run as a formula starts with an apostrophe. Over "
    f"{limits.EXPORT_SYNC_ROWS} people it answers 409: queue it with `POST /exports` instead.",
    openapi_extra={
        "responses": {
            200: {"description": "The table.", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def calibration_csv(request, table: Path[Table], filters: Query[CalibrationIn]):
    parameters = {"table": table, **filters.model_dump(exclude_none=True)}
    rows = export_size(viewer=request.auth, kind=ExportKind.CALIBRATION, parameters=parameters)
    if export_is_large(rows):
        raise Conflict(
            f"this table covers {rows} people; more than {limits.EXPORT_SYNC_ROWS} are exported in the "
            'background: POST /api/v1/exports with {"kind": "calibration", "table": ...} and the same filters'
        )
    rows = calibration_table_rows(viewer=request.auth, table=table, **filters.model_dump())
    response = HttpResponse(csv_table(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="calibration-{table}.csv"'
    return response
