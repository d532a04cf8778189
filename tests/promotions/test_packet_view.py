"""One view of a packet: its claims with evidence, verdicts, audits and flags, built once.

The packet page, the API and both exports render `packet_view`, so they name levels and
evidence kinds from the same framework: the version the packet was frozen with, or the
organisation's active one for a packet that has none.
"""

from __future__ import annotations

import dataclasses

import pytest

from ladders.leveling.frameworks import active_framework
from ladders.promotions.export import packet_html, packet_markdown
from ladders.promotions.models import Packet
from ladders.promotions.packet_view import ClaimRow, EvidenceRow, PacketView, packet_view
from tests.framework_ids import CHECK, KIND, LEVEL
from tests.promotions.packet_helpers import confirm_all, supported_where_the_engine_agrees


@pytest.fixture
def audited(flow, cast) -> Packet:
    packet = flow.submit(flow.create())
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_outcome] = {"verdict": "supported", "comment": "Trust me.", "cited": ["nowhere"]}
    packet = flow.review(packet, verdicts=verdicts)
    audits = confirm_all(packet)
    audits[CHECK.mid_outcome] = {"audit": "challenged", "comment": "It cites nothing real."}
    return flow.audit(packet, audits=audits)


def test_the_view_is_typed_rows_in_the_order_of_the_claims(audited):
    view = packet_view(audited)
    assert isinstance(view, PacketView) and dataclasses.is_dataclass(view)
    assert [row.check for row in view.claims] == [claim["check"] for claim in audited.claims]
    assert all(isinstance(row, ClaimRow) for row in view.claims)
    assert [item.id for item in view.evidence] == list(audited.evidence)
    assert all(isinstance(item, EvidenceRow) for item in view.evidence)


def test_each_claim_carries_its_evidence_verdict_audit_and_flags(audited):
    view = packet_view(audited)
    row = next(row for row in view.claims if row.check == CHECK.mid_outcome)
    assert row.level_name == "Mid"
    assert row.verdict is not None and row.verdict.verdict == "supported"
    assert [item.id for item in row.verdict.cited] == ["nowhere"]
    assert row.verdict.cited[0].title is None  # not in the person's evidence
    assert row.audit is not None and (row.audit.audit, row.audit.comment) == (
        "challenged",
        "It cites nothing real.",
    )
    assert [flag.flag for flag in row.flags] == ["hallucinated_support"]
    shipped = next(item for item in view.evidence if item.kind == KIND.shipped_project)
    assert shipped.kind_name == "Shipped project"


def test_concerns_carry_the_title_of_the_check_they_are_about(audited):
    concerns = packet_view(audited).concerns
    challenged = next(c for c in concerns if c.concern == "challenged")
    assert challenged.check == CHECK.mid_outcome
    assert challenged.title == next(c["title"] for c in audited.claims if c["check"] == CHECK.mid_outcome)


def test_a_packet_without_a_frozen_framework_is_named_from_the_active_one(audited):
    Packet.objects.filter(pk=audited.pk).update(framework=None)
    packet = Packet.objects.get(pk=audited.pk)
    _, fw = active_framework(packet.org)
    view = packet_view(packet)
    assert view.framework.content_hash == fw.content_hash
    assert view.target_name == fw.level_by_id[LEVEL.mid].name
    markdown, html = packet_markdown(packet), packet_html(packet)
    for text in (markdown, html):
        assert f"for {fw.level_by_id[LEVEL.mid].name}" in text
        assert fw.kind_by_id[KIND.shipped_project].name in text
