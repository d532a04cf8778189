"""The triple-pass review of a promotion packet: submit, review, audit, decision and reopen.

Each step is the promotion service of the same name. The service checks, in this order,
who is asking (403), that the caller's `revision` is current (409), that the packet is in
the right state (409) and the input (422); a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from ninja import Field, Router
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.examples import PACKET_AUDIT, PACKET_DECISION, PACKET_REVIEW, PACKET_SUBMIT, examples
from ladders.api.inputs import StrictIn, text
from ladders.api.lookups import MAX_ID, colleague, packet_id_path, packet_in_reach
from ladders.api.packets import PacketDetailOut, Revision
from ladders.core.profile import EvidenceId
from ladders.core.review import AuditOutcome, Verdict
from ladders.core.rules import Id
from ladders.promotions import services
from ladders.promotions.inputs import MAX_TEXT
from ladders.promotions.models import DecisionValue
from ladders.server.errors import ServiceError

router = Router(tags=["promotion packets"])

Comment = Annotated[str, text(MAX_TEXT)]
PersonId = Annotated[int, Field(ge=1, le=MAX_ID)]
WRITE_ERRORS = error_responses(400, 403, 404, 409, 422)


# -- input -------------------------------------------------------------------------------------


class PacketSubmitIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(PACKET_SUBMIT))

    reviewer_id: PersonId = Field(
        description="Who reviews the claims (pass 2): anyone in the organisation but the author and "
        "the person (403)."
    )
    revision: Revision


class VerdictIn(StrictIn):
    verdict: Verdict | None = Field(None, description="Null leaves the claim open (it is flagged).")
    comment: Comment = Field("", description="Which evidence backs the verdict; needed with a verdict.")
    cited: list[EvidenceId] = Field(
        default_factory=list, max_length=100, description="Evidence ids of the person that back it."
    )


class PacketReviewIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(PACKET_REVIEW))

    verdicts: dict[Id, VerdictIn] = Field(
        max_length=500, description="Check id (of the packet's claims) to verdict."
    )
    auditor_id: PersonId = Field(
        description="Who reviews the review (pass 3): not the reviewer, the author, the person or the "
        "author's manager (403)."
    )
    revision: Revision


class AuditIn(StrictIn):
    audit: AuditOutcome
    comment: Comment = Field("", description="Why; needed to challenge, or to confirm a flagged verdict.")


class PacketAuditIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(PACKET_AUDIT))

    audits: dict[Id, AuditIn] = Field(
        max_length=500, description="Check id to audit; every verdict given needs one."
    )
    revision: Revision


class PacketDecisionIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(PACKET_DECISION))

    decision: DecisionValue = Field(
        description="promote: the person's level changes today. not_yet: the reasons become their next plan."
    )
    reasons: Comment = Field("", description="Needed for not_yet.")
    justification: Comment = Field(
        "",
        description="Why promote despite the packet's `concerns` (a challenged verdict, a check the "
        "engine finds failing, a flag): needed to promote when there are any (422 naming "
        "`justification`). Kept on the packet, its history and the audit trail.",
    )
    revision: Revision


class PacketReopenIn(StrictIn):
    revision: Revision


# -- output ------------------------------------------------------------------------------------


class PacketSubmittedOut(PacketDetailOut):
    pass


class PacketReviewedOut(PacketDetailOut):
    pass


class PacketAuditedOut(PacketDetailOut):
    pass


class PacketDecidedOut(PacketDetailOut):
    pass


class PacketReopenedOut(PacketDetailOut):
    pass


@contextmanager
def _person_field(service_field: str, api_field: str) -> Iterator[None]:
    """The service names the person it was given (`reviewer`); the request named their id (`reviewer_id`)."""
    try:
        yield
    except ServiceError as error:
        if error.field != service_field:
            raise
        message = str(error).replace(f"{service_field}:", f"{api_field}:", 1)
        raise type(error)(message, field=api_field) from None


# -- operations --------------------------------------------------------------------------------


@router.post(
    "/packets/{packet_id}/submit",
    response={200: PacketSubmittedOut, **WRITE_ERRORS},
    operation_id="packet_submit",
    summary="The author submits the draft to a reviewer (pass 1 ends)",
    description="Freezes the claims and evidence as of now. Only the author submits (403); the "
    "narrative must not be empty (422).",
)
def packet_submit(request, payload: PacketSubmitIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    with _person_field("reviewer", "reviewer_id"):
        return services.packet_submit(
            actor=request.auth,
            packet=packet,
            reviewer=colleague(request.auth, payload.reviewer_id),
            revision=payload.revision,
        )


@router.post(
    "/packets/{packet_id}/review",
    response={200: PacketReviewedOut, **WRITE_ERRORS},
    operation_id="packet_review",
    summary="The reviewer gives each claim a verdict and names the reviewer of the review (pass 2)",
    description="Only the assigned reviewer (403). Support that cites no evidence, a claim left "
    "without a verdict, or every claim supported while the engine finds a failing check is "
    "accepted and flagged for pass 3.",
)
def packet_review(request, payload: PacketReviewIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    with _person_field("auditor", "auditor_id"):
        return services.packet_review(
            actor=request.auth,
            packet=packet,
            verdicts={check: verdict.model_dump() for check, verdict in payload.verdicts.items()},
            auditor=colleague(request.auth, payload.auditor_id),
            revision=payload.revision,
        )


@router.post(
    "/packets/{packet_id}/audit",
    response={200: PacketAuditedOut, **WRITE_ERRORS},
    operation_id="packet_audit",
    summary="The reviewer of the review confirms or challenges each verdict (pass 3)",
    description="Only the assigned reviewer of the review (403). Every verdict needs an audit; a "
    "challenge, or confirming a flagged verdict, needs a comment (422).",
)
def packet_audit(request, payload: PacketAuditIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    return services.packet_audit(
        actor=request.auth,
        packet=packet,
        audits={check: audit.model_dump() for check, audit in payload.audits.items()},
        revision=payload.revision,
    )


@router.post(
    "/packets/{packet_id}/decision",
    response={200: PacketDecidedOut, **WRITE_ERRORS},
    operation_id="packet_decide",
    summary="An admin decides an audited packet: promote, or not yet with reasons",
    description="Only an admin who is not the person, the author, the reviewer or the reviewer of "
    "the review (403). Promote records the target level from today (see `GET /people/{id}`) and "
    "freezes the assessment it rests on; it needs every claim reviewed and every verdict audited "
    "(409), and a `justification` when the packet lists `concerns` (422). Not yet needs `reasons`.",
)
def packet_decide(request, payload: PacketDecisionIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    return services.packet_decide(
        actor=request.auth,
        packet=packet,
        decision=payload.decision,
        reasons=payload.reasons,
        justification=payload.justification,
        revision=payload.revision,
    )


@router.post(
    "/packets/{packet_id}/reopen",
    response={200: PacketReopenedOut, **WRITE_ERRORS},
    operation_id="packet_reopen",
    summary="After not yet, the author reopens the packet as a new draft attempt",
    description="Only the author (403), only a not-yet packet (409). The earlier attempt stays in the "
    "history.",
)
def packet_reopen(request, payload: PacketReopenIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    return services.packet_reopen(actor=request.auth, packet=packet, revision=payload.revision)
