"""Cycle pages: the list, a cycle's participation (and its CSV), the admin's open and close forms,
the organisation's webhook and each person's mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladders.accounts.permissions import can_manage_cycles, can_view_participation
from ladders.cycles import services
from ladders.cycles.models import OrgWebhook
from ladders.cycles.selectors import (
    cycle_for_viewer,
    cycles_of,
    mail_preferences_of,
    notification_overview,
    participation,
    participation_csv,
)
from ladders.leveling.models import ExportKind
from ladders.server.errors import ServiceError
from ladders.web.cycle_forms import CycleForm, MailPreferenceForm, WebhookForm
from ladders.web.decorators import admin_only, viewer
from ladders.web.forms import show_service_error
from ladders.web.views.exports import csv_response, download_or_offer


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    if not can_view_participation(me):
        raise Http404("No such page.")
    context = {"cycles": cycles_of(me), "can_manage": can_manage_cycles(me)}
    return render(request, "web/cycle_list.html", context)


@login_required
@require_GET
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = participation(viewer=viewer(request), cycle_id=cycle_id)
    return render(request, "web/cycle_detail.html", context)


@login_required
@require_GET
def cycle_csv(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Participation as CSV; over `EXPORT_SYNC_ROWS` people, the offer to build it in the background."""
    me = viewer(request)
    if not can_view_participation(me):
        raise Http404("No such cycle.")

    def build() -> HttpResponse:
        text = participation_csv(viewer=me, cycle_id=cycle_id)
        return csv_response(text, f"participation-{cycle_for_viewer(me, cycle_id).quarter}.csv")

    return download_or_offer(
        request, kind=ExportKind.PARTICIPATION, parameters={"cycle_id": cycle_id}, build=build
    )


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    form = CycleForm(me.org, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.cycle_create(
                    actor=me,
                    org=me.org,
                    name=data["name"],
                    quarter=data["quarter"],
                    opens_on=data["opens_on"],
                    self_review_due=data["self_review_due"],
                    sign_off_due=data["sign_off_due"],
                    teams=list(data["teams"]),
                )
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                messages.success(request, f"The cycle {cycle.name} is {cycle.state}.")
                return redirect("cycle", cycle_id=cycle.pk)
    return render(request, "web/cycle_new.html", {"form": form}, status=status)


def _step(request: HttpRequest, cycle_id: int, *, opening: bool) -> HttpResponse:
    me = viewer(request)
    cycle = cycle_for_viewer(me, cycle_id)
    try:
        if opening:
            cycle = services.cycle_open(actor=me, cycle=cycle)
            if cycle.state == "opening":
                messages.success(
                    request,
                    f"The cycle {cycle.name} is opening: everyone in scope is being given a check-in.",
                )
            else:
                messages.success(
                    request, f"The cycle {cycle.name} is open: everyone in scope has a check-in."
                )
        else:
            unsigned = services.cycle_close(actor=me, cycle=cycle)
            messages.success(
                request,
                f"The cycle {cycle.name} is closed; {len(unsigned)} check-in"
                f"{'s were' if len(unsigned) != 1 else ' was'} not signed off (listed below).",
            )
    except ServiceError as error:
        messages.error(request, str(error))
        return render(request, "web/problem.html", {"message": str(error)}, status=error.status)
    return redirect("cycle", cycle_id=cycle.pk)


@login_required
@admin_only
@require_POST
def cycle_open(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _step(request, cycle_id, opening=True)


@login_required
@admin_only
@require_POST
def cycle_close(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _step(request, cycle_id, opening=False)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mail_preferences(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    form = MailPreferenceForm(request.POST or None, initial=mail_preferences_of(me))
    if request.method == "POST" and form.is_valid():
        services.mail_preferences_save(actor=me, **form.cleaned_data)
        messages.success(request, "Saved your mail choices.")
        return redirect("mail-preferences")
    return render(request, "web/mail_preferences.html", {"form": form, "email": me.user.email})


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    hook = OrgWebhook.objects.filter(org_id=me.org_id).first()
    initial = {"channel": hook.channel, "url": hook.url} if hook else {}
    form = WebhookForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.webhook_set(actor=me, **form.cleaned_data)
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                messages.success(request, "Saved the organisation's webhook.")
                return redirect("admin-notifications")
    context = {"form": form, **notification_overview(viewer=me)}
    return render(request, "web/admin_notifications.html", context, status=status)
