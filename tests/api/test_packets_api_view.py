"""`GET /packets/{id}` renders the one packet view: the rows the page and the exports show."""

from __future__ import annotations

from ladders.promotions.packet_view import packet_view


def test_the_api_shows_the_claims_and_evidence_of_the_packet_view(acme, api_as, packet_at):
    packet = packet_at("audited")
    body = api_as(acme.engineer).get(f"/packets/{packet.pk}").json()
    view = packet_view(packet)
    assert [claim["check"] for claim in body["claims"]] == [row.check for row in view.claims]
    for shown, row in zip(body["claims"], view.claims, strict=True):
        assert [item["id"] for item in shown["evidence"]] == [item.id for item in row.evidence]
        assert (shown["verdict"] or {}).get("verdict") == (row.verdict.verdict if row.verdict else None)
        assert (shown["audit"] or {}).get("audit") == (row.audit.audit if row.audit else None)
    assert [item["id"] for item in body["evidence"]] == [item.id for item in view.evidence]
    assert [(c["concern"], c["check"]) for c in body["concerns"]] == [
        (c.concern, c.check) for c in view.concerns
    ]


def test_an_outsider_is_told_the_packet_does_not_exist(acme, api_as, packet_at):
    packet = packet_at("draft")  # Oscar, the outsider, reviews the review only once named
    assert api_as(acme.outsider).get(f"/packets/{packet.pk}").status_code == 404
