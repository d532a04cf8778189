"""A promotion packet walks through the pages: drafted, reviewed, reviewed again, decided.

Four people take the four steps (the engineer writes their own packet, their manager reviews
it, the other manager reviews the review, the admin decides), and the level changes. An
outsider is told at every step that the packet does not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.promotions.models import Packet
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of


@pytest.fixture
def ready(acme, fw, mid_evidence, checkin):
    """Eve is recorded at the first level, with the evidence and ratings of the second."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer)
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    return acme


def review_data(packet: Packet, auditor) -> dict:
    data = {"revision": packet.revision, "auditor": auditor.pk}
    anything = next(iter(packet.evidence))
    for i, claim in enumerate(packet.claims):
        data[f"c{i}-verdict"] = "supported"
        data[f"c{i}-comment"] = f"Backed by {claim['title']}."
        data[f"c{i}-cited"] = claim["evidence"] or [anything]
    return data


def audit_data(packet: Packet) -> dict:
    data = {"revision": packet.revision}
    for i, _claim in enumerate(packet.claims):
        data[f"c{i}-audit"] = "confirmed"
        data[f"c{i}-comment"] = "Read the evidence; it holds."
    return data


def refused_to_outsider(client, packet: Packet) -> None:
    assert client.get(reverse("packet", args=[packet.pk])).status_code == 404
    for step in ("packet-draft", "packet-review", "packet-audit", "packet-decide"):
        assert client.post(reverse(step, args=[packet.pk]), {"revision": packet.revision}).status_code == 404


def test_a_packet_goes_from_draft_to_promoted_through_four_people_and_the_level_changes(
    ready, signed_in, fw, client
):
    acme, target = ready, fw.levels[1]

    # Pass 1: the engineer starts a draft, then submits it to their manager.
    engineer = signed_in(acme.engineer)
    page = text_of(engineer.get(reverse("packet-new", args=[acme.engineer.pk])))
    assert target.name in page and fw.levels[0].name in page
    response = engineer.post(
        reverse("packet-new", args=[acme.engineer.pk]), {"target": target.id, "narrative": "First draft."}
    )
    packet = Packet.objects.get(subject=acme.engineer)
    assert response.status_code == 302 and response["Location"] == reverse("packet", args=[packet.pk])
    assert packet.state == "draft" and packet.author == acme.engineer
    response = engineer.post(
        reverse("packet-draft", args=[packet.pk]),
        {
            "action": "submit",
            "target": target.id,
            "narrative": "Eve shipped two features people use.",
            "reviewer": acme.manager.pk,
            "revision": packet.revision,
        },
    )
    assert response.status_code == 302
    packet.refresh_from_db()
    assert (packet.state, packet.reviewer, packet.narrative) == (
        "submitted",
        acme.manager,
        "Eve shipped two features people use.",
    )
    refused_to_outsider(signed_in(acme.outsider), packet)

    # Pass 2: the manager gives every claim a verdict and nominates the reviewer of the review.
    manager = signed_in(acme.manager)
    assert "Waiting for you" in text_of(manager.get(reverse("packets")))
    page = text_of(manager.get(reverse("packet", args=[packet.pk])))
    assert "Your turn: review the claims" in page and "Record the review" in page
    for claim in packet.claims:
        assert claim["title"] in page
    response = manager.post(
        reverse("packet-review", args=[packet.pk]), review_data(packet, acme.other_manager)
    )
    assert response.status_code == 302
    packet.refresh_from_db()
    assert packet.state == "reviewed" and packet.auditor == acme.other_manager
    assert {v["verdict"] for v in packet.verdicts.values()} == {"supported"}
    refused_to_outsider(signed_in(acme.outsider), packet)

    # Pass 3: the other manager confirms every verdict.
    auditor = signed_in(acme.other_manager)
    assert "Your turn: review the review" in text_of(auditor.get(reverse("packet", args=[packet.pk])))
    response = auditor.post(reverse("packet-audit", args=[packet.pk]), audit_data(packet))
    assert response.status_code == 302
    packet.refresh_from_db()
    assert packet.state == "audited"
    refused_to_outsider(signed_in(acme.outsider), packet)

    # The admin decides.
    admin = signed_in(acme.admin)
    assert "Your turn: decide" in text_of(admin.get(reverse("packet", args=[packet.pk])))
    response = admin.post(
        reverse("packet-decide", args=[packet.pk]),
        {"decision": "promote", "reasons": "", "revision": packet.revision},
    )
    assert response.status_code == 302
    packet.refresh_from_db()
    assert packet.state == "promoted"
    acme.engineer.refresh_from_db()
    assert acme.engineer.level == target.id
    refused_to_outsider(signed_in(acme.outsider), packet)

    page = text_of(signed_in(acme.engineer).get(reverse("packet", args=[packet.pk])))
    assert "Decision: Promote" in page
    for words in ("started the packet", "submitted it for review", "reviewed the review", "decided: promote"):
        assert words in page
    assert f"Recorded level: {target.name}" in text_of(signed_in(acme.engineer).get("/"))


def test_the_list_shows_my_packets_and_what_waits_for_me_and_nothing_to_an_outsider(ready, signed_in, fw):
    engineer = signed_in(ready.engineer)
    engineer.post(
        reverse("packet-new", args=[ready.engineer.pk]), {"target": fw.levels[1].id, "narrative": "Draft."}
    )
    page = text_of(engineer.get(reverse("packets")))
    assert f"{ready.engineer.name} for {fw.levels[1].name}: edit and submit" in page
    page = text_of(signed_in(ready.outsider).get(reverse("packets")))
    assert ready.engineer.name not in page and "No packets yet." in page


def test_the_new_packet_form_offers_only_levels_above_the_current_one(ready, signed_in, fw):
    html = signed_in(ready.manager).get(reverse("packet-new", args=[ready.engineer.pk])).content.decode()
    assert f'value="{fw.levels[0].id}"' not in html
    for level in fw.levels[1:]:
        assert f'value="{level.id}"' in html


def test_only_the_person_and_their_chain_may_write_a_packet_and_outsiders_get_404(ready, signed_in, fw):
    url = reverse("packet-new", args=[ready.engineer.pk])
    data = {"target": fw.levels[1].id, "narrative": "Not mine to write."}
    assert signed_in(ready.outsider).get(url).status_code == 404
    assert signed_in(ready.outsider).post(url, data).status_code == 404
    assert signed_in(ready.other_manager).post(url, data).status_code == 404
    assert not Packet.objects.exists()
