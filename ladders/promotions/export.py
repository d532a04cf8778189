"""A promotion packet as Markdown and as one printable, self-contained HTML page.

Both say the same things in the same words: `packet_document` builds the content as plain,
unescaped text, and each renderer only escapes and lays it out. Every piece of text a
person typed (names, narrative, comments, reasons, evidence) is escaped; the HTML page
carries its CSS inline, runs no script and names no external resource.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ladders.promotions.models import Decision, Packet
from ladders.promotions.packet_view import ClaimRow, EvidenceRow, Flag, packet_view
from ladders.reports import FAIL_MARK, PASS_MARK
from ladders.reports.html import e
from ladders.reports.markdown import code, md

ACTION_WORDS = {
    "create": "started the packet",
    "update": "edited the draft",
    "submit": "submitted it for review",
    "review": "reviewed it",
    "audit": "reviewed the review",
    "promote": "decided: promote",
    "decline": "decided: not yet",
    "reopen": "reopened it for a new attempt",
}


@dataclass
class Evidence:
    id: str
    title: str
    about: str  # kind and date
    outcome: str


@dataclass
class Claim:
    check: str
    heading: str
    engine: str
    detail: str
    evidence: list[Evidence]
    verdict: str | None = None
    verdict_comment: str = ""
    cited: list[Evidence] = field(default_factory=list)
    audit: str | None = None
    audit_comment: str = ""
    flags: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str
    facts: list[tuple[str, str]]
    narrative: list[str]
    claims: list[Claim]
    flags: list[str]
    decision: list[tuple[str, str]]
    reasons: list[str]
    justification: list[str]
    concerns: list[str]  # what a promotion was decided despite
    history: list[str]


def packet_document(packet: Packet) -> Document:
    """Everything the exports show, as plain text in reading order, from the one packet view."""
    view = packet_view(packet)
    facts = [
        ("State", _words(packet.state)),
        ("Attempt", str(packet.attempt)),
        ("Author", _name(packet.author)),
        ("Reviewer", _name(packet.reviewer)),
        ("Reviewer of the review", _name(packet.auditor)),
    ]
    if packet.assessment:
        framework = packet.assessment["framework"]
        facts += [
            ("Assessed level", f"{packet.assessment['level_name']} as of {packet.assessment['as_of']}"),
            (
                "Framework",
                f"{framework['name']} version {framework['version']}, hash {packet.framework_hash}",
            ),
        ]
    decision: list[tuple[str, str]] = []
    if packet.decision:
        decision = [
            ("Decision", packet.get_decision_display()),
            ("Decided by", _name(packet.decided_by)),
            ("Decided on", _when(packet.decided_at)),
        ]
    return Document(
        title=f"Promotion packet: {packet.subject.name} for {view.target_name}",
        facts=facts,
        narrative=_paragraphs(packet.narrative),
        claims=[_claim(row) for row in view.claims],
        flags=[_flag(flag) for flag in view.packet_flags],
        decision=decision,
        reasons=_paragraphs(packet.decision_reasons),
        justification=_paragraphs(packet.decision_justification),
        concerns=[f"{c.check or 'the review'}: {c.detail}" for c in view.concerns]
        if packet.decision == Decision.PROMOTE
        else [],
        history=[
            f"{_when(event.created)}: {_name(event.actor)} {ACTION_WORDS.get(event.action, event.action)}"
            for event in view.events
        ],
    )


def _claim(row: ClaimRow) -> Claim:
    verdict = row.verdict
    return Claim(
        check=row.check,
        heading=f"{row.level_name}: {row.title}",
        engine=PASS_MARK if row.engine_passed else FAIL_MARK,
        detail=row.detail,
        evidence=[_evidence(item) for item in row.evidence],
        verdict=_words(verdict.verdict) if verdict and verdict.verdict else None,
        verdict_comment=verdict.comment if verdict else "",
        cited=[_evidence(item) for item in verdict.cited] if verdict else [],
        audit=_words(row.audit.audit) if row.audit else None,
        audit_comment=row.audit.comment if row.audit else "",
        flags=[_flag(flag) for flag in row.flags],
    )


def _flag(flag: Flag) -> str:
    return f"{_words(flag.flag)}: {flag.detail}"


def _evidence(item: EvidenceRow) -> Evidence:
    if item.title is None:
        return Evidence(item.id, "(not in the person's evidence)", "", "")
    return Evidence(item.id, item.title, f"{item.kind_name}, {item.date}", item.outcome)


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _name(person: Any) -> str:
    return person.name if person is not None else "—"


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


# -- Markdown -------------------------------------------------------------------------------


def packet_markdown(packet: Packet) -> str:
    doc = packet_document(packet)
    parts = [f"# {md(doc.title)}", "\n".join(f"- **{label}:** {md(value)}" for label, value in doc.facts)]
    parts += ["## Narrative", *([_md_paragraph(p) for p in doc.narrative] or ["No narrative yet."])]
    parts.append("## Claims")
    parts += [_md_claim(claim) for claim in doc.claims] or ["No claims."]
    if doc.flags:
        parts += ["## Flags for the review", "\n".join(f"- {md(flag)}" for flag in doc.flags)]
    if doc.decision:
        parts += ["## Decision", "\n".join(f"- **{label}:** {md(value)}" for label, value in doc.decision)]
        parts += [_md_paragraph(p) for p in doc.reasons]
        if doc.justification:
            parts += ["**Justification:**", *(_md_paragraph(p) for p in doc.justification)]
        if doc.concerns:
            parts += ["Promoted despite:", "\n".join(f"- {md(concern)}" for concern in doc.concerns)]
    parts += ["## History", "\n".join(f"- {md(line)}" for line in doc.history) or "Nothing yet."]
    return "\n\n".join(parts) + "\n"


def _md_claim(claim: Claim) -> str:
    lines = [
        f"### {md(claim.heading)} ({code(claim.check)})",
        "",
        f"- Engine: {claim.engine}. {md(claim.detail)}",
    ]
    if claim.evidence:
        lines.append("- Evidence:")
        lines += [f"  - {_md_evidence(item)}" for item in claim.evidence]
    else:
        lines.append("- Evidence: none linked by the engine.")
    if claim.verdict:
        lines.append(f"- Verdict: **{md(claim.verdict)}**. {md(claim.verdict_comment)}")
        linked = {item.id for item in claim.evidence}
        cites = [
            f"{code(item.id)} {md(item.title)}" if item.id in linked else _md_evidence(item)
            for item in claim.cited
        ]
        lines.append(f"  Cites: {'; '.join(cites) or 'no evidence'}.")
    else:
        lines.append("- Verdict: none.")
    if claim.audit:
        lines.append(f"- Review of the review: **{md(claim.audit)}**. {md(claim.audit_comment)}".rstrip())
    lines += [f"- Flag: {md(flag)}" for flag in claim.flags]
    return "\n".join(lines)


def _md_evidence(item: Evidence) -> str:
    about = f" ({md(item.about)})" if item.about else ""
    outcome = f": {md(item.outcome)}" if item.outcome else ""
    return f"{code(item.id)} {md(item.title)}{about}{outcome}"


def _md_paragraph(text: str) -> str:
    """A paragraph of user text that cannot start a heading, list, rule or quote."""
    line = md(text)
    number = re.match(r"\d+(?=[.)])", line)
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if line[:1] in "#-+=" else line


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
  color: #1a1a1a; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h2 { border-bottom: 2px solid #d0d4da; padding-bottom: .2rem; margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
article.claim { border: 1px solid #b8bec6; border-radius: 4px; padding: .5rem 1rem; margin: 1rem 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.pass { color: #1b6e2d; font-weight: 600; }
.fail, .flag { color: #a4161a; font-weight: 600; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  article.claim, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def packet_html(packet: Packet) -> str:
    doc = packet_document(packet)
    sections = [
        _html_section(
            "narrative", "Narrative", _html_paragraphs(doc.narrative) or "<p>No narrative yet.</p>"
        ),
        _html_section(
            "claims", "Claims", "\n".join(_html_claim(c) for c in doc.claims) or "<p>No claims.</p>"
        ),
    ]
    if doc.flags:
        sections.append(_html_section("flags", "Flags for the review", _html_list(doc.flags, "flag")))
    if doc.decision:
        body = _html_facts(doc.decision) + _html_paragraphs(doc.reasons)
        if doc.justification:
            body += "\n<p><strong>Justification:</strong></p>\n" + _html_paragraphs(doc.justification)
        if doc.concerns:
            body += "\n<p>Promoted despite:</p>\n" + _html_list(doc.concerns, "flag")
        sections.append(_html_section("decision", "Decision", body))
    sections.append(_html_section("history", "History", _html_list(doc.history) or "<p>Nothing yet.</p>"))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{e(doc.title)}</h1>\n{_html_facts(doc.facts)}\n</header>\n"
        "<main>\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )


def _html_section(key: str, heading: str, body: str) -> str:
    return f'<section aria-labelledby="{key}">\n<h2 id="{key}">{e(heading)}</h2>\n{body}\n</section>'


def _html_facts(facts: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in facts)
    return f'<dl class="facts">{rows}</dl>'


def _html_paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)


def _html_list(items: list[str], css: str = "") -> str:
    if not items:
        return ""
    attr = f' class="{css}"' if css else ""
    return "<ul>" + "".join(f"<li{attr}>{e(item)}</li>" for item in items) + "</ul>"


def _html_claim(claim: Claim) -> str:
    passed = "pass" if claim.engine == PASS_MARK else "fail"
    parts = [
        f"<h3>{e(claim.heading)} <code>{e(claim.check)}</code></h3>",
        f'<p>Engine: <span class="{passed}">{e(claim.engine)}</span>. {e(claim.detail)}</p>',
    ]
    if claim.evidence:
        parts.append("<p>Evidence:</p><ul>" + "".join(_html_evidence(i) for i in claim.evidence) + "</ul>")
    else:
        parts.append("<p>Evidence: none linked by the engine.</p>")
    if claim.verdict:
        parts.append(f"<p>Verdict: <strong>{e(claim.verdict)}</strong>. {e(claim.verdict_comment)}</p>")
        linked = {item.id for item in claim.evidence}
        cites = [
            f"<code>{e(i.id)}</code> {e(i.title)}" if i.id in linked else _html_evidence(i, "")
            for i in claim.cited
        ]
        parts.append(f"<p>Cites: {'; '.join(cites) or 'no evidence'}.</p>")
    else:
        parts.append("<p>Verdict: none.</p>")
    if claim.audit:
        parts.append(
            f"<p>Review of the review: <strong>{e(claim.audit)}</strong>. {e(claim.audit_comment)}</p>"
        )
    parts.append(_html_list(claim.flags, "flag"))
    return '<article class="claim">\n' + "\n".join(p for p in parts if p) + "\n</article>"


def _html_evidence(item: Evidence, tag: str = "li") -> str:
    about = f" ({e(item.about)})" if item.about else ""
    outcome = f": {e(item.outcome)}" if item.outcome else ""
    text = f"<code>{e(item.id)}</code> {e(item.title)}{about}{outcome}"
    return f"<{tag}>{text}</{tag}>" if tag else text


def export_policy(html: str) -> str:
    """The HTTP policy for a printable page: its own inline style blocks by hash, nothing else."""
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in styles
    )
    allowed = hashes or "'none'"
    return (
        f"default-src 'none'; style-src {allowed}; img-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
