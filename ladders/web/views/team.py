"""The team page: everyone a manager or admin may see, assessed live."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ladders.leveling.selectors import team_page
from ladders.leveling.team_overview import TeamFilters
from ladders.web.decorators import viewer


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    filters = TeamFilters(
        level=request.GET.get("level", ""),
        team=request.GET.get("team", ""),
        manager=request.GET.get("manager", ""),
        ready=request.GET.get("ready") == "1",
        sort=request.GET.get("sort", "name") or "name",
    )
    return render(request, "web/team.html", team_page(viewer=viewer(request), page=page, filters=filters))
