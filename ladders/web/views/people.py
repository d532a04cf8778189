"""People admin pages: the list with search and filters, a person's record and pay, invitations,
the audit log; and the page an invited person opens to choose their password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladders.accounts.models import Team
from ladders.accounts.selectors import people_search, person_for_viewer
from ladders.core import limits
from ladders.leveling.audit import audit_actions, audit_csv, audit_log
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import ExportKind, SalaryBand
from ladders.leveling.pay import person_salary_set
from ladders.leveling.services.people import (
    ROLE_CHOICES,
    invite_accept,
    invited_user,
    person_deactivate,
    person_edit,
    person_invite,
    person_reactivate,
    reports_to_reassign,
)
from ladders.server.errors import NotFound, ServiceError
from ladders.web.decorators import admin_only, viewer
from ladders.web.forms import (
    AuditFilterForm,
    InviteForm,
    PeopleFilterForm,
    PersonEditForm,
    SalaryForm,
    show_service_error,
)
from ladders.web.views.exports import csv_response, download_or_offer


def _active_people(me):
    return people_search(me, active=True)


@login_required
@admin_only
@require_GET
def people_admin(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    _, fw = active_framework(me.org)
    form = PeopleFilterForm(
        request.GET or None,
        teams=Team.objects.filter(org_id=me.org_id),
        managers=people_search(me).filter(reports__isnull=False).distinct(),
        levels=fw.levels,
    )
    found = people_search(me, **(form.filters() if request.GET else {}))
    page = Paginator(found, limits.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "level_names": {lv.id: lv.name for lv in fw.levels},
        "to_reassign": reports_to_reassign(org_id=me.org_id),
    }
    return render(request, "web/admin_people.html", context)


def _record_forms(request: HttpRequest, me, person, *, edit_data=None, salary_data=None):
    managers = _active_people(me).exclude(pk=person.pk)
    edit = PersonEditForm(
        edit_data,
        managers=managers,
        initial={
            "name": person.name,
            "title": person.title,
            "email": person.user.email,
            "team": person.team.name if person.team else "",
            "manager": person.manager_id,
        },
    )
    markets = sorted(set(SalaryBand.objects.filter(org_id=me.org_id).values_list("market", flat=True)))
    salary = SalaryForm(
        salary_data,
        markets=markets,
        initial={"base_salary": person.base_salary, "currency": person.currency, "market": person.market},
    )
    return edit, salary


def _render_person(request, me, person, edit, salary, status=200) -> HttpResponse:
    context = {
        "person": person,
        "edit_form": edit,
        "salary_form": salary,
        "reports": list(person.reports.filter(user__is_active=True).order_by("name")),
        "history": audit_log(viewer=me, person_id=person.pk)[: limits.PAGE_SIZE],
    }
    return render(request, "web/admin_person.html", context, status=status)


@never_cache
@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def person_admin(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    person = person_for_viewer(me, person_id)
    edit, salary = _record_forms(request, me, person, edit_data=request.POST or None)
    if request.method == "POST":
        if edit.is_valid():
            data = edit.cleaned_data
            manager = person_for_viewer(me, data["manager"]) if data["manager"] else None
            try:
                person_edit(
                    actor=me,
                    person=person,
                    name=data["name"],
                    title=data["title"],
                    email=data["email"],
                    team_name=data["team"] or None,
                    manager=manager,
                )
            except ServiceError as error:
                show_service_error(edit, error)
                return _render_person(request, me, person, edit, salary, error.status)
            messages.success(request, f"Saved {data['name']}'s record.")
            return redirect("admin-person", person_id=person.pk)
        return _render_person(request, me, person, edit, salary, 422)
    return _render_person(request, me, person, edit, salary)


@never_cache
@login_required
@admin_only
@require_POST
def person_salary(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    person = person_for_viewer(me, person_id)
    edit, salary = _record_forms(request, me, person, salary_data=request.POST)
    if salary.is_valid():
        data = salary.cleaned_data
        try:
            person_salary_set(
                actor=me,
                person=person,
                base_salary=data["base_salary"],
                currency=data["currency"],
                market=data["market"],
            )
        except ServiceError as error:
            show_service_error(salary, error)
            return _render_person(request, me, person, edit, salary, error.status)
        messages.success(request, f"Saved {person.name}'s pay record.")
        return redirect("admin-person", person_id=person.pk)
    return _render_person(request, me, person, edit, salary, 422)


@login_required
@admin_only
@require_POST
def person_deactivate_view(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    person = person_for_viewer(me, person_id)
    try:
        reports = person_deactivate(actor=me, person=person)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("admin-person", person_id=person.pk)
    note = f" Reassign their reports: {', '.join(p.name for p in reports)}." if reports else ""
    messages.success(request, f"{person.name} is deactivated and can no longer sign in.{note}")
    return redirect("admin-people")


@login_required
@admin_only
@require_POST
def person_reactivate_view(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    person = person_reactivate(actor=me, person=person_for_viewer(me, person_id))
    messages.success(request, f"{person.name} can sign in again.")
    return redirect("admin-person", person_id=person.pk)


@never_cache
@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def people_invite(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    form = InviteForm(request.POST or None, managers=_active_people(me), roles=ROLE_CHOICES)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            manager_id = data.pop("manager")
            team = data.pop("team")

            def link_for(uidb64: str, token: str) -> str:
                return request.build_absolute_uri(reverse("invite-accept", args=[uidb64, token]))

            try:
                person = person_invite(
                    actor=me,
                    manager=person_for_viewer(me, manager_id) if manager_id else None,
                    team_name=team or None,
                    link_for=link_for,
                    **data,
                )
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                messages.success(request, f"Invited {person.name}; the link went to {person.user.email}.")
                return redirect("admin-people")
    return render(request, "web/admin_people_invite.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Anyone holding the link may open it (it is the credential); it works once."""
    from django.contrib.auth.forms import SetPasswordForm

    try:
        user = invited_user(uidb64=uidb64, token=token)
    except NotFound as error:
        return render(request, "web/invite_accept.html", {"problem": str(error)}, status=404)
    form = SetPasswordForm(user, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                invite_accept(uidb64=uidb64, token=token, password=form.cleaned_data["new_password1"])
            except ServiceError as error:
                show_service_error(form, error, {"password": "new_password2"})
                status = error.status
            else:
                messages.success(request, "Your password is set. Sign in with your user name and it.")
                return redirect("login")
    return render(request, "web/invite_accept.html", {"form": form, "username": user.username}, status=status)


def _audit_events(request: HttpRequest):
    me = viewer(request)
    form = AuditFilterForm(request.GET or None, people=people_search(me), actions=audit_actions(viewer=me))
    return form, audit_log(viewer=me, **(form.filters() if request.GET else {}))


@login_required
@admin_only
@require_GET
def audit_page(request: HttpRequest) -> HttpResponse:
    form, events = _audit_events(request)
    page = Paginator(events, limits.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/admin_audit.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@admin_only
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The events as CSV; over `EXPORT_SYNC_ROWS` events, the offer to build it in the background."""
    form, events = _audit_events(request)
    filters = form.filters() if request.GET else {}
    parameters = {k: v for k, v in filters.items() if v not in (None, "")}
    return download_or_offer(
        request,
        kind=ExportKind.AUDIT,
        parameters=parameters,
        build=lambda: csv_response(audit_csv(events), "audit-log.csv"),
    )
