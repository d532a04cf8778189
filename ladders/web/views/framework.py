"""The framework browser: the active ladder as people read it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ladders.leveling.org_selectors import framework_browser
from ladders.web.decorators import viewer


@login_required
@require_GET
def framework_page(request: HttpRequest) -> HttpResponse:
    return render(request, "web/framework.html", framework_browser(org=viewer(request).org))
