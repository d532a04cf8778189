"""Every write to promotion packets: the triple-pass review, enforced, recorded and announced.

The rules come from `ladders.core.review`; this module applies them to stored records.
Each service locks the packet, checks in this order who is asking (403), that the caller's
copy is current (409), that the packet is in the right state (409) and the input (422),
and only then writes: the packet, one `PacketEvent`, and a mail to whoever acts next.
A refusal raises `ServiceError` and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.selectors import is_in_chain_above
from ladders.core.framework import Framework
from ladders.core.review import (
    Participants,
    ReviewRuleError,
    packet_claims,
    participant_problems,
    review_flags,
    transition,
)
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import framework_of
from ladders.leveling.levels import level_record
from ladders.leveling.models import AssessmentSnapshot, FrameworkVersion
from ladders.leveling.services import StaleEdit, assessment_for
from ladders.leveling.snapshots import evidence_records
from ladders.promotions.inputs import audits_input, text_input, verdicts_input
from ladders.promotions.models import OPEN_STATES, Decision, Packet, PacketEvent
from ladders.promotions.notify import notify
from ladders.promotions.selectors import may_decide, packet_concerns, packet_participants, packet_review_gaps
from ladders.server.errors import Conflict, Forbidden, Invalid, ServiceError

# -- pass 1: the author drafts and submits ---------------------------------------------------


@transaction.atomic
def packet_create(*, actor: Person, person: Person, target: str, narrative: str) -> Packet:
    """A draft packet for `person` to reach `target`, with the engine's claims as of now."""
    if actor.org_id != person.org_id or not (actor.pk == person.pk or is_in_chain_above(actor, person)):
        raise Forbidden(
            "only the person or someone in their management chain can write their promotion packet"
        )
    if Packet.objects.filter(subject=person, state__in=OPEN_STATES).exists():
        raise _open_packet_exists(person)
    narrative = text_input(narrative, "narrative")
    version, fw, result = _engine_view(person)
    _check_target(fw, person, result, target)
    packet = Packet(org_id=person.org_id, subject=person, target=target, author=actor, narrative=narrative)
    _freeze(packet, version, fw, result)
    try:
        with transaction.atomic():
            packet.save()
    except IntegrityError:  # another request opened one between the check and the insert
        raise _open_packet_exists(person) from None
    _record(packet, actor, "create", "", {"target": target, "narrative": narrative})
    return packet


@transaction.atomic
def packet_update(
    *, actor: Person, packet: Packet, narrative: str, revision: int, target: str | None = None
) -> Packet:
    """The author edits a draft; a new target (for example after a framework change) re-reads the engine."""
    packet = _locked(packet)
    _require_author(actor, packet)
    _require_current(packet, revision)
    if packet.state != "draft":
        raise Conflict(f"only a draft can be edited (this packet is {packet.state})")
    packet.narrative = text_input(narrative, "narrative")
    payload: dict[str, Any] = {"narrative": packet.narrative}
    if target is not None and target != packet.target:
        version, fw, result = _engine_view(packet.subject)
        _check_target(fw, packet.subject, result, target)
        packet.target = target
        _freeze(packet, version, fw, result)
        payload["target"] = target
    _save(packet)
    _record(packet, actor, "update", packet.state, payload)
    return packet


@transaction.atomic
def packet_submit(*, actor: Person, packet: Packet, reviewer: Person, revision: int) -> Packet:
    """The author hands the packet to a reviewer; claims and evidence are frozen from now on."""
    packet = _locked(packet)
    _require_author(actor, packet)
    _require_current(packet, revision)
    before = packet.state
    after = _next_state(packet, "submit")
    if not packet.narrative.strip():
        raise Invalid("narrative: write the case for promotion before submitting", field="narrative")
    _require_colleague(packet, reviewer, "reviewer")
    _require_fair(Participants(subject=packet.subject, author=packet.author, reviewer=reviewer), "reviewer")
    version, fw, result = _engine_view(packet.subject)
    _require_above_recorded(fw, packet.subject, packet.target)
    _freeze(packet, version, fw, result)
    packet.reviewer = reviewer
    packet.state = after
    _save(packet)
    _record(
        packet,
        actor,
        "submit",
        before,
        {"reviewer": reviewer.pk, "framework_hash": packet.framework_hash, "claims": packet.claims},
    )
    notify(packet, "submit", actor=actor, to=[reviewer])
    return packet


# -- pass 2: the reviewer gives each claim a verdict -----------------------------------------


@transaction.atomic
def packet_review(
    *,
    actor: Person,
    packet: Packet,
    verdicts: dict[str, dict[str, Any]],
    auditor: Person,
    revision: int,
) -> Packet:
    """Verdicts by check id: {"verdict": one of VERDICTS, "comment": text, "cited": [evidence ids]}.

    A missing verdict or support without evidence is not refused: it is flagged, because
    catching those is what the reviewer of the review (nominated here) is for.
    """
    packet = _locked(packet)
    if actor.pk != packet.reviewer_id:
        raise Forbidden("only the assigned reviewer can review this packet")
    _require_current(packet, revision)
    before = packet.state
    after = _next_state(packet, "review")
    clean = verdicts_input(packet, verdicts)
    _require_colleague(packet, auditor, "auditor")
    _require_fair(
        Participants(
            subject=packet.subject,
            author=packet.author,
            reviewer=packet.reviewer,
            auditor=auditor,
            author_manager=packet.author.manager if packet.author else None,
        ),
        "auditor",
    )
    packet.verdicts = clean
    packet.flags = review_flags(packet.claims, clean, set(packet.evidence))
    packet.auditor = auditor
    packet.state = after
    _save(packet)
    _record(
        packet, actor, "review", before, {"verdicts": clean, "flags": packet.flags, "auditor": auditor.pk}
    )
    notify(packet, "review", actor=actor, to=[auditor])
    return packet


# -- pass 3: the reviewer of the review confirms or challenges each verdict ------------------


@transaction.atomic
def packet_audit(
    *, actor: Person, packet: Packet, audits: dict[str, dict[str, Any]], revision: int
) -> Packet:
    """Audits by check id: {"audit": "confirmed" or "challenged", "comment": text}.

    Every verdict needs an audit; a challenge, or confirming a verdict the system flagged,
    needs a comment saying why. A claim left without a verdict may be audited too.
    """
    packet = _locked(packet)
    if actor.pk != packet.auditor_id:
        raise Forbidden("only the assigned reviewer of the review can audit this packet")
    _require_current(packet, revision)
    before = packet.state
    after = _next_state(packet, "audit")
    clean = audits_input(packet, audits)
    packet.audits = clean
    packet.state = after
    _save(packet)
    _record(packet, actor, "audit", before, {"audits": clean})
    admins = Person.objects.filter(org_id=packet.org_id, role="admin")
    notify(packet, "audit", actor=actor, to=[admin for admin in admins if may_decide(admin, packet)])
    return packet


# -- the decision ----------------------------------------------------------------------------


@transaction.atomic
def packet_decide(
    *,
    actor: Person,
    packet: Packet,
    decision: str,
    reasons: str = "",
    justification: str = "",
    revision: int,
) -> Packet:
    """An admin who took no part in the packet promotes (the level changes today, frozen in a
    snapshot) or says not yet, with reasons.

    Promoting needs both review passes done (409 otherwise), and a written justification
    when the review leaves concerns (`decision_concerns`: a challenged verdict, a check the
    engine finds failing, a flag); it is kept on the packet, its event and the audit trail.
    """
    packet = _locked(packet)
    if not actor.is_admin or actor.org_id != packet.org_id:
        raise Forbidden("only an admin decides a promotion")
    problems = participant_problems(packet_participants(packet, decider=actor))
    if problems:
        raise Forbidden("; ".join(problems))
    _require_current(packet, revision)
    action = "promote" if decision == Decision.PROMOTE else "decline"
    before = packet.state
    after = _next_state(packet, action)
    if decision not in Decision.values:
        raise Invalid(f"decision: must be one of {', '.join(Decision.values)}", field="decision")
    reasons = text_input(reasons, "reasons")
    justification = text_input(justification, "justification")
    if decision == Decision.NOT_YET and not reasons:
        raise Invalid(
            "reasons: say what is missing; the reasons become the person's next plan", field="reasons"
        )
    concerns = packet_concerns(packet)
    if decision == Decision.PROMOTE:
        gaps = packet_review_gaps(packet)
        if gaps:
            raise Conflict(
                "decision: a packet is promoted only once both review passes are done ("
                + "; ".join(gaps)
                + "); say not yet, or reopen it for a full review",
                field="decision",
            )
        if concerns and not justification:
            raise Invalid(
                "justification: promoting despite these concerns needs a written justification: "
                + "; ".join(f"{c['check'] or 'the review'}: {c['detail']}" for c in concerns),
                field="justification",
            )
    payload: dict[str, Any] = {
        "target": packet.target,
        "decision": decision,
        "reasons": reasons,
        "justification": justification,
        "concerns": concerns,
    }
    if decision == Decision.PROMOTE:
        packet.snapshot = _promote(actor, packet)
        payload["snapshot"] = packet.snapshot.pk
        payload["framework_hash"] = packet.snapshot.framework_hash
    packet.decision = decision
    packet.decision_reasons = reasons
    packet.decision_justification = justification
    packet.decided_by = actor
    packet.decided_at = timezone.now()
    packet.state = after
    _save(packet)
    _record(packet, actor, action, before, payload)
    audit(
        actor,
        "promotion.decided",
        org_id=packet.org_id,
        person=packet.subject,
        subject=f"promotion packet {packet.pk}",
        after={k: payload[k] for k in ("decision", "target", "reasons", "justification", "concerns")},
    )
    notify(packet, action, actor=actor, to=[packet.subject, packet.author])
    return packet


@transaction.atomic
def packet_reopen(*, actor: Person, packet: Packet, revision: int) -> Packet:
    """After "not yet", the author starts a new attempt; the earlier one stays in the history."""
    packet = _locked(packet)
    _require_author(actor, packet)
    _require_current(packet, revision)
    before = packet.state
    after = _next_state(packet, "reopen")
    others = Packet.objects.filter(subject_id=packet.subject_id, state__in=OPEN_STATES).exclude(pk=packet.pk)
    if others.exists():
        raise _open_packet_exists(packet.subject)
    previous = {"attempt": packet.attempt, "decision_reasons": packet.decision_reasons}
    packet.attempt += 1
    packet.state = after
    packet.reviewer = packet.auditor = packet.decided_by = packet.decided_at = None
    packet.verdicts, packet.audits, packet.flags = {}, {}, []
    packet.decision = packet.decision_reasons = packet.decision_justification = ""
    version, fw, result = _engine_view(packet.subject)
    if packet.target in fw.level_index:
        _freeze(packet, version, fw, result)
    _save(packet)
    _record(packet, actor, "reopen", before, previous)
    notify(packet, "reopen", actor=actor, to=[packet.subject])
    return packet


# -- helpers ---------------------------------------------------------------------------------


def _locked(packet: Packet) -> Packet:
    return (
        Packet.objects.select_for_update(of=("self",))
        .select_related("subject", "subject__org", "author", "author__manager", "reviewer", "auditor")
        .get(pk=packet.pk)
    )


def _require_author(actor: Person, packet: Packet) -> None:
    if actor.pk != packet.author_id:
        raise Forbidden("only the author of the packet can do this")


def _require_current(packet: Packet, revision: int) -> None:
    if revision != packet.revision:
        raise StaleEdit()


def _next_state(packet: Packet, action: str) -> str:
    try:
        return transition(packet.state, action)
    except ReviewRuleError as error:
        raise Conflict(str(error)) from None


def _require_colleague(packet: Packet, person: Person | None, field: str) -> None:
    if not isinstance(person, Person) or person.org_id != packet.org_id:
        raise Invalid(f"{field}: choose someone in the organisation", field=field)
    if not person.user.is_active:
        raise Invalid(f"{field}: {person.name} can no longer sign in", field=field)


def _require_fair(people: Participants, field: str) -> None:
    problems = participant_problems(people)
    if problems:
        raise Forbidden(f"{field}: " + "; ".join(problems), field=field)


def _engine_view(person: Person) -> tuple[FrameworkVersion, Framework, dict[str, Any]]:
    """The live assessment and the framework version it was made with."""
    result = assessment_for(person)
    version = FrameworkVersion.objects.get(org_id=person.org_id, content_hash=result["framework"]["hash"])
    return version, framework_of(version), result


def _current_level(fw: Framework, person: Person, result: dict[str, Any]) -> str:
    """The recorded level; the assessed one for someone never levelled under this framework."""
    return person.level if person.level in fw.level_index else result["level"]


def _require_level(fw: Framework, target: Any, *, error: type[ServiceError] = Conflict) -> None:
    """The target must still be a level after an admin activates another framework version."""
    if not isinstance(target, str) or target not in fw.level_index:
        raise error(
            f"target: '{target}' is not a level of the active framework "
            f"(expected one of: {', '.join(fw.level_index)}); the author can change the target of a draft",
            field="target",
        )


def _require_above_recorded(fw: Framework, person: Person, target: str) -> None:
    """Between drafting and deciding, a sign-off may have levelled the person up already."""
    _require_level(fw, target)
    if person.level in fw.level_index and fw.level_index[person.level] >= fw.level_index[target]:
        raise Conflict(
            f"{person.name} is already {fw.level_by_id[person.level].name}, not below "
            f"{fw.level_by_id[target].name}; a packet must aim above the recorded level",
            field="target",
        )


def _check_target(fw: Framework, person: Person, result: dict[str, Any], target: Any) -> None:
    """A new target: a level of the active framework, above the person's current one."""
    _require_level(fw, target, error=Invalid)
    current = _current_level(fw, person, result)
    if fw.level_index[target] <= fw.level_index[current]:
        raise Invalid(
            f"target: {person.name} is already {fw.level_by_id[current].name}; choose a level above it",
            field="target",
        )


def _freeze(packet: Packet, version: FrameworkVersion, fw: Framework, result: dict[str, Any]) -> None:
    as_of = date.fromisoformat(result["as_of"])
    packet.claims = packet_claims(fw, result, packet.target)
    packet.assessment = result
    packet.framework = version
    packet.framework_hash = fw.content_hash
    packet.evidence = evidence_records(packet.subject, as_of=as_of)


def _promote(actor: Person, packet: Packet) -> AssessmentSnapshot:
    """Move the person to the target level from today and freeze the assessment it rests on."""
    person = Person.objects.select_for_update().get(pk=packet.subject_id)
    version, fw, result = _engine_view(person)
    _require_above_recorded(fw, person, packet.target)
    snapshot = level_record(
        actor=actor,
        person=person,
        version=version,
        result=result,
        as_of=timezone.localdate(),
        reason=f"promotion packet {packet.pk}",
        level=packet.target,
    )
    packet.subject = person
    return snapshot


def _save(packet: Packet) -> None:
    packet.revision += 1
    packet.save()


def _record(packet: Packet, actor: Person, action: str, from_state: str, payload: dict[str, Any]) -> None:
    PacketEvent.objects.create(
        packet=packet,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=packet.state,
        payload=payload,
    )


def _open_packet_exists(person: Person) -> ServiceError:
    return Conflict(f"{person.name} already has a promotion packet in progress; finish or decide it first")
