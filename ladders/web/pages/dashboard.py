"""The dashboard's additions to `person_dashboard` (pay, promotion links) and a frozen assessment."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_author_packet
from ladders.cycles.selectors import dashboard_tasks
from ladders.leveling.audit import person_record_changes
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.leveling.pay import pay_position
from ladders.leveling.selectors import person_dashboard, snapshot_citations, snapshot_for_viewer
from ladders.promotions.packet_view import packet_target_name
from ladders.promotions.selectors import next_plan_of, open_packet_of, packets_visible_to
from ladders.server.errors import ServiceError
from ladders.web.pages.packets import packets_waiting_rows


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
        target = packet_target_name(packet) if packet else plan["target"]
        plan = {**plan, "packet": packet, "target_name": target}
    context["next_plan"] = plan
    context["open_packet"] = open_packet_of(viewer, person)
    context["can_write_packet"] = can_author_packet(viewer, person)
    # On my own dashboard, the promotion packets whose next step is mine come first.
    context["packets_waiting"] = packets_waiting_rows(viewer) if viewer.pk == person.pk else []
    context["tasks"] = dashboard_tasks(viewer=viewer) if viewer.pk == person.pk else None
    context["record_changes"] = person_record_changes(viewer=viewer, person=person)
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
