"""Reads about the organisation as a whole: its framework as pages show it, its stored
versions, and its AI maturity. Who may see or record what is asked of `accounts.permissions`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from ladders.accounts.models import Organisation, Person
from ladders.accounts.permissions import can_manage_frameworks, can_record_maturity
from ladders.core.checks import describe_rule
from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import FrameworkVersion, MaturityAssessment
from ladders.reports.framework_markdown import years


def framework_browser(*, org: Organisation) -> dict[str, Any]:
    """The active framework as pages show it, with every gate's rule in words."""
    version, fw = active_framework(org)
    scale = fw.rating_scale
    categories = [
        {
            "category": category,
            "skills": [fw.skill_by_id[s] for s in fw.skills_by_category.get(category.id, [])],
        }
        for category in fw.category_list
    ]
    return {
        "version": version,
        "framework": fw,
        "levels": [
            {
                "level": level,
                "years": years(level.experience_years),
                "gates": [
                    {"gate": gate, "rule": describe_rule(gate.rule, fw, level.id)} for gate in level.gates
                ],
            }
            for level in fw.levels
        ],
        "categories": [c for c in categories if c["skills"]],
        "ratings": [v for v in scale.values if v.value > scale.min],
        "transitions": [
            {"from": fw.level_by_id[t.from_], "to": fw.level_by_id[t.to], "transition": t}
            for t in fw.transitions
        ],
    }


def maturity_overview(*, viewer: Person) -> dict[str, Any]:
    """The organisation's latest maturity result and whether the viewer may record a new one."""
    _, fw = active_framework(viewer.org)
    records = MaturityAssessment.objects.filter(org_id=viewer.org_id, team__isnull=True).select_related(
        "created_by"
    )
    return {
        "framework": fw,
        "latest": records.first(),
        "recent": list(records[:6]),
        "can_record": can_record_maturity(viewer),
    }


def framework_versions(*, org: Organisation) -> list[FrameworkVersion]:
    active_version(org)  # an organisation always has one
    return list(FrameworkVersion.objects.filter(org=org).select_related("uploaded_by").order_by("-created"))


def framework_version_of(*, viewer: Person, version_id: int) -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(org_id=viewer.org_id, pk=version_id).first()
    if version is None or not can_manage_frameworks(viewer):
        raise Http404("No such framework version.")
    return version
