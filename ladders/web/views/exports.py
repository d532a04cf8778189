"""CSV exports built in the background: the offer a large download leads to, the export's
own page while the worker builds it, the download, and the list of one's recent exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ladders.accounts.models import Person
from ladders.core import limits
from ladders.leveling.exports import (
    EXPORT_KEEP,
    export_expired,
    export_file,
    export_is_large,
    export_of,
    export_parameters,
    export_size,
    export_start,
    exports_recent,
)
from ladders.leveling.models import ExportKind
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer

_ID_FIELDS = ("team_id", "manager_id", "cycle_id", "person_id", "actor_id")


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_or_offer(
    request: HttpRequest, *, kind: str, parameters: dict[str, Any], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The CSV at once when it is small; over `EXPORT_SYNC_ROWS` rows, the page offering to
    prepare it in the background (a GET never queues anything by itself)."""
    me = viewer(request)
    parameters = export_parameters(kind, parameters)  # as the export will store them (dates as text)
    size = export_size(viewer=me, kind=kind, parameters=parameters)
    if not export_is_large(size):
        return build()
    context = {
        "kind": ExportKind(kind).label,
        "size": size,
        "limit": f"{limits.EXPORT_SYNC_ROWS:,}",
        "keep_days": EXPORT_KEEP.days,
        "fields": {"kind": kind, **parameters},
    }
    return render(request, "web/export_offer.html", context)


def _parameters(data: QueryDict) -> dict[str, Any]:
    """The form's fields as the service takes them: ids as numbers, the rest as text."""
    parameters: dict[str, Any] = {}
    for name in ("table", "action", "since", "until"):
        if data.get(name):
            parameters[name] = data[name]
    for name in _ID_FIELDS:
        raw = data.get(name, "").strip()
        if raw:
            parameters[name] = int(raw) if raw.isdigit() else raw
    return parameters


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """GET: the viewer's recent exports. POST: queue one, then follow it on its own page."""
    me = viewer(request)
    if request.method == "POST":
        try:
            job = export_start(
                actor=me, kind=request.POST.get("kind", ""), parameters=_parameters(request.POST)
            )
        except ServiceError as error:
            messages.error(request, f"Could not start the export: {error}")
            return render(request, "web/exports.html", _list_context(me), status=error.status)
        return redirect("export", export_id=job.pk)
    return render(request, "web/exports.html", _list_context(me))


def _list_context(me: Person) -> dict[str, Any]:
    recent = exports_recent(viewer=me)
    return {"exports": recent, "limit": f"{limits.EXPORT_SYNC_ROWS:,}", "keep_days": EXPORT_KEEP.days}


@never_cache
@login_required
@require_GET
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    """One export as the worker builds it (the page refreshes itself), then its download."""
    job = export_of(viewer=viewer(request), export_id=export_id)
    return render(request, "web/export.html", {"job": job, "expired": export_expired(job)})


@never_cache
@login_required
@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    try:
        job = export_file(viewer=viewer(request), export_id=export_id)
    except ServiceError as error:
        messages.error(request, f"No file to download: {error}")
        return redirect("export", export_id=export_id)
    return csv_response(job.content, job.filename)
