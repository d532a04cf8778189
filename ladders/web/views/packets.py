"""Promotion packets: the list, a new packet, the packet with the form for whoever's turn it is, exports.

Each step of the review posts to its own address and calls its promotion service. A
refusal is shown on the packet page with the service's status (403, 409, 422); a stale
revision answers 409 and shows the form again with everything that was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladders.accounts.models import Person
from ladders.core.review import PacketState
from ladders.leveling.services import StaleEdit
from ladders.promotions import services
from ladders.promotions.export import export_policy, packet_html, packet_markdown
from ladders.promotions.models import Packet
from ladders.promotions.selectors import packet_for_viewer
from ladders.server.errors import ServiceError
from ladders.web.decorators import viewer
from ladders.web.forms import show_service_error
from ladders.web.packet_forms import AuditForm, DecideForm, DraftForm, NewPacketForm, ReviewForm, RevisionForm
from ladders.web.pages.packets import packet_list_page, packet_new_page, packet_page

TEMPLATE = "web/packet.html"


@login_required
@require_GET
def packet_list(request: HttpRequest) -> HttpResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return render(request, "web/packet_list.html", packet_list_page(viewer=viewer(request), page=page))


@login_required
@require_http_methods(["GET", "POST"])
def packet_new(request: HttpRequest, person_id: int) -> HttpResponse:
    me = viewer(request)
    context = packet_new_page(viewer=me, person_id=person_id)
    form = NewPacketForm(context["targets"], request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                packet = services.packet_create(
                    actor=me,
                    person=context["person"],
                    target=form.cleaned_data["target"],
                    narrative=form.cleaned_data["narrative"],
                )
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                messages.success(
                    request, "Started a draft packet. Edit it until it is ready, then submit it."
                )
                return redirect("packet", packet_id=packet.pk)
    elif not context["can_author"]:
        status = 403
    return render(request, "web/packet_new.html", {**context, "form": form}, status=status)


# -- the packet page and its steps -------------------------------------------------------------


def _form(step: PacketState | None, context: dict[str, Any], data=None) -> RevisionForm | None:
    """The form of `step`, built from the page's context; unbound forms start from the packet."""
    packet: Packet = context["packet"]
    initial: dict[str, Any] = {"revision": packet.revision}
    if step == PacketState.DRAFT:
        initial |= {"target": packet.target, "narrative": packet.narrative}
        return DraftForm(packet, context["targets"], context["reviewers"], data, initial=initial)
    if step == PacketState.SUBMITTED:
        return ReviewForm(
            packet, context["claims"], context["evidence"], context["auditors"], data, initial=initial
        )
    if step == PacketState.REVIEWED:
        return AuditForm(context["claims"], data, initial=initial)
    if step == PacketState.AUDITED:
        return DecideForm(data, initial=initial)
    if step == PacketState.NOT_YET:
        return RevisionForm(data, initial=initial)
    return None


def _render(request: HttpRequest, context: dict[str, Any], form=None, status: int = 200, **extra):
    form_step = extra.pop("form_step", context["step"])
    form = form if form is not None else _form(form_step, context)
    return render(
        request, TEMPLATE, {**context, "form": form, "form_step": form_step, **extra}, status=status
    )


@login_required
@require_GET
def packet_detail(request: HttpRequest, packet_id: int) -> HttpResponse:
    return _render(request, packet_page(viewer=viewer(request), packet_id=packet_id))


Step = Callable[[Person, Packet, Any, HttpRequest], tuple[Packet, str]]


def _act(request: HttpRequest, packet_id: int, step: PacketState, run: Step) -> HttpResponse:
    """Parse the form of `step`, call its service, and show what happened."""
    me = viewer(request)
    context = packet_page(viewer=me, packet_id=packet_id, acting=step)
    form = _form(step, context, request.POST)
    assert form is not None, f"the step {step} posts a form"
    shown = step if context["step"] == step else None
    if not form.is_valid():
        if shown:
            return _render(request, context, form, 422, form_step=shown)
        return _render(request, _own(me, packet_id), None, 422, problem=_first(form))
    try:
        packet, done = run(me, context["packet"], form, request)
    except StaleEdit:
        fresh = packet_page(viewer=me, packet_id=packet_id, acting=step)
        data = request.POST.copy()
        data["revision"] = str(fresh["packet"].revision)
        return _render(request, fresh, _form(step, fresh, data), 409, form_step=step, stale=True)
    except ServiceError as error:
        if shown:
            form.show(error)
            return _render(request, context, form, error.status, form_step=shown)
        return _render(request, _own(me, packet_id), None, error.status, problem=str(error))
    messages.success(request, done)
    return redirect("packet", packet_id=packet.pk)


def _own(me: Person, packet_id: int) -> dict[str, Any]:
    """The page as the viewer normally sees it: a refused step shows their own form, if any."""
    return packet_page(viewer=me, packet_id=packet_id)


def _first(form) -> str:
    errors = form.errors.as_data()
    return next((str(e.message) for field in errors.values() for e in field), "")


def _draft(me: Person, packet: Packet, form: DraftForm, request: HttpRequest) -> tuple[Packet, str]:
    data = form.cleaned_data
    submit = request.POST.get("action") == "submit"
    with transaction.atomic():  # the edit is kept only if the submit goes through too
        if not submit or (data["narrative"], data["target"]) != (packet.narrative, packet.target):
            packet = services.packet_update(
                actor=me,
                packet=packet,
                narrative=data["narrative"],
                target=data["target"],
                revision=data["revision"],
            )
        if not submit:
            return packet, "Saved the draft."
        packet = services.packet_submit(
            actor=me, packet=packet, reviewer=data["reviewer"], revision=packet.revision
        )
    assert packet.reviewer is not None  # the service refuses a submit without one
    return packet, f"Submitted for review by {packet.reviewer.name}."


def _review(me: Person, packet: Packet, form: ReviewForm, request: HttpRequest) -> tuple[Packet, str]:
    packet = services.packet_review(
        actor=me,
        packet=packet,
        verdicts=form.verdicts(),
        auditor=form.cleaned_data["auditor"],
        revision=form.cleaned_data["revision"],
    )
    assert packet.auditor is not None  # the service refuses a review without one
    flagged = f" The system flagged {len(packet.flags)} thing(s) for them to look at." if packet.flags else ""
    return packet, f"Review recorded; {packet.auditor.name} reviews the review next.{flagged}"


def _audit(me: Person, packet: Packet, form: AuditForm, request: HttpRequest) -> tuple[Packet, str]:
    packet = services.packet_audit(
        actor=me, packet=packet, audits=form.audits(), revision=form.cleaned_data["revision"]
    )
    return packet, "Review of the review recorded; an admin decides next."


def _decide(me: Person, packet: Packet, form: DecideForm, request: HttpRequest) -> tuple[Packet, str]:
    data = form.cleaned_data
    packet = services.packet_decide(
        actor=me,
        packet=packet,
        decision=data["decision"],
        reasons=data["reasons"],
        justification=data["justification"],
        revision=data["revision"],
    )
    if packet.state == PacketState.PROMOTED:
        return packet, f"Promoted {packet.subject.name}."
    return packet, f"Recorded: not yet. The reasons are now {packet.subject.name}’s next plan."


def _reopen(me: Person, packet: Packet, form: RevisionForm, request: HttpRequest) -> tuple[Packet, str]:
    packet = services.packet_reopen(actor=me, packet=packet, revision=form.cleaned_data["revision"])
    return packet, f"Reopened as attempt {packet.attempt}: edit the draft and submit it again."


def _step_view(state: PacketState, run: Step) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view of the step out of `state`: it takes the form of that step and runs it."""

    @login_required
    @require_POST
    def view(request: HttpRequest, packet_id: int) -> HttpResponse:
        return _act(request, packet_id, state, run)

    return view


packet_draft = _step_view(PacketState.DRAFT, _draft)
packet_review = _step_view(PacketState.SUBMITTED, _review)
packet_audit = _step_view(PacketState.REVIEWED, _audit)
packet_decide = _step_view(PacketState.AUDITED, _decide)
packet_reopen = _step_view(PacketState.NOT_YET, _reopen)


# -- exports -------------------------------------------------------------------------------


@login_required
@require_GET
def packet_export_markdown(request: HttpRequest, packet_id: int) -> HttpResponse:
    packet = packet_for_viewer(viewer(request), packet_id)
    response = HttpResponse(packet_markdown(packet), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="promotion-packet-{packet.pk}.md"'
    return response


@login_required
@require_GET
def packet_export_html(request: HttpRequest, packet_id: int) -> HttpResponse:
    html = packet_html(packet_for_viewer(viewer(request), packet_id))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = export_policy(html)
    return response
