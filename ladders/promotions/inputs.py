"""Checking what reviewers send: verdicts, audits and free text, with messages that say where.

Input that breaks a rule of its shape is refused (422). Input that is well formed but weak
(support citing nothing, a claim without a verdict) is accepted and flagged by
`ladders.core.review.review_flags`, because catching that is what pass 3 is for.
"""

from __future__ import annotations

from typing import Any

from ladders.core import limits
from ladders.core.review import AUDIT_OUTCOMES, VERDICTS
from ladders.promotions.models import Packet
from ladders.server.errors import Invalid

__all__ = ["AUDIT_OUTCOMES", "MAX_TEXT", "audits_input", "text_input", "verdicts_input"]

MAX_TEXT = limits.REVIEW_TEXT


def text_input(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{field}: must be text", field=field)
    if len(value) > MAX_TEXT:
        raise Invalid(f"{field}: at most {MAX_TEXT} characters", field=field)
    return value.strip()


def verdicts_input(packet: Packet, verdicts: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(verdicts, dict):
        raise Invalid("verdicts: must be a mapping of check id to verdict", field="verdicts")
    checks = {claim["check"] for claim in packet.claims}
    clean: dict[str, dict[str, Any]] = {}
    for check, given in verdicts.items():
        where = f"verdicts.{check}"
        if check not in checks:
            raise Invalid(f"{where}: not a claim of this packet", field="verdicts")
        if not isinstance(given, dict):
            raise Invalid(f"{where}: must be a mapping", field="verdicts")
        verdict = given.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            raise Invalid(f"{where}: verdict must be one of {', '.join(VERDICTS)}", field="verdicts")
        cited = given.get("cited") or []
        if not isinstance(cited, list) or not all(isinstance(c, str) for c in cited):
            raise Invalid(f"{where}: cited must be a list of evidence ids", field="verdicts")
        comment = text_input(given.get("comment", ""), where)
        if verdict is not None and not comment:
            raise Invalid(
                f"{where}: add a comment that says which evidence backs the verdict", field="verdicts"
            )
        clean[check] = {"verdict": verdict, "comment": comment, "cited": list(dict.fromkeys(cited))}
    return clean


def audits_input(packet: Packet, audits: Any) -> dict[str, dict[str, str]]:
    if not isinstance(audits, dict):
        raise Invalid("audits: must be a mapping of check id to audit", field="audits")
    checks = {claim["check"] for claim in packet.claims}
    flagged = {flag["check"] for flag in packet.flags if flag["check"] is not None}
    clean: dict[str, dict[str, str]] = {}
    for check, given in audits.items():
        where = f"audits.{check}"
        if check not in checks:
            raise Invalid(f"{where}: not a claim of this packet", field="audits")
        if not isinstance(given, dict) or given.get("audit") not in AUDIT_OUTCOMES:
            raise Invalid(f"{where}: audit must be one of {', '.join(AUDIT_OUTCOMES)}", field="audits")
        comment = text_input(given.get("comment", ""), where)
        if not comment and given["audit"] == "challenged":
            raise Invalid(f"{where}: say why the verdict is challenged", field="audits")
        if not comment and check in flagged:
            raise Invalid(f"{where}: this verdict was flagged; say why it stands", field="audits")
        clean[check] = {"audit": given["audit"], "comment": comment}
    judged = [check for check, v in packet.verdicts.items() if v.get("verdict") is not None]
    missing = [check for check in judged if check not in clean]
    if missing:
        raise Invalid(
            f"audits: confirm or challenge every verdict (missing: {', '.join(missing)})", field="audits"
        )
    return clean
