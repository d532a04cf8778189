"""A decided packet keeps the evidence it cited: editing or deleting evidence later changes nothing.

Its page, its API answer and both exports read the copy the packet took at submission, and
a promotion's snapshot keeps its own copy; none of them reads today's evidence records.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.leveling.services import evidence_delete, evidence_update

REWRITTEN = "Rewritten after the decision"


def _views(client, packet) -> dict[str, bytes]:
    """Everything that shows the packet, as its subject's manager reads it."""
    views = {
        "page": reverse("packet", args=[packet.pk]),
        "api": f"/api/v1/packets/{packet.pk}",
        "markdown": reverse("packet-export-md", args=[packet.pk]),
        "html": reverse("packet-export-html", args=[packet.pk]),
        "api markdown": f"/api/v1/packets/{packet.pk}/export?format=markdown",
        "api html": f"/api/v1/packets/{packet.pk}/export?format=html",
    }
    if packet.snapshot_id:
        views["snapshot"] = reverse("snapshot", args=[packet.subject_id, packet.snapshot_id])
        views["api snapshot"] = f"/api/v1/people/{packet.subject_id}/snapshots/{packet.snapshot_id}"
    answers = {}
    for name, url in views.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.content[:300])
        # A CSRF token is masked afresh for every page; everything else must stay the same.
        answers[name] = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return answers


@pytest.mark.parametrize("state", ["promoted", "not_yet"])
def test_editing_and_deleting_cited_evidence_leaves_a_decided_packet_as_it_was(flow, cast, signed_in, state):
    packet = flow.to(state)
    cited = next(slug for claim in packet.claims for slug in claim["evidence"])
    other = next(slug for slug in packet.evidence if slug != cited)
    original = packet.evidence[cited]["title"]
    client = signed_in(cast.manager)
    before = _views(client, packet)
    for name, body in before.items():
        assert original.encode() in body, name

    evidence_update(
        actor=cast.engineer,
        item=cast.engineer.evidence.get(slug=cited),
        data={"title": REWRITTEN, "outcome": "A different outcome", "scope": "org"},
    )
    evidence_delete(actor=cast.engineer, item=cast.engineer.evidence.get(slug=other))

    after = _views(client, packet)
    for name in before:
        assert REWRITTEN.encode() not in after[name], name
        assert original.encode() in after[name], name
        assert after[name] == before[name], name


def test_the_packet_keeps_the_scope_of_each_item_too(flow, cast):
    packet = flow.to("submitted")
    item = cast.engineer.evidence.get(slug="shipped-1")
    assert packet.evidence["shipped-1"] == {
        "title": item.title,
        "kind": item.kind,
        "date": item.date.isoformat(),
        "outcome": item.outcome,
        "scope": item.scope,
    }
