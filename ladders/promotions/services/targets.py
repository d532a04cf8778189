"""How a packet reads the engine: the level it aims at, and the claims and evidence it freezes.

Between drafting and deciding an admin may activate another framework version, or a
sign-off may level the person up; these checks catch both before a step goes through.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ladders.accounts.models import Person
from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult
from ladders.core.review import packet_claims
from ladders.leveling.frameworks import framework_of
from ladders.leveling.models import FrameworkVersion
from ladders.leveling.services import assessment_for
from ladders.leveling.snapshots import evidence_records
from ladders.promotions.models import Packet
from ladders.promotions.selectors import current_level
from ladders.server.errors import Conflict, Invalid, ServiceError


def engine_view(person: Person) -> tuple[FrameworkVersion, Framework, AssessmentResult]:
    """The live assessment and the framework version it was made with."""
    result = assessment_for(person)
    version = FrameworkVersion.objects.get(org_id=person.org_id, content_hash=result["framework"]["hash"])
    return version, framework_of(version), result


def require_level(fw: Framework, target: Any, *, error: type[ServiceError] = Conflict) -> None:
    """The target must still be a level after an admin activates another framework version."""
    if not isinstance(target, str) or target not in fw.level_index:
        raise error(
            f"target: '{target}' is not a level of the active framework "
            f"(expected one of: {', '.join(fw.level_index)}); the author can change the target of a draft",
            field="target",
        )


def require_above_recorded(fw: Framework, person: Person, target: str) -> None:
    """Between drafting and deciding, a sign-off may have levelled the person up already."""
    require_level(fw, target)
    if person.level in fw.level_index and fw.level_index[person.level] >= fw.level_index[target]:
        raise Conflict(
            f"{person.name} is already {fw.level_by_id[person.level].name}, not below "
            f"{fw.level_by_id[target].name}; a packet must aim above the recorded level",
            field="target",
        )


def check_target(fw: Framework, person: Person, result: AssessmentResult, target: Any) -> None:
    """A new target: a level of the active framework, above the person's current one."""
    require_level(fw, target, error=Invalid)
    current = current_level(fw, person, result)
    if fw.level_index[target] <= fw.level_index[current]:
        raise Invalid(
            f"target: {person.name} is already {fw.level_by_id[current].name}; choose a level above it",
            field="target",
        )


def freeze(packet: Packet, version: FrameworkVersion, fw: Framework, result: AssessmentResult) -> None:
    as_of = date.fromisoformat(result["as_of"])
    packet.claims = packet_claims(fw, result, packet.target)
    packet.assessment = result
    packet.framework = version
    packet.framework_hash = fw.content_hash
    packet.evidence = evidence_records(packet.subject, as_of=as_of)
