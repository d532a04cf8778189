"""Pass 3 sees the system's flags first; the exports download, print and escape what people typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

HOSTILE = '<script>alert("x")</script>\n\n# not a heading'


@pytest.fixture
def submitted(acme, fw, mid_evidence, checkin) -> Packet:
    """Eve's packet for the second level, missing its debugging story, with Olga as reviewer."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    evidence = mid_evidence(acme.engineer)
    evidence[-1].delete()  # one claim now fails in the engine
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    packet = services.packet_create(
        actor=acme.engineer, person=acme.engineer, target=fw.levels[1].id, narrative=HOSTILE
    )
    return services.packet_submit(
        actor=acme.engineer, packet=packet, reviewer=acme.other_manager, revision=packet.revision
    )


def review(acme, packet: Packet, claims: list[dict]) -> Packet:
    """Olga marks `claims` "supported" citing nothing, and the admin is to review the review."""
    verdicts = {
        claim["check"]: {"verdict": "supported", "comment": "Looks fine to me.", "cited": []}
        for claim in claims
    }
    return services.packet_review(
        actor=acme.other_manager,
        packet=packet,
        verdicts=verdicts,
        auditor=acme.admin,
        revision=packet.revision,
    )


@pytest.fixture
def rubber_stamped(acme, submitted) -> Packet:
    """Every claim "supported", none citing evidence, though the engine fails one."""
    return review(acme, submitted, submitted.claims)


def flags_part(page: str) -> str:
    return page[page.index("Flags for the review of the review") : page.index("Claims")]


def test_the_reviewer_of_the_review_sees_the_flags_before_the_claims(acme, signed_in, rubber_stamped):
    assert {flag["flag"] for flag in rubber_stamped.flags} == {"hallucinated_support", "happy_path_bias"}
    response = signed_in(acme.admin).get(reverse("packet", args=[rubber_stamped.pk]))
    page = text_of(response)
    assert "Your turn: review the review" in page
    assert "Hallucinated support" in flags_part(page) and "Happy path bias" in flags_part(page)
    assert "supported without citing evidence" in page
    assert "every claim marked supported while the engine finds failing checks" in page
    assert 'class="card claim flagged"' in response.content.decode()
    assert signed_in(acme.outsider).get(reverse("packet", args=[rubber_stamped.pk])).status_code == 404


def test_a_claim_left_without_a_verdict_is_flagged_as_constraint_blindness(acme, signed_in, submitted):
    packet = review(acme, submitted, submitted.claims[1:])
    page = text_of(signed_in(acme.admin).get(reverse("packet", args=[packet.pk])))
    assert "Constraint blindness" in flags_part(page) and "mandatory check has no verdict" in page
    assert "Verdict: none." in page
    assert signed_in(acme.outsider).get(reverse("packet", args=[packet.pk])).status_code == 404


def test_confirming_a_flagged_verdict_without_a_reason_is_refused(acme, signed_in, rubber_stamped):
    data = {"revision": rubber_stamped.revision}
    for i, _claim in enumerate(rubber_stamped.claims):
        data[f"c{i}-audit"] = "confirmed"
    assert (
        signed_in(acme.outsider).post(reverse("packet-audit", args=[rubber_stamped.pk]), data).status_code
        == 404
    )
    response = signed_in(acme.admin).post(reverse("packet-audit", args=[rubber_stamped.pk]), data)
    assert response.status_code == 422
    assert "this verdict was flagged; say why it stands" in text_of(response)
    assert Packet.objects.get(pk=rubber_stamped.pk).state == "reviewed"


def test_a_packet_with_no_engine_failure_shows_no_flags(acme, signed_in, submitted):
    page = text_of(signed_in(acme.engineer).get(reverse("packet", args=[submitted.pk])))
    assert "Flags for the review of the review" not in page
    assert signed_in(acme.outsider).get(reverse("packet", args=[submitted.pk])).status_code == 404


def test_the_markdown_export_downloads_and_escapes_what_people_typed(acme, signed_in, submitted):
    response = signed_in(acme.engineer).get(reverse("packet-export-md", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert response["Content-Disposition"] == f'attachment; filename="promotion-packet-{submitted.pk}.md"'
    text = response.content.decode()
    assert "<script>" not in text and "\n# not a heading" not in text and "\\# not a heading" in text
    assert signed_in(acme.outsider).get(reverse("packet-export-md", args=[submitted.pk])).status_code == 404


def test_the_printable_page_escapes_text_and_allows_only_its_own_style(acme, signed_in, submitted):
    response = signed_in(acme.manager).get(reverse("packet-export-html", args=[submitted.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<script" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    policy = response["Content-Security-Policy"]
    assert re.search(r"style-src 'sha256-[A-Za-z0-9+/=]+'", policy) and "default-src 'none'" in policy
    assert "script-src" not in policy and "unsafe-inline" not in policy
    assert signed_in(acme.outsider).get(reverse("packet-export-html", args=[submitted.pk])).status_code == 404


def test_the_packet_page_escapes_the_narrative(acme, signed_in, submitted):
    html = signed_in(acme.engineer).get(reverse("packet", args=[submitted.pk])).content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html
    assert signed_in(acme.outsider).get(reverse("packet", args=[submitted.pk])).status_code == 404
