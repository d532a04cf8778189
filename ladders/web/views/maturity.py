"""Organisation AI maturity: the latest result for everyone, the survey for managers and admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladders.leveling import services
from ladders.leveling.org_selectors import maturity_overview
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.forms import MaturityForm, show_service_error


@login_required
@require_http_methods(["GET", "POST"])
def maturity_page(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    context = maturity_overview(viewer=me)
    if request.method == "POST" and not context["can_record"]:
        raise Http404("No such form.")
    latest = context["latest"]
    initial = {f"phase__{p}": r for p, r in latest.answers.get("phases", {}).items()} if latest else {}
    form = MaturityForm(context["framework"], request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                record = services.maturity_record(actor=me, org_name=me.org.name, phases=form.phases())
            except ServiceError as error:
                show_service_error(form, error)
            else:
                messages.success(request, f"Recorded: level {record.level} {record.result['name']}.")
                return redirect("maturity")
    return render(request, "web/maturity.html", {**context, "form": form}, status=status)
