"""What the promotion, calibration, framework-review, pay and history pages show.

Each function gathers one page's context from the selectors of the service layers
(promotions, leveling, accounts) and shapes it for a template: names looked up in the
framework a record was made with, rows in reading order. Nothing here writes, and no rule
is decided here: who may see what is the selectors', what is allowed is the services'.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404

from ladders.accounts.models import Person, Team
from ladders.accounts.selectors import is_in_chain_above, people_visible_to, person_for_viewer
from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult
from ladders.core.review import Participants, participant_problems
from ladders.leveling.calibration import calibration_tables
from ladders.leveling.framework_review import version_diff, version_what_if
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.leveling.models import SalaryBand
from ladders.leveling.pay import band_list, pay_position
from ladders.leveling.selectors import (
    framework_version_of,
    person_dashboard,
    snapshot_citations,
    snapshot_for_viewer,
)
from ladders.leveling.services import assessment_for
from ladders.promotions.models import OPEN_STATES, Packet
from ladders.promotions.selectors import (
    next_plan_of,
    packet_concerns,
    packet_events,
    packet_for_viewer,
    packet_review_gaps,
    packets_awaiting,
    packets_visible_to,
)
from ladders.server.errors import ServiceError

PACKETS_PER_PAGE = 50

# What the person whose turn it is does next, by packet state (the workflow's own words).
NEXT_STEP = {
    "draft": "edit and submit",
    "submitted": "review the claims",
    "reviewed": "review the review",
    "audited": "decide",
    "not_yet": "reopen for a new attempt",
}


def _framework_of_packet(packet: Packet) -> Framework:
    """The framework a packet was made with; its level ids mean nothing in another version."""
    if packet.framework is not None:
        return framework_of(packet.framework)
    return active_framework(packet.subject.org)[1]


def _target_name(packet: Packet) -> str:
    fw = _framework_of_packet(packet)
    level = fw.level_by_id.get(packet.target)
    return level.name if level else packet.target


# -- the dashboard's additions ------------------------------------------------------------


def _history_with_snapshots(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each history row with the id of its snapshot, for the link to the frozen assessment."""
    return [{**row, "snapshot_id": row["id"]} for row in history]


def pay_section(*, viewer: Person, person: Person) -> dict[str, Any] | None:
    """The pay section, or None when the viewer may not see this person's pay (or there is none)."""
    try:
        position = pay_position(viewer=viewer, person=person)
    except Http404:
        return None
    except ServiceError as error:
        return {"position": None, "problem": str(error)}
    if position is None and person.base_salary is None:
        return None  # nothing on record: no section to show
    return {"position": position, "problem": ""}


def dashboard_page(*, viewer: Person, person: Person) -> dict[str, Any]:
    """`person_dashboard` plus pay, the last "not yet" and the promotion packet links."""
    context = person_dashboard(viewer=viewer, person=person)
    context["history"] = _history_with_snapshots(context["history"])
    context["pay"] = pay_section(viewer=viewer, person=person)
    plan = next_plan_of(person)
    if plan is not None:
        packet = packets_visible_to(viewer).filter(pk=plan["packet"]).first()
        plan = {**plan, "packet": packet, "target_name": _target_name(packet) if packet else plan["target"]}
    context["next_plan"] = plan
    context["open_packet"] = packets_visible_to(viewer).filter(subject=person, state__in=OPEN_STATES).first()
    context["can_write_packet"] = viewer.pk == person.pk or is_in_chain_above(viewer, person)
    return context


def snapshot_page(*, viewer: Person, person_id: int, snapshot_id: int) -> dict[str, Any]:
    """A frozen assessment, shown against the framework version it was made with.

    Cited evidence comes from the copy the snapshot took, never from today's records.
    """
    snapshot = snapshot_for_viewer(viewer, person_id, snapshot_id)
    person = snapshot.person
    fw = framework_of(snapshot.framework)
    result = snapshot.result or {}
    gates = [
        {
            **gate,
            "checks": [
                {**check, "cited": snapshot_citations(snapshot, check.get("evidence", []))}
                for check in gate.get("checks", [])
            ],
        }
        for gate in result.get("gates", [])
    ]
    _, active = active_framework(person.org)
    return {
        "person": person,
        "snapshot": snapshot,
        "framework": fw,
        "result": result,
        "gates": gates,
        "complete": bool(result.get("gates")) and bool(result.get("skills")),
        "is_current_framework": fw.content_hash == active.content_hash,
        "is_self": viewer.pk == person.pk,
    }


# -- promotion packets -----------------------------------------------------------------------


def packet_list_page(*, viewer: Person, page: int = 1) -> dict[str, Any]:
    awaiting = list(packets_awaiting(viewer).order_by("updated", "id"))
    paginator = Paginator(packets_visible_to(viewer), PACKETS_PER_PAGE)
    shown = paginator.get_page(page)
    return {
        "awaiting": [
            {"packet": p, "target_name": _target_name(p), "step": NEXT_STEP.get(p.state, "")}
            for p in awaiting
        ],
        "rows": [{"packet": p, "target_name": _target_name(p)} for p in shown],
        "page": shown.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
    }


def _current_level(fw: Framework, person: Person, result: AssessmentResult) -> str:
    return person.level if person.level in fw.level_index else result["level"]


def packet_new_page(*, viewer: Person, person_id: int) -> dict[str, Any]:
    """Who the packet is for, the levels above theirs, and any packet already in progress."""
    person = person_for_viewer(viewer, person_id)
    _, fw = active_framework(person.org)
    result = assessment_for(person)
    current = _current_level(fw, person, result)
    return {
        "person": person,
        "framework": fw,
        "result": result,
        "current_level": fw.level_by_id[current],
        "targets": fw.levels[fw.level_index[current] + 1 :],
        "open_packet": packets_visible_to(viewer).filter(subject=person, state__in=OPEN_STATES).first(),
        "can_author": viewer.pk == person.pk or is_in_chain_above(viewer, person),
    }


def _colleagues(packet: Packet) -> list[Person]:
    return list(
        Person.objects.filter(org_id=packet.org_id, user__is_active=True)
        .select_related("team")
        .order_by("name", "pk")
    )


def eligible_reviewers(packet: Packet) -> list[Person]:
    """Everyone the review rules allow as the pass-2 reviewer of this packet."""
    return [
        person
        for person in _colleagues(packet)
        if not participant_problems(
            Participants(subject=packet.subject, author=packet.author, reviewer=person)
        )
    ]


def eligible_auditors(packet: Packet) -> list[Person]:
    """Everyone the review rules allow as the reviewer of the review (pass 3)."""
    manager = packet.author.manager if packet.author else None
    return [
        person
        for person in _colleagues(packet)
        if not participant_problems(
            Participants(
                subject=packet.subject,
                author=packet.author,
                reviewer=packet.reviewer,
                auditor=person,
                author_manager=manager,
            )
        )
    ]


def _evidence_rows(packet: Packet, fw: Framework, slugs: list[str]) -> list[dict[str, Any]]:
    rows = []
    for slug in slugs:
        item = packet.evidence.get(slug)
        kind = fw.kind_by_id.get(item["kind"]) if item else None
        rows.append(
            {
                "id": slug,
                "title": item["title"] if item else None,
                "date": item["date"] if item else None,
                "outcome": item.get("outcome", "") if item else "",
                "kind": kind.name if kind else (item["kind"] if item else ""),
            }
        )
    return rows


def _claims(packet: Packet, fw: Framework) -> list[dict[str, Any]]:
    rows = []
    for index, claim in enumerate(packet.claims):
        verdict = packet.verdicts.get(claim["check"]) or {}
        audit = packet.audits.get(claim["check"]) or {}
        level = fw.level_by_id.get(claim["level"])
        rows.append(
            {
                "index": index,
                "claim": claim,
                "level_name": level.name if level else claim["level"],
                "evidence": _evidence_rows(packet, fw, claim["evidence"]),
                "verdict": verdict.get("verdict"),
                "verdict_comment": verdict.get("comment", ""),
                "cited": _evidence_rows(packet, fw, verdict.get("cited", [])),
                "audit": audit.get("audit"),
                "audit_comment": audit.get("comment", ""),
                "flags": [f for f in packet.flags if f["check"] == claim["check"]],
            }
        )
    return rows


def _concerns(packet: Packet, fw: Framework) -> list[dict[str, Any]]:
    """What the decider must weigh, each with the title of the check it is about."""
    titles = {gate.id: gate.title for level in fw.levels for gate in level.gates}
    return [
        {**concern, "title": titles.get(concern["check"], concern["check"]) if concern["check"] else ""}
        for concern in packet_concerns(packet)
    ]


def _waiting_for(packet: Packet) -> str:
    """Whose turn it is, in words; a decision is for any admin who took no part in the packet."""
    person = {
        "draft": packet.author,
        "submitted": packet.reviewer,
        "reviewed": packet.auditor,
        "not_yet": packet.author,
    }.get(packet.state)
    if person is not None:
        return person.name
    return "an admin" if packet.state == "audited" else ""


def packet_page(*, viewer: Person, packet_id: int, acting: str | None = None) -> dict[str, Any]:
    """The packet as its viewer sees it, and which step (if any) is the viewer's to take.

    `acting` names the step a form was posted for, so its choices are there to show it again.
    """
    packet = packet_for_viewer(viewer, packet_id)
    fw = _framework_of_packet(packet)
    my_turn = packets_awaiting(viewer).filter(pk=packet.pk).exists()
    # After "not yet" nothing waits, but the author may start the next attempt.
    may_reopen = packet.state == "not_yet" and viewer.pk == packet.author_id
    step = packet.state if my_turn or may_reopen else None
    context: dict[str, Any] = {
        "packet": packet,
        "framework": fw,
        "target_name": _target_name(packet),
        "claims": _claims(packet, fw),
        "evidence": _evidence_rows(packet, fw, list(packet.evidence)),
        "packet_flags": [f for f in packet.flags if f["check"] is None],
        "events": list(packet_events(packet)),
        "step": step,
        "next_step": NEXT_STEP.get(packet.state, ""),
        "waiting_for": _waiting_for(packet),
        "is_subject": viewer.pk == packet.subject_id,
        "concerns": _concerns(packet, fw) if packet.state in ("audited", "promoted") else [],
        "review_gaps": packet_review_gaps(packet) if packet.state == "audited" else [],
    }
    form_step = acting or step
    if form_step == "draft":
        result = assessment_for(packet.subject)
        _, active = active_framework(packet.subject.org)
        current = _current_level(active, packet.subject, result)
        context["targets"] = active.levels[active.level_index[current] + 1 :]
        context["reviewers"] = eligible_reviewers(packet)
    elif form_step == "submitted":
        context["auditors"] = eligible_auditors(packet)
    return context


# -- calibration -----------------------------------------------------------------------------


def calibration_page(
    *, viewer: Person, team_id: int | None = None, manager_id: int | None = None
) -> dict[str, Any]:
    """Every calibration table and the teams and managers it can be narrowed to."""
    data = calibration_tables(viewer=viewer, team_id=team_id, manager_id=manager_id)
    _, fw = active_framework(viewer.org)
    visible = people_visible_to(viewer)
    teams = Team.objects.filter(pk__in=visible.exclude(team=None).values("team_id")).order_by("name")
    managers = visible.filter(pk__in=visible.exclude(manager=None).values("manager_id")).order_by("name")
    return {**data, "fw": fw, "teams": list(teams), "managers": list(managers)}


# -- framework versions ----------------------------------------------------------------------


def _gates_by_id(fw: Framework) -> dict[str, Any]:
    return {gate.id: gate for level in fw.levels for gate in level.gates}


def _names(fw: Framework) -> dict[str, dict[str, str]]:
    return {
        "levels": {level.id: level.name for level in fw.levels},
        "skills": {skill.id: skill.name for skill in fw.skills},
        "evidence_kinds": {kind.id: kind.name for kind in fw.evidence_kinds},
        "gates": {gate_id: gate.title for gate_id, gate in _gates_by_id(fw).items()},
    }


DIFF_SECTIONS = (
    ("levels", "Levels"),
    ("skills", "Skills and rubric text"),
    ("gates", "Gates"),
    ("evidence_kinds", "Evidence kinds"),
)


def framework_preview(*, viewer: Person, version_id: int) -> dict[str, Any]:
    """What activating a stored version would change: the diff, and whom it would move and why."""
    version = framework_version_of(viewer=viewer, version_id=version_id)
    new = framework_of(version)
    active_version, old = active_framework(viewer.org)
    diff = version_diff(actor=viewer, version=version)
    old_names, new_names = _names(old), _names(new)
    sections = []
    for key, title in DIFF_SECTIONS:
        part = diff[key]
        sections.append(
            {
                "key": key,
                "title": title,
                "added": [(i, new_names[key].get(i, i)) for i in part["added"]],
                "removed": [(i, old_names[key].get(i, i)) for i in part["removed"]],
                "changed": [
                    {
                        "id": change["id"],
                        "name": new_names[key].get(change["id"], change["id"]),
                        "fields": [
                            {"field": name, "old": values["old"], "new": values["new"]}
                            for name, values in change["fields"].items()
                        ],
                    }
                    for change in part["changed"]
                ],
            }
        )
    moves = []
    for row in version_what_if(actor=viewer, version=version):
        moves.append(
            {
                **row,
                "from_name": old_names["levels"].get(row["from"], row["from"]),
                "to_name": new_names["levels"].get(row["to"], row["to"]),
                "because": [
                    {
                        **flip,
                        "title": new_names["gates"].get(flip["check"])
                        or old_names["gates"].get(flip["check"], flip["check"]),
                    }
                    for flip in row["because"]
                ],
            }
        )
    return {
        "version": version,
        "framework": new,
        "active_version": active_version,
        "active": old,
        "same": diff["same"],
        "sections": sections,
        "changes": sum(len(s["added"]) + len(s["removed"]) + len(s["changed"]) for s in sections),
        "moves": moves,
    }


# -- salary bands ----------------------------------------------------------------------------


def bands_page(*, viewer: Person) -> dict[str, Any]:
    rows = band_list(viewer=viewer)
    return {"rows": rows, "framework": active_framework(viewer.org)[1]}


def band_for_admin(*, viewer: Person, band_id: int) -> dict[str, Any]:
    """One band of the admin's organisation, as `band_list` shows it; 404 for anyone else."""
    band = SalaryBand.objects.filter(org_id=viewer.org_id, pk=band_id).first()
    if band is None or not viewer.is_admin:
        raise Http404("No such band.")
    _, fw = active_framework(viewer.org)
    level = fw.level_by_id.get(band.level)
    return {"band": band, "framework": fw, "level_name": level.name if level else band.level}
