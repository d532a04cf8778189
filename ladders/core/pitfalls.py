"""Pitfalls: patterns that do not block a level but slow the climb to the next one."""

from __future__ import annotations

from ladders.core.checks import Facts, is_measurable
from ladders.core.framework import Framework, Pitfall
from ladders.core.profile import EvidenceItem, Profile
from ladders.core.results import GrowthCeiling, PitfallResult


def pitfalls_of(
    fw: Framework, profile: Profile, facts: Facts, evidence: list[EvidenceItem], reached: int
) -> list[PitfallResult]:
    """Every pitfall of the framework that this profile shows, in framework order."""
    next_level = fw.levels[reached + 1] if reached + 1 < len(fw.levels) else None
    found: list[PitfallResult] = []
    for pitfall in fw.pitfalls:
        hit = _DETECTORS[pitfall.type](fw, pitfall, profile, facts, evidence, next_level)
        if hit is not None:
            detail, ids = hit
            found.append(
                {
                    "id": pitfall.id,
                    "title": pitfall.title,
                    "detail": detail,
                    "advice": pitfall.advice,
                    "evidence": ids,
                }
            )
    return found


Hit = tuple[str, list[str]] | None


def _learning_without_practice(fw, pitfall: Pitfall, profile, facts: Facts, evidence, next_level) -> Hit:
    assert pitfall.window_days is not None and pitfall.min_learning is not None  # the loader requires both
    kinds = fw.kind_by_id
    # Days between the dates rather than as_of minus the window, which leaves the calendar
    # for an as_of in year 1.
    recent = [item for item in evidence if (facts.as_of - item.date).days <= pitfall.window_days]
    learning = [item.id for item in recent if kinds[item.kind].type == "learning"]
    practice = [item for item in recent if kinds[item.kind].type == "practice"]
    if len(learning) >= pitfall.min_learning and not practice:
        return (
            f"{len(learning)} learning items and no practice evidence in the "
            f"{pitfall.window_days} days before {facts.as_of.isoformat()}",
            learning,
        )
    return None


def _outcome_missing(fw, pitfall: Pitfall, profile, facts: Facts, evidence, next_level) -> Hit:
    kinds = set(pitfall.kinds or ())
    missing = [item for item in evidence if item.kind in kinds and not is_measurable(item.outcome)]
    if not missing:
        return None
    listing = "; ".join(f"{item.id} ({item.title})" for item in missing)
    return f"no number in the outcome of: {listing}", [item.id for item in missing]


def _no_time_on_growth(fw, pitfall: Pitfall, profile: Profile, facts, evidence, next_level) -> Hit:
    allocation = profile.time_allocation
    if allocation is None or next_level is None or not next_level.growth_activities:
        return None
    names = {a.id: a.name for a in fw.activities}
    zero = [a for a in next_level.growth_activities if allocation.get(a, 0) == 0]
    if not zero:
        return None
    listing = ", ".join(names[a] for a in zero)
    return f"0% of time on {listing}, which {next_level.name} work needs", []


def _org_ceiling(fw, pitfall: Pitfall, profile: Profile, facts, evidence, next_level) -> Hit:
    ceiling = growth_ceiling(fw, profile, None)
    if ceiling is None or next_level is None:
        return None
    if fw.level_index[next_level.id] > fw.level_index[ceiling["level"]]:
        return (
            f"org AI maturity {ceiling['org_maturity']} ({ceiling['maturity_name']}) supports growth "
            f"up to {ceiling['level_name']}, below {next_level.name}",
            [],
        )
    return None


_DETECTORS = {
    "learning_without_practice": _learning_without_practice,
    "outcome_missing": _outcome_missing,
    "no_time_on_growth_activities": _no_time_on_growth,
    "org_ceiling": _org_ceiling,
}


def growth_ceiling(fw: Framework, profile: Profile, reached: int | None) -> GrowthCeiling | None:
    """The highest level the person's organisation gives the problems to grow into."""
    if profile.org_maturity is None or fw.maturity is None:
        return None
    mlevel = fw.maturity.levels[profile.org_maturity - 1]
    ceiling = fw.level_by_id[mlevel.supports_level]
    out: GrowthCeiling = {
        "org_maturity": profile.org_maturity,
        "maturity_name": mlevel.name,
        "level": ceiling.id,
        "level_name": ceiling.name,
    }
    if reached is not None:
        out["at_ceiling"] = reached >= fw.level_index[ceiling.id]
    return out
