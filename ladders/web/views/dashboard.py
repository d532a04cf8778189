"""The dashboard: my level and why, the plan to the next one, my history and pay; a past assessment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ladders.accounts.models import Person
from ladders.accounts.selectors import person_for_viewer
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.pages.dashboard import dashboard_page, snapshot_page


def _render(request: HttpRequest, me: Person, person: Person) -> HttpResponse:
    try:
        context = dashboard_page(viewer=me, person=person)
    except ServiceError as error:
        return render(request, "web/problem.html", {"message": str(error)}, status=error.status)
    return render(request, "web/dashboard.html", context)


@login_required
@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    return _render(request, me, me)


@login_required
@require_GET
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    return _render(request, me, person_for_viewer(me, person_id))


@login_required
@require_GET
def snapshot(request: HttpRequest, person_id: int, snapshot_id: int) -> HttpResponse:
    """A frozen assessment, against the framework version it was made with."""
    context = snapshot_page(viewer=viewer(request), person_id=person_id, snapshot_id=snapshot_id)
    return render(request, "web/snapshot.html", context)
