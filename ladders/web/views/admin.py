"""Admin pages: framework versions (upload, preview, activate) and importing people from CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladders.core.errors import InputError
from ladders.leveling import services
from ladders.leveling.facts_rebuilds import facts_rebuild_latest, facts_rebuild_of
from ladders.leveling.imports import (
    COLUMNS,
    PeopleImportError,
    people_import_of,
    people_import_passwords_take,
    people_import_start,
    people_imports_recent,
)
from ladders.leveling.org_selectors import framework_version_of, framework_versions
from ladders.server.errors import ServiceError
from ladders.web.decorators import admin_only, viewer
from ladders.web.forms import FrameworkUploadForm, PeopleImportForm, show_service_error
from ladders.web.pages import framework as framework_pages


@login_required
@admin_only
@require_GET
def admin_home(request: HttpRequest) -> HttpResponse:
    return redirect("admin-frameworks")


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def frameworks(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                version = services.framework_upload(
                    actor=me,
                    text=form.cleaned_data["text"],
                    source=form.cleaned_data["source"],
                    activate=form.cleaned_data["activate"],
                )
            except InputError as error:
                problems = error.problems
            except ServiceError as error:
                show_service_error(form, error)
            else:
                if version.active:
                    messages.success(request, f"Uploaded {version.name} {version.version}; it is active.")
                    return redirect("admin-frameworks")
                messages.success(
                    request,
                    f"Stored {version.name} {version.version}, not active yet. "
                    "Check what it changes, then activate it here.",
                )
                return redirect("admin-framework-preview", version_id=version.pk)
    context = {
        "versions": framework_versions(org=me.org),
        "form": form,
        "problems": problems,
        "rebuild": facts_rebuild_latest(viewer=me),
    }
    return render(request, "web/admin_frameworks.html", context, status=status)


@login_required
@admin_only
@require_GET
def framework_preview(request: HttpRequest, version_id: int) -> HttpResponse:
    context = framework_pages.framework_preview(
        viewer=viewer(request), version_id=version_id, page=request.GET.get("page")
    )
    return render(request, "web/admin_framework_preview.html", context)


@login_required
@admin_only
@require_POST
def framework_activate(request: HttpRequest, version_id: int) -> HttpResponse:
    me = viewer(request)
    version = framework_version_of(viewer=me, version_id=version_id)
    try:
        services.framework_activate(actor=me, version=version)
    except (ServiceError, InputError) as error:
        messages.error(request, f"Could not activate {version.name} {version.version}: {error}")
    else:
        messages.success(request, f"{version.name} {version.version} is now the active framework.")
        rebuild = facts_rebuild_latest(viewer=me)
        if rebuild is not None and not rebuild.finished_running:
            return redirect("admin-facts-rebuild", rebuild_id=rebuild.pk)
    return redirect("admin-frameworks")


@never_cache
@login_required
@admin_only
@require_GET
def facts_rebuild(request: HttpRequest, rebuild_id: int) -> HttpResponse:
    """The rewrite of the facts records after an activation, as it runs (the page refreshes itself)."""
    job = facts_rebuild_of(viewer=viewer(request), rebuild_id=rebuild_id)
    return render(request, "web/admin_facts_rebuild.html", {"job": job})


@never_cache
@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest) -> HttpResponse:
    """The file is checked and imported by the background worker; the import's page follows it."""
    me = viewer(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": COLUMNS, "problems": [], "imports": people_imports_recent(viewer=me)}
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                job = people_import_start(actor=me, text=form.cleaned_data["text"])
            except PeopleImportError as error:
                context["problems"] = error.problems
            except ServiceError as error:
                show_service_error(form, error)
            else:
                return redirect("admin-people-import-job", import_id=job.pk)
    return render(request, "web/admin_people_import.html", context, status=status)


@never_cache
@login_required
@admin_only
@require_GET
def people_import_job(request: HttpRequest, import_id: int) -> HttpResponse:
    """One import as it runs (the page refreshes itself), then its problems or who was created."""
    me = viewer(request)
    job = people_import_of(viewer=me, import_id=import_id)
    people = people_import_passwords_take(viewer=me, job=job)
    problems = [{"row": row, "column": column, "message": message} for row, column, message in job.problems]
    context = {
        "job": job,
        "people": people,
        "problems": problems,
        "with_passwords": any("password" in p for p in people),
    }
    return render(request, "web/admin_people_import_job.html", context)
