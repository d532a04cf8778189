"""The evidence log: list, filter, add, edit and delete a person's evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ladders.accounts.selectors import person_for_viewer
from ladders.leveling import services
from ladders.leveling.selectors import evidence_for_editor, evidence_log
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.forms import EvidenceFilterForm, EvidenceForm, show_service_error


@login_required
@require_GET
def evidence_list(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    me = viewer(request)
    person = me if person_id is None else person_for_viewer(me, person_id)
    kind, search = request.GET.get("kind", ""), request.GET.get("q", "")
    page = request.GET.get("page", 1)
    context = evidence_log(person=person, kind=kind.strip(), search=search.strip(), page=page)
    context["filter"] = EvidenceFilterForm(context["framework"], request.GET or None)
    context["filtered"] = bool(kind or search)
    return render(request, "web/evidence_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    context = evidence_for_editor(viewer=me, person_id=person_id)
    person, fw = context["person"], context["framework"]
    form = EvidenceForm(fw, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                item = services.evidence_create(actor=me, person=person, data=form.service_data())
            except ServiceError as error:
                show_service_error(form, error)
            else:
                messages.success(request, f"Added “{item.title}”.")
                return redirect("evidence", person_id=person.pk)
    return render(request, "web/evidence_form.html", {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, person_id: int, evidence_id: int) -> HttpResponse:
    me = viewer(request)
    context = evidence_for_editor(viewer=me, person_id=person_id, evidence_id=evidence_id)
    item, fw = context["item"], context["framework"]
    form = EvidenceForm(fw, request.POST or None, initial=EvidenceForm.initial_from(item))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.evidence_update(actor=me, item=item, data=form.service_data())
            except ServiceError as error:
                show_service_error(form, error)
            else:
                messages.success(request, f"Saved “{form.cleaned_data['title']}”.")
                return redirect("evidence", person_id=person_id)
    return render(request, "web/evidence_form.html", {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, person_id: int, evidence_id: int) -> HttpResponse:
    me = viewer(request)
    context = evidence_for_editor(viewer=me, person_id=person_id, evidence_id=evidence_id)
    if request.method == "POST":
        item = context["item"]
        services.evidence_delete(actor=me, item=item)
        messages.success(request, f"Deleted “{item.title}”.")
        return redirect("evidence", person_id=person_id)
    return render(request, "web/evidence_confirm_delete.html", context)
