"""Pay: bands per level, market and currency, and where a person sits against them.

Bands are an organisation's own data (a separate file), while the premiums and jumps are
framework policy. Nothing here invents a band: a level without one reports no band.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

from pydantic import Field, model_validator

from ladders.core.checks import Check, Facts, is_measurable
from ladders.core.errors import InputError, unknown_message
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem, Profile
from ladders.core.results import CompensationPosition
from ladders.core.rules import Id
from ladders.core.validation import Strict, free_text, validate_document
from ladders.core.yamlsource import load_yaml_file

Money = Annotated[float, Field(ge=0, lt=1e9)]


class Band(Strict):
    level: Id
    market: Id
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    min: Money
    max: Money

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.max < self.min:
            raise ValueError("max must not be below min")
        return self


class Bands(Strict):
    source: Annotated[str, free_text(500)] | None = None
    bands: list[Band]

    def find(self, level: str, market: str, currency: str) -> Band | None:
        for band in self.bands:
            if band.level == level and band.market == market and band.currency == currency:
                return band
        return None


def bands_load(path: str | Path, fw: Framework) -> Bands:
    """Read a bands file; every band must name a level of `fw` and appear once."""
    document = load_yaml_file(path)
    bands = validate_document(Bands, document)
    problems = []
    seen: set[tuple[str, str, str]] = set()
    for i, band in enumerate(bands.bands):
        if band.level not in fw.level_index:
            problems.append(
                document.where.problem(
                    ("bands", i, "level"),
                    unknown_message("level", band.level, fw.level_index),
                )
            )
        key = (band.level, band.market, band.currency)
        if key in seen:
            problems.append(document.where.problem(("bands", i), f"a second band for {'/'.join(key)}"))
        seen.add(key)
    if problems:
        raise InputError(problems)
    return bands


def _strength(fw: Framework, item: EvidenceItem) -> tuple[int, int, int]:
    """Bigger scope first, then real users, then the most recent."""
    # Loading a profile gives every item a scope; the model still allows None.
    return (fw.scope_rank[cast(str, item.scope)], item.users == "real", item.date.toordinal())


def compensation_position(
    fw: Framework,
    profile: Profile,
    level: str,
    next_level: str | None,
    bands: Bands,
    facts: Facts,
    premium_checks: list[Check],
) -> CompensationPosition | None:
    """Where the person's base sits in their level's band, and what they can argue for.

    The negotiation brief lists measured outcomes of practice evidence only: a finished
    course is not a business result.
    """
    comp = profile.compensation
    if comp is None:
        return None
    base = comp.base
    band = bands.find(level, comp.market, comp.currency)
    out: CompensationPosition = {
        "base": base,
        "currency": comp.currency,
        "market": comp.market,
        "level": level,
        "band": None,
        "position": None,
        "placement": None,
        "premiums": [],
        "jump": None,
        "negotiation_brief": [],
    }
    if band is not None:
        span = band.max - band.min
        position = (base - band.min) / span if span else 1.0
        out["band"] = {"min": band.min, "max": band.max}
        out["position"] = round(position, 4)
        out["placement"] = "below band" if base < band.min else "above band" if base > band.max else "in band"
    policy = fw.compensation
    if policy is not None:
        for premium, check in zip(policy.premiums, premium_checks, strict=True):
            outcome = check(facts)
            low, high = premium.percent
            out["premiums"].append(
                {
                    "id": premium.id,
                    "name": premium.name,
                    "eligible": outcome.passed,
                    "percent": [low, high],
                    "range": [round(base * (1 + low / 100), 2), round(base * (1 + high / 100), 2)]
                    if outcome.passed
                    else None,
                    "evidence": outcome.evidence,
                    "detail": outcome.detail,
                }
            )
        for jump in policy.jumps:
            if jump.from_ == level and jump.to == next_level:
                low, high = jump.percent
                next_band = bands.find(jump.to, comp.market, comp.currency)
                out["jump"] = {
                    "from": jump.from_,
                    "to": jump.to,
                    "percent": [low, high],
                    "range": [round(base * (1 + low / 100), 2), round(base * (1 + high / 100), 2)],
                    "next_band": {"min": next_band.min, "max": next_band.max} if next_band else None,
                    "description": jump.description,
                }
    practice = {kind.id for kind in fw.evidence_kinds if kind.type == "practice"}
    measured = [
        item
        for kind, items in facts.by_kind.items()
        if kind in practice
        for item in items
        if is_measurable(item.outcome)
    ]
    measured.sort(key=lambda item: _strength(fw, item), reverse=True)
    out["negotiation_brief"] = [
        {"evidence": cast(str, item.id), "title": item.title, "outcome": item.outcome, "scope": item.scope}
        for item in measured
    ]
    return out
