"""Review failures flagged for pass 3: hallucinated support, happy-path bias, constraint blindness."""

from __future__ import annotations

from tests.framework_ids import CHECK, KIND
from tests.promotions.packet_helpers import supported_where_the_engine_agrees
from tests.records import add_evidence


def flags_of(packet):
    return [(f["flag"], f["check"]) for f in packet.flags]


def test_an_honest_review_raises_no_flag(flow):
    assert flow.to("reviewed").flags == []


def test_supported_without_citing_evidence_is_hallucinated_support(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_outcome] = {"verdict": "supported", "comment": "Clearly true.", "cited": []}
    packet = flow.review(packet, verdicts=verdicts)
    assert flags_of(packet) == [("hallucinated_support", CHECK.mid_outcome)]
    assert packet.flags[0]["detail"] == "supported without citing evidence"


def test_supported_citing_evidence_the_person_lacks_is_hallucinated_support(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_outcome]["cited"] = ["shipped-1", "keynote-2025"]
    packet = flow.review(packet, verdicts=verdicts)
    assert flags_of(packet) == [("hallucinated_support", CHECK.mid_outcome)]
    assert "keynote-2025" in packet.flags[0]["detail"]


def test_all_supported_while_the_engine_finds_a_failing_check_is_happy_path_bias(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_debugging] = {
        "verdict": "supported",
        "comment": "They debug a lot.",
        "cited": ["shipped-1"],
    }
    packet = flow.review(packet, verdicts=verdicts)
    assert flags_of(packet) == [("happy_path_bias", None)]
    assert CHECK.mid_debugging in packet.flags[0]["detail"]


def test_all_supported_when_the_engine_agrees_is_not_bias(flow, cast):
    add_evidence(cast.engineer, "outage", KIND.debugging_story, outcome="Found the cause")
    packet = flow.to("submitted")
    assert all(c["engine_passed"] for c in packet.claims)
    packet = flow.review(packet)
    assert packet.flags == []


def test_a_mandatory_check_left_without_a_verdict_is_constraint_blindness(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    del verdicts[CHECK.mid_fundamentals]
    verdicts[CHECK.mid_ai_core] = {"verdict": None, "comment": "", "cited": []}
    packet = flow.review(packet, verdicts=verdicts)
    assert flags_of(packet) == [
        ("constraint_blindness", CHECK.mid_fundamentals),
        ("constraint_blindness", CHECK.mid_ai_core),
    ]


def test_flags_are_recorded_in_the_review_event(flow):
    packet = flow.to("submitted")
    packet = flow.review(packet, verdicts={})
    assert packet.events.last().payload["flags"] == packet.flags
    assert len(packet.flags) == len(packet.claims)
