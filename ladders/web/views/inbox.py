"""The evidence inbox: upload an export or brag doc, then accept, edit or reject each suggestion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ladders.core.errors import InputError
from ladders.leveling.inbox import inbox_for_editor
from ladders.leveling.services.suggestions import (
    suggestion_accept,
    suggestion_reject,
    suggestions_decide,
    suggestions_upload,
)
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.inbox_forms import SuggestionUploadForm

EDITABLE = ("title", "date", "outcome")


def _page(
    request: HttpRequest, context: dict, form: SuggestionUploadForm, status: int = 200, problems=()
) -> HttpResponse:
    return render(
        request, "web/evidence_inbox.html", {**context, "form": form, "problems": problems}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest, person_id: int) -> HttpResponse:
    """GET shows the pending suggestions; POST accepts or rejects one, or the ones ticked."""
    me = viewer(request)
    context = inbox_for_editor(viewer=me, person_id=person_id)
    person = context["person"]
    if request.method == "GET":
        return _page(request, context, SuggestionUploadForm())
    action = request.POST.get("action", "")
    rows = {row.pk: row for row in context["suggestions"]}
    try:
        if action in {"accept-selected", "reject-selected"}:
            ids = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
            accept = action == "accept-selected"
            _, count = suggestions_decide(actor=me, person=person, ids=ids, accept=accept)
            plural = "s" if count != 1 else ""
            messages.success(request, f"{'Accepted' if accept else 'Rejected'} {count} suggestion{plural}.")
        elif action.partition("-")[0] in {"accept", "reject"} and action.partition("-")[2].isdigit():
            verb, _, pk = action.partition("-")
            row = rows.get(int(pk))
            if row is None:
                messages.error(request, "That suggestion was already decided.")
            elif verb == "accept":
                changes = {f: request.POST.get(f"{f}-{row.pk}", "").strip() for f in EDITABLE}
                item = suggestion_accept(
                    actor=me, suggestion=row, changes={k: v for k, v in changes.items() if v}
                )
                messages.success(request, f"Accepted “{item.title}” as {item.slug}.")
            else:
                suggestion_reject(actor=me, suggestion=row)
                messages.success(request, f"Rejected “{row.title}”; it will not be offered again.")
        else:
            messages.error(request, "Choose accept or reject.")
    except ServiceError as error:
        return _page(request, context, SuggestionUploadForm(), status=error.status, problems=[str(error)])
    return redirect("evidence-inbox", person_id=person.pk)


@login_required
@require_POST
def inbox_upload(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    context = inbox_for_editor(viewer=me, person_id=person_id)
    form = SuggestionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, context, form, status=422)
    try:
        added, known = suggestions_upload(
            actor=me,
            person=context["person"],
            kind=form.cleaned_data["source_type"],
            name=form.cleaned_data["source"],
            data=form.cleaned_data["text"].encode("utf-8"),
            authors=form.authors(),
        )
    except InputError as error:
        return _page(request, context, form, status=422, problems=[str(p) for p in error.problems])
    except ServiceError as error:
        return _page(request, context, form, status=error.status, problems=[str(error)])
    messages.success(
        request, f"{added} new suggestion{'s' if added != 1 else ''}; {known} already seen or decided."
    )
    return redirect("evidence-inbox", person_id=context["person"].pk)
