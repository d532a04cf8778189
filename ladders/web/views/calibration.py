"""Calibration for managers and admins: how consistently people are rated, as tables, charts and CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ladders.leveling.calibration import calibration_table_rows, csv_table
from ladders.leveling.calibration_packed import TABLE_ORDER
from ladders.leveling.models import ExportKind
from ladders.web.decorators import viewer
from ladders.web.pages.calibration import calibration_page
from ladders.web.views.exports import csv_response, download_or_offer


def _filters(request: HttpRequest) -> dict[str, int | None]:
    """`?team=`, `?manager=` and `?cycle=` as ids; anything else means no filter."""
    values = {}
    for name in ("team", "manager", "cycle"):
        raw = request.GET.get(name, "").strip()
        values[f"{name}_id"] = int(raw) if raw.isdigit() else None
    return values


@login_required
@require_GET
def calibration(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    context = calibration_page(viewer=viewer(request), **filters)
    query = "&".join(f"{k.removesuffix('_id')}={v}" for k, v in filters.items() if v is not None)
    return render(request, "web/calibration.html", {**context, "query": query})


@login_required
@require_GET
def calibration_csv(request: HttpRequest, table: str) -> HttpResponse:
    """The table as CSV; over `EXPORT_SYNC_ROWS` people, the offer to build it in the background."""
    filters = _filters(request)

    if table not in TABLE_ORDER:
        raise Http404("No such table.")

    def build() -> HttpResponse:
        rows = calibration_table_rows(viewer=viewer(request), table=table, **filters)
        return csv_response(csv_table(rows), f"calibration-{table}.csv")

    parameters = {"table": table} | {k: v for k, v in filters.items() if v is not None}
    return download_or_offer(request, kind=ExportKind.CALIBRATION, parameters=parameters, build=build)
