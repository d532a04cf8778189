"""One packet as every reader sees it: its claims with evidence, verdicts, audits and flags.

The packet page, the JSON API and the Markdown and HTML exports all render `packet_view`,
so a claim, its evidence and its verdict read the same everywhere, and names (of levels,
evidence kinds and checks) come from one framework: the version the packet was frozen
with, or the organisation's active one for a packet that has none. Ids are kept next to
names: the API shows ids, people read names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ladders.core.framework import Framework
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.promotions.models import Packet, PacketEvent
from ladders.promotions.selectors import packet_concerns, packet_events, packet_review_gaps
from ladders.reports import kind_name, level_name


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """A piece of the subject's evidence as frozen in the packet; title None when it has no such item."""

    id: str
    title: str | None
    kind: str | None
    kind_name: str
    date: str | None
    outcome: str
    scope: str | None
    source: dict[str, Any] | None = None  # where an accepted suggestion came from


@dataclass(frozen=True, slots=True)
class Verdict:
    """Pass 2 on one claim; `verdict` is None when the reviewer left the claim open."""

    verdict: str | None
    comment: str
    cited: list[EvidenceRow]


@dataclass(frozen=True, slots=True)
class Audit:
    """Pass 3 on one verdict: confirmed or challenged."""

    audit: str
    comment: str


@dataclass(frozen=True, slots=True)
class Flag:
    """A review failure the system found in pass 2; `check` is None for the review as a whole."""

    flag: str
    check: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class Concern:
    """What a decider weighs before promoting, with the title of the check it is about ("" if none)."""

    concern: str
    check: str | None
    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    index: int
    check: str
    level: str
    level_name: str
    title: str
    engine_passed: bool
    detail: str
    evidence: list[EvidenceRow]
    verdict: Verdict | None
    audit: Audit | None
    flags: list[Flag]


@dataclass(frozen=True, slots=True)
class PacketView:
    packet: Packet
    revision: int
    framework: Framework
    target_name: str
    claims: list[ClaimRow]
    evidence: list[EvidenceRow]
    flags: list[Flag]
    concerns: list[Concern]
    review_gaps: list[str]
    events: list[PacketEvent]

    @property
    def packet_flags(self) -> list[Flag]:
        """The flags about the review as a whole rather than one claim."""
        return [flag for flag in self.flags if flag.check is None]


def packet_framework(packet: Packet) -> Framework:
    """The framework a packet was made with; its level ids mean nothing in another version."""
    if packet.framework is not None:
        return framework_of(packet.framework)
    return active_framework(packet.subject.org)[1]


def packet_target_name(packet: Packet) -> str:
    """The name of the level the packet aims at, as its own framework calls it."""
    return level_name(packet_framework(packet), packet.target)


def packet_view(packet: Packet) -> PacketView:
    """Everything a packet shows, in reading order, named from its own framework."""
    fw = packet_framework(packet)
    flags = [Flag(flag=f["flag"], check=f["check"], detail=f["detail"]) for f in packet.flags]
    titles = {gate.id: gate.title for level in fw.levels for gate in level.gates}
    return PacketView(
        packet=packet,
        revision=packet.revision,
        framework=fw,
        target_name=level_name(fw, packet.target),
        claims=[_claim(packet, fw, index, claim, flags) for index, claim in enumerate(packet.claims)],
        evidence=[_evidence(packet, fw, slug) for slug in packet.evidence],
        flags=flags,
        concerns=[
            Concern(
                concern=c["concern"],
                check=c["check"],
                title=titles.get(c["check"], c["check"]) if c["check"] else "",
                detail=c["detail"],
            )
            for c in packet_concerns(packet)
        ],
        review_gaps=packet_review_gaps(packet),
        events=list(packet_events(packet)),
    )


def _claim(packet: Packet, fw: Framework, index: int, claim: dict[str, Any], flags: list[Flag]) -> ClaimRow:
    check = claim["check"]
    verdict = packet.verdicts.get(check)
    audit = packet.audits.get(check)
    return ClaimRow(
        index=index,
        check=check,
        level=claim["level"],
        level_name=level_name(fw, claim["level"]),
        title=claim["title"],
        engine_passed=claim["engine_passed"],
        detail=claim["detail"],
        evidence=[_evidence(packet, fw, slug) for slug in claim["evidence"]],
        verdict=Verdict(
            verdict=verdict.get("verdict"),
            comment=verdict.get("comment", ""),
            cited=[_evidence(packet, fw, slug) for slug in verdict.get("cited", [])],
        )
        if verdict
        else None,
        audit=Audit(audit=audit["audit"], comment=audit.get("comment", "")) if audit else None,
        flags=[flag for flag in flags if flag.check == check],
    )


def _evidence(packet: Packet, fw: Framework, slug: str) -> EvidenceRow:
    item = packet.evidence.get(slug)
    if item is None:
        return EvidenceRow(id=slug, title=None, kind=None, kind_name="", date=None, outcome="", scope=None)
    return EvidenceRow(
        id=slug,
        title=item["title"],
        kind=item["kind"],
        kind_name=kind_name(fw, item["kind"]) or item["kind"],
        date=item["date"],
        outcome=item.get("outcome") or "",
        scope=item.get("scope"),
        source=item.get("source") or None,
    )
