"""Quarterly check-ins: my own form (draft, submit) and the manager's sign-off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ladders.leveling import services
from ladders.leveling.models import CheckInStatus
from ladders.leveling.selectors import (
    checkin_for_manager,
    checkin_for_self,
    checkin_overview,
    sign_off_outcome,
)
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.forms import CheckInForm, CriteriaFields, SignOffForm, show_service_error


@login_required
@require_GET
def checkin_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/checkin_list.html", checkin_overview(person=viewer(request)))


def _stale(form, context: dict, request: HttpRequest, template: str, fresh: dict) -> HttpResponse:
    """Keep what the person typed, and take the new revision so saving again is deliberate."""
    data = request.POST.copy()
    data["revision"] = fresh["initial"]["revision"]
    form.data = data
    return render(request, template, {**context, "form": form, "stale": True}, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_edit(request: HttpRequest, quarter: str) -> HttpResponse:
    me = viewer(request)
    context = checkin_for_self(person=me, quarter=quarter)
    fw, initial, checkin = context["framework"], context["initial"], context["checkin"]
    if checkin is not None and checkin.status != CheckInStatus.DRAFT and request.method == "GET":
        return render(request, "web/checkin_view.html", context)
    form = CheckInForm(
        fw,
        request.POST or None,
        initial={
            "self_assessed_level": initial["self_assessed_level"],
            "notes": initial["notes"],
            "revision": initial["revision"],
        },
    )
    form.initial_ratings(initial["ratings"])
    form.initial_time(initial["time_allocation"])
    criteria = CriteriaFields(form, fw, initial["criteria"])
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.checkin_save(
                    actor=me,
                    person=me,
                    quarter=quarter,
                    self_ratings=form.ratings(),
                    time_allocation=form.time_allocation(),
                    self_assessed_level=form.cleaned_data["self_assessed_level"],
                    notes=form.cleaned_data["notes"],
                    revision=form.cleaned_data["revision"],
                    submit=submit,
                    criteria=criteria.met(),
                )
            except services.StaleEdit:
                fresh = checkin_for_self(person=me, quarter=quarter)
                return _stale(
                    form, {**context, "criteria": criteria}, request, "web/checkin_form.html", fresh
                )
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                if submit:
                    messages.success(
                        request, f"Submitted your {quarter} check-in. Your level below uses these ratings."
                    )
                    return redirect("dashboard")
                messages.success(request, f"Saved a draft of your {quarter} check-in.")
                return redirect("checkin", quarter=quarter)
    return render(
        request, "web/checkin_form.html", {**context, "form": form, "criteria": criteria}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_review(request: HttpRequest, person_id: int, quarter: str) -> HttpResponse:
    me = viewer(request)
    context = checkin_for_manager(viewer=me, person_id=person_id, quarter=quarter)
    fw, checkin, initial = context["framework"], context["checkin"], context["initial"]
    if checkin.status != CheckInStatus.SUBMITTED and request.method == "GET":
        return render(request, "web/checkin_view.html", context)
    scale = {v.value: f"{v.value} {v.name}" for v in fw.rating_scale.values}
    self_ratings = checkin.self_ratings or {}
    hints = {
        s.id: f"Self rating: {scale.get(self_ratings.get(s.id, -1), 'not rated')}. {s.description}"
        for s in fw.skills
    }
    action = request.POST.get("action", "sign_off")
    form = SignOffForm(
        fw,
        request.POST or None,
        hints=hints,
        initial={"manager_notes": initial["manager_notes"], "revision": initial["revision"]},
    )
    form.initial_ratings(initial["ratings"])
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and action == "preview":
            outcome = sign_off_outcome(
                person=context["person"], checkin=checkin, manager_ratings=form.ratings()
            )
            context = {**context, "signing_level": fw.level_by_id[outcome["level"]], "previewed": True}
            status = 200
        elif form.is_valid():
            # "Keep their ratings": the manager agrees with every skill the person rated.
            ratings = dict(self_ratings) if action == "keep_self" else form.ratings()
            try:
                snapshot = services.checkin_sign_off(
                    actor=me,
                    checkin=checkin,
                    manager_ratings=ratings,
                    manager_notes=form.cleaned_data["manager_notes"],
                    revision=form.cleaned_data["revision"],
                )
            except services.StaleEdit:
                fresh = checkin_for_manager(viewer=me, person_id=person_id, quarter=quarter)
                return _stale(form, context, request, "web/checkin_sign_off.html", fresh)
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                level = fw.level_by_id.get(snapshot.level)
                messages.success(
                    request,
                    f"Signed off {context['person'].name}'s {quarter} check-in: "
                    f"{level.name if level else snapshot.level}.",
                )
                return redirect("person", person_id=person_id)
    return render(request, "web/checkin_sign_off.html", {**context, "form": form}, status=status)
