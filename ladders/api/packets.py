"""Promotion packets: the case for promoting one person to one level, and its history.

The author (the person, or someone above them in their management chain) drafts the
packet; the review steps (submit, review, audit, decision, reopen) are in `reviews.py`.
Every write returns the packet's `revision`; send it back with the next step. A stale one
is refused with 409 and nothing changes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.examples import PACKET_CREATE, PACKET_UPDATE, examples
from ladders.api.inputs import StrictIn, omittable, text
from ladders.api.lookups import packet_id_path, packet_in_reach, person_id_path, person_in_reach
from ladders.api.pagination import PageIn, page_of
from ladders.api.people import PersonRefOut
from ladders.core.review import STATES, AuditOutcome, Verdict
from ladders.core.rules import Id
from ladders.promotions import services
from ladders.promotions.export import export_policy, packet_html, packet_markdown
from ladders.promotions.inputs import MAX_TEXT
from ladders.promotions.models import DecisionValue, Packet, PacketEvent
from ladders.promotions.packet_view import ClaimRow, Concern, EvidenceRow, Flag, PacketView, packet_view
from ladders.promotions.selectors import packets_awaiting, packets_visible_to

router = Router(tags=["promotion packets"])

# One of the packet states, which a checker reads as text.
if TYPE_CHECKING:
    State = str
else:
    State = Literal[STATES]
Narrative = Annotated[str, text(MAX_TEXT)]
Revision = Annotated[
    int, Field(ge=1, le=2**31 - 1, description="The revision you loaded; a stale one is refused with 409.")
]
TARGET_HELP = "A level id of the active framework above the person's current level."


# -- output ------------------------------------------------------------------------------------


class EvidenceRefOut(Schema):
    """A piece of the subject's evidence as frozen in the packet when it was last read from the engine."""

    id: str = Field(description="The evidence id (slug) that checks and verdicts cite.")
    title: str | None = Field(description="Null when a verdict cites an id the person has no evidence for.")
    kind: str | None
    date: date | None
    outcome: str | None
    scope: str | None = Field(description="Null for packets frozen before the scope was kept.")
    source: dict[str, Any] | None = Field(
        None,
        description="Where an accepted suggestion came from (as on the evidence item); null for typed items.",
    )

    @staticmethod
    def resolve_outcome(obj: EvidenceRow) -> str | None:
        return obj.outcome or None


class VerdictOut(Schema):
    verdict: Verdict | None = Field(description="Null when the reviewer left the claim open.")
    comment: str
    cited: list[EvidenceRefOut]


class AuditOut(Schema):
    audit: AuditOutcome
    comment: str


class FlagOut(Schema):
    flag: str = Field(description="hallucinated_support, happy_path_bias or constraint_blindness.")
    check: str | None = Field(description="The claim flagged; null for the review as a whole.")
    detail: str


class ConcernOut(Schema):
    concern: Literal["challenged", "engine_failed", "flag"] = Field(
        description="challenged: pass 3 challenged the verdict; engine_failed: the engine finds the "
        "check not met; flag: a review failure flagged in pass 2."
    )
    check: str | None = Field(description="The claim concerned; null for the review as a whole.")
    detail: str


class ClaimOut(Schema):
    check: str = Field(description="The check id; verdicts and audits are keyed by it.")
    level: str
    title: str
    engine_passed: bool = Field(description="Whether the engine finds the check met.")
    detail: str
    evidence: list[EvidenceRefOut] = Field(description="The evidence the engine found for the check.")
    verdict: VerdictOut | None = Field(description="Pass 2; null until reviewed.")
    audit: AuditOut | None = Field(description="Pass 3; null until audited.")
    flags: list[FlagOut]


class EventOut(Schema):
    action: str = Field(description="create, update, submit, review, audit, promote, decline or reopen.")
    from_state: str | None
    to_state: str
    actor: PersonRefOut | None
    created: datetime
    payload: dict[str, Any] = Field(description="What the step recorded (verdicts, reasons, ...).")

    @staticmethod
    def resolve_from_state(obj) -> str | None:
        return obj.from_state or None


class PacketOut(Schema):
    id: int
    subject: PersonRefOut = Field(description="Whom the packet would promote.")
    target: str = Field(description="The level id the packet aims at.")
    state: State
    attempt: int = Field(description="1, bumped each time a not-yet packet is reopened.")
    author: PersonRefOut | None
    reviewer: PersonRefOut | None = Field(description="Pass 2, named by the author at submission.")
    auditor: PersonRefOut | None = Field(
        description="Pass 3 (reviewer of the review), named by the reviewer."
    )
    decision: DecisionValue | None
    decided_by: PersonRefOut | None
    decided_at: datetime | None
    revision: int = Field(description="Send it back with the next step.")
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_decision(obj: Packet) -> str | None:
        return obj.decision or None


class PacketListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PacketOut] = Field(description="Most recently changed first.")


class PacketDetailOut(PacketOut):
    narrative: str = Field(description="The author's case for promotion (Markdown).")
    framework_hash: str | None = Field(description="The framework version the claims were read with.")
    claims: list[ClaimOut] = Field(
        description="One per check of the target level, plus every lower check not yet passed."
    )
    evidence: list[EvidenceRefOut] = Field(description="All of the subject's evidence frozen in the packet.")
    flags: list[FlagOut] = Field(description="Everything the system flagged in the review (pass 2).")
    decision_reasons: str
    decision_justification: str = Field(description="Why it was promoted despite its concerns, if any.")
    concerns: list[ConcernOut] = Field(
        description="What a decider must weigh: promoting past any of it needs a `justification`."
    )
    review_gaps: list[str] = Field(
        description="Claims without a verdict, verdicts without an audit: promotion waits until none."
    )
    events: list[EventOut] = Field(description="The packet's history, oldest first.")

    @staticmethod
    def resolve_framework_hash(obj: Packet) -> str | None:
        return obj.framework_hash or None

    @staticmethod
    def resolve_claims(obj: Packet) -> list[ClaimRow]:
        return _view(obj).claims

    @staticmethod
    def resolve_evidence(obj: Packet) -> list[EvidenceRow]:
        return _view(obj).evidence

    @staticmethod
    def resolve_flags(obj: Packet) -> list[Flag]:
        return _view(obj).flags

    @staticmethod
    def resolve_concerns(obj: Packet) -> list[Concern]:
        return _view(obj).concerns

    @staticmethod
    def resolve_review_gaps(obj: Packet) -> list[str]:
        return _view(obj).review_gaps

    @staticmethod
    def resolve_events(obj: Packet) -> list[PacketEvent]:
        return _view(obj).events


def _view(packet: Packet) -> PacketView:
    """The packet view, built once per response however many fields read it.

    Kept on the instance with the revision it was built at; every write bumps the revision.
    """
    view: PacketView | None = getattr(packet, "_api_view", None)
    if view is None or view.revision != packet.revision:
        view = packet_view(packet)
        packet._api_view = view  # type: ignore[attr-defined]
    return view


class PacketCreatedOut(PacketDetailOut):
    pass


class PacketGetOut(PacketDetailOut):
    pass


class PacketUpdatedOut(PacketDetailOut):
    pass


# -- input -------------------------------------------------------------------------------------


class PacketListIn(PageIn):
    awaiting: bool = Field(
        False,
        description="Only the packets waiting for the caller: their draft, a review, a review of a "
        "review, or (admins) a decision.",
    )
    state: State | None = Field(None, description="Only packets in this state.")


class PacketCreateIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(PACKET_CREATE))

    target: Id = Field(description=TARGET_HELP)
    narrative: Narrative = Field("", description="The case for promotion (Markdown); needed to submit.")


class PacketUpdateIn(StrictIn):
    """Only the keys sent change."""

    model_config = ConfigDict(json_schema_extra=examples(PACKET_UPDATE))

    narrative: Narrative = omittable(description="The case for promotion (Markdown).")
    target: Id = omittable(description=TARGET_HELP + " The claims are read again from the engine.")
    revision: Revision


class ExportIn(Schema):
    format: Literal["markdown", "html"] = Field(
        "markdown", description="markdown, or one printable HTML page."
    )


# -- operations --------------------------------------------------------------------------------

PACKET_RULES = (
    "A packet is seen by its subject, its author, its reviewer and reviewer of the review, the "
    "subject's management chain and admins; for anyone else it does not exist (404)."
)


@router.get(
    "/packets",
    response={200: PacketListOut, **error_responses(403, 422)},
    operation_id="packet_list",
    summary="Promotion packets the caller may see",
    description=PACKET_RULES,
)
def packet_list(request, filters: Query[PacketListIn]):
    viewer = request.auth
    packets = packets_awaiting(viewer) if filters.awaiting else packets_visible_to(viewer)
    packets = packets.select_related("decided_by")
    if filters.state is not None:
        packets = packets.filter(state=filters.state)
    return page_of(packets, filters)


@router.post(
    "/people/{person_id}/packets",
    response={201: PacketCreatedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="packet_create",
    summary="Start a draft promotion packet for a person",
    description="The person or someone above them in their management chain writes it (403 for "
    "anyone else). The claims are the engine's checks for the target level as of now. A person "
    "with a packet in progress cannot have a second one (409).",
)
def packet_create(request, payload: PacketCreateIn, person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    packet = services.packet_create(
        actor=request.auth, person=person, target=payload.target, narrative=payload.narrative
    )
    return Status(201, packet)


@router.get(
    "/packets/{packet_id}",
    response={200: PacketGetOut, **error_responses(403, 404, 422)},
    operation_id="packet_get",
    summary="One packet: its claims with evidence, verdicts, audits, flags and history",
    description=PACKET_RULES,
)
def packet_get(request, packet_id: int = packet_id_path()):
    return packet_in_reach(request.auth, packet_id)


@router.patch(
    "/packets/{packet_id}",
    response={200: PacketUpdatedOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="packet_update",
    summary="The author edits a draft: its narrative or its target",
    description="Only the author (403) edits, and only a draft (409). A new target reads the claims "
    "from the engine again.",
)
def packet_update(request, payload: PacketUpdateIn, packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    return services.packet_update(
        actor=request.auth,
        packet=packet,
        narrative=packet.narrative if payload.narrative is None else payload.narrative,
        target=payload.target,
        revision=payload.revision,
    )


EXPORT_TYPES = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@router.get(
    "/packets/{packet_id}/export",
    response={200: None, **error_responses(403, 404, 422)},
    operation_id="packet_export",
    summary="The packet as a Markdown document or a printable HTML page",
    description="The HTML page is self-contained: its CSS is inline, it runs no script and loads "
    "nothing. " + PACKET_RULES,
    openapi_extra={
        "responses": {
            200: {
                "description": "The document.",
                "content": {
                    media.split(";")[0]: {"schema": {"type": "string"}} for media in EXPORT_TYPES.values()
                },
            }
        }
    },
)
def packet_export(request, query: Query[ExportIn], packet_id: int = packet_id_path()):
    packet = packet_in_reach(request.auth, packet_id)
    if query.format == "html":
        document = packet_html(packet)
        response = HttpResponse(document, content_type=EXPORT_TYPES["html"])
        response["Content-Security-Policy"] = export_policy(document)
        return response
    response = HttpResponse(packet_markdown(packet), content_type=EXPORT_TYPES["markdown"])
    response["Content-Disposition"] = f'attachment; filename="promotion-packet-{packet.pk}.md"'
    return response
