"""Exports: a packet as Markdown and as one printable page, every claim shown and all user text escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from ladders.promotions.export import packet_html, packet_markdown
from ladders.promotions.services import packet_update
from ladders.reports.markdown import md
from tests.framework_ids import CHECK, KIND
from tests.promotions.packet_helpers import confirm_all, supported_where_the_engine_agrees
from tests.records import add_evidence

HOSTILE = "<script>alert(1)</script> **loud** [click](javascript:alert(1)) | pipe"


@pytest.fixture
def packet(flow, cast):
    """A decided packet with hostile text in every field a person types, and one flag."""
    add_evidence(
        cast.engineer, "hostile", KIND.mentoring, title=HOSTILE, outcome="<img src=x onerror=alert(1)>"
    )
    packet = flow.create()
    narrative = f"{HOSTILE}\n\n# Not a heading\n\n1. Not a list\n\n- Nor this\n\n> Nor a quote"
    packet = packet_update(actor=cast.engineer, packet=packet, narrative=narrative, revision=1)
    packet = flow.submit(packet)
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_outcome] = {"verdict": "supported", "comment": f"Reviewer says {HOSTILE}", "cited": []}
    verdicts[CHECK.mid_ai_core]["cited"] = ["shipped-1", "hostile"]
    packet = flow.review(packet, verdicts=verdicts)
    audits = confirm_all(packet)
    audits[CHECK.mid_outcome] = {"audit": "challenged", "comment": f"Auditor says {HOSTILE}"}
    packet = flow.audit(packet, audits=audits)
    return flow.decide(packet, "not_yet", f"Decider says {HOSTILE}")


class Text(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.chunks: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


def test_markdown_shows_every_claim_with_its_evidence(packet):
    text = packet_markdown(packet)
    for claim in packet.claims:
        assert f"`{claim['check']}`" in text
        assert claim["title"] in text
        for slug in claim["evidence"]:
            item = packet.evidence[slug]
            assert f"`{slug}` {md(item['title'])}" in text
            assert item["date"] in text
    assert "Cut support tickets by 40%" in text


def test_markdown_shows_the_narrative_verdicts_audits_flags_and_decision(packet):
    text = packet_markdown(packet)
    assert "## Narrative" in text and "Not a heading" in text
    assert "Verdict: **Insufficient evidence**" in text
    shipped = md(packet.evidence["shipped-1"]["title"])
    assert f"Cites: `shipped-1` {shipped}; `hostile` {md(HOSTILE)} (Mentoring, " in text
    assert "Review of the review: **Challenged**" in text
    assert "Flag: Hallucinated support: supported without citing evidence" in text
    assert "**Decision:** Not yet" in text
    assert "Decider says" in text
    assert "## History" in text and "Ada Admin decided: not yet" in text


def test_markdown_escapes_user_text_so_it_renders_as_text(packet):
    text = packet_markdown(packet)
    assert "\\<script\\>" in text and "\\<img src=x" in text
    rendered = MarkdownIt("commonmark").render(text)
    page = Text(rendered)
    assert {"script", "img", "a"}.isdisjoint(page.tags)
    assert page.tags.count("h1") == 1
    assert "ol" not in page.tags and "blockquote" not in page.tags
    assert "<script>alert(1)</script> **loud** [click](javascript:alert(1)) | pipe" in page.text
    assert "# Not a heading" in page.text and "1. Not a list" in page.text


def test_html_shows_every_claim_with_its_evidence_and_the_review(packet):
    page = Text(packet_html(packet))
    for claim in packet.claims:
        assert claim["check"] in page.text
        assert claim["title"] in page.text
        for slug in claim["evidence"]:
            assert packet.evidence[slug]["title"] in page.text
            assert packet.evidence[slug]["date"] in page.text
    for words in ("Insufficient evidence", "Challenged", "Hallucinated support", "Not yet", "Decider says"):
        assert words in page.text
    assert "Cut support tickets by 40%" in page.text


def test_html_escapes_user_text(packet):
    html = packet_html(packet)
    page = Text(html)
    assert {"script", "img", "a", "iframe"}.isdisjoint(page.tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE in page.text
    assert "<img src=x onerror=alert(1)>" in page.text


def test_html_is_self_contained_and_printable(packet):
    html = packet_html(packet)
    page = Text(html)
    assert "http://" not in html and "https://" not in html
    assert not {"src", "href", "onerror", "onload"} & set(page.attributes)
    assert "default-src 'none'" in html
    assert "@media print" in html


def test_a_draft_exports_with_its_claims_and_no_decision(flow):
    draft = flow.create()
    text = packet_markdown(draft)
    assert "## Decision" not in text and "Verdict: none." in text
    assert all(claim["check"] in text for claim in draft.claims)
    assert "Decision" not in Text(packet_html(draft)).text


def test_a_promotion_past_concerns_exports_its_justification_and_the_concerns(flow):
    packet = flow.decide(flow.to("audited"), justification=f"Panel says {HOSTILE}")
    text = packet_markdown(packet)
    assert "**Justification:**" in text and f"Panel says {md(HOSTILE)}" in text
    assert "Promoted despite:" in text and CHECK.mid_debugging in text
    page = Text(packet_html(packet))
    assert "Justification:" in page.text and f"Panel says {HOSTILE}" in page.text
    assert "the engine finds this check not met" in page.text
    assert "script" not in page.tags
