"""What the packet pages refuse, and how: the service's message, its status, and nothing lost."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of


@pytest.fixture
def draft(acme, fw, mid_evidence, checkin) -> Packet:
    """Eve's own draft packet for the second level, with the evidence it asks for."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer)
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    return services.packet_create(
        actor=acme.engineer, person=acme.engineer, target=fw.levels[1].id, narrative="Draft."
    )


@pytest.fixture
def submitted(acme, draft) -> Packet:
    return services.packet_submit(
        actor=acme.engineer, packet=draft, reviewer=acme.other_manager, revision=draft.revision
    )


def submit_form(packet: Packet, reviewer, **changes) -> dict:
    return {
        "action": "submit",
        "target": packet.target,
        "narrative": "My case, typed with care.",
        "reviewer": reviewer.pk,
        "revision": packet.revision,
        **changes,
    }


def review_form(packet: Packet, auditor, comment: str = "The evidence holds.") -> dict:
    data = {"revision": packet.revision, "auditor": auditor.pk}
    for i, claim in enumerate(packet.claims):
        data[f"c{i}-verdict"] = "insufficient_evidence"
        data[f"c{i}-comment"] = f"{comment} ({claim['title']})"
    return data


def test_choosing_oneself_as_reviewer_is_refused_with_a_message_and_the_draft_is_kept(acme, signed_in, draft):
    response = signed_in(acme.engineer).post(
        reverse("packet-draft", args=[draft.pk]), submit_form(draft, acme.engineer)
    )
    assert response.status_code == 403
    page = text_of(response)
    assert "nobody reviews their own promotion packet" in page
    assert "My case, typed with care." in page  # the input is shown again
    draft.refresh_from_db()
    assert (draft.state, draft.narrative) == ("draft", "Draft.")  # the edit rolled back with the refusal


def test_the_reviewer_list_offers_neither_the_author_nor_the_person(acme, signed_in, draft):
    html = signed_in(acme.engineer).get(reverse("packet", args=[draft.pk])).content.decode()
    options = html.split('name="reviewer"')[1].split("</select>")[0]
    assert f'value="{acme.manager.pk}"' in options and f'value="{acme.engineer.pk}"' not in options


def test_the_authors_manager_as_reviewer_of_the_review_is_refused_with_a_message(acme, signed_in, submitted):
    response = signed_in(acme.other_manager).post(
        reverse("packet-review", args=[submitted.pk]), review_form(submitted, acme.manager)
    )
    assert response.status_code == 403
    page = text_of(response)
    assert "the author's manager cannot be the reviewer of the review" in page
    assert "The evidence holds." in page
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and submitted.auditor is None


def test_a_stale_revision_answers_409_and_shows_the_form_again_with_the_input_kept(acme, signed_in, draft):
    services.packet_update(actor=acme.engineer, packet=draft, narrative="Saved in another tab.", revision=1)
    response = signed_in(acme.engineer).post(
        reverse("packet-draft", args=[draft.pk]),
        {"action": "save", "target": draft.target, "narrative": "Typed here.", "revision": draft.revision},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This packet changed after you opened it" in text_of(response)
    assert "Typed here." in html
    fresh = Packet.objects.get(pk=draft.pk)
    assert f'name="revision" value="{fresh.revision}"' in html  # saving again is deliberate
    assert fresh.narrative == "Saved in another tab."


def test_a_stale_review_keeps_every_verdict_and_comment(acme, signed_in, submitted):
    data = review_form(submitted, acme.outsider, comment="Carefully weighed")
    data["revision"] = submitted.revision - 1
    response = signed_in(acme.other_manager).post(reverse("packet-review", args=[submitted.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("Carefully weighed") == len(submitted.claims)
    for i in range(len(submitted.claims)):
        assert re.search(rf'name="c{i}-verdict" value="insufficient_evidence"[^>]*checked', html)
    assert Packet.objects.get(pk=submitted.pk).state == "submitted"


def test_a_verdict_without_a_comment_is_refused_next_to_its_claim(acme, signed_in, submitted):
    data = review_form(submitted, acme.outsider)
    data["c0-comment"] = ""
    response = signed_in(acme.other_manager).post(reverse("packet-review", args=[submitted.pk]), data)
    assert response.status_code == 422
    assert "add a comment that says which evidence backs the verdict" in text_of(response)
    assert Packet.objects.get(pk=submitted.pk).state == "submitted"


def test_someone_whose_turn_it_is_not_is_told_why(acme, signed_in, submitted):
    response = signed_in(acme.manager).post(
        reverse("packet-review", args=[submitted.pk]), review_form(submitted, acme.outsider)
    )
    assert response.status_code == 403
    assert "Only the assigned reviewer can review this packet" in text_of(response)
    assert Packet.objects.get(pk=submitted.pk).state == "submitted"


def test_not_yet_needs_reasons(acme, signed_in, fw, draft):
    packet = Packet.objects.get(pk=draft.pk)
    packet.state, packet.revision = "audited", packet.revision + 1
    packet.save()
    response = signed_in(acme.admin).post(
        reverse("packet-decide", args=[packet.pk]),
        {"decision": "not_yet", "reasons": "", "revision": packet.revision},
    )
    assert response.status_code == 422
    assert "say what is missing" in text_of(response)


@pytest.mark.parametrize("step", ["packet", "packet-export-md", "packet-export-html"])
def test_an_outsider_is_told_the_packet_does_not_exist(acme, signed_in, submitted, step):
    assert signed_in(acme.outsider).get(reverse(step, args=[submitted.pk])).status_code == 404


def test_an_outsiders_post_to_any_step_is_404_and_changes_nothing(acme, signed_in, submitted):
    client = signed_in(acme.outsider)
    for step in ("packet-draft", "packet-review", "packet-audit", "packet-decide", "packet-reopen"):
        response = client.post(reverse(step, args=[submitted.pk]), review_form(submitted, acme.admin))
        assert response.status_code == 404, step
    assert Packet.objects.get(pk=submitted.pk).revision == submitted.revision


def answer(response) -> tuple[int, bytes]:
    """The status and the page, without the CSRF token that is masked afresh for every page."""
    return response.status_code, re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def test_an_outsiders_404_reads_exactly_like_a_packet_that_does_not_exist(acme, signed_in, submitted):
    client = signed_in(acme.outsider)
    absent_id = 2**31 - 1
    for name in ("packet", "packet-export-md", "packet-export-html"):
        theirs = answer(client.get(reverse(name, args=[submitted.pk])))
        assert theirs[0] == 404 and theirs == answer(client.get(reverse(name, args=[absent_id])))
    theirs = answer(client.post(reverse("packet-review", args=[submitted.pk]), {"revision": 1}))
    assert theirs[0] == 404
    assert theirs == answer(client.post(reverse("packet-review", args=[absent_id]), {"revision": 1}))
