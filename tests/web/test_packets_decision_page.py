"""The decision page: what to weigh, a written justification to promote past it, and who decides.

Eve lacks the debugging story (a check the engine finds failing) and the reviewer of the
review challenges one verdict, so promoting her needs a justification.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.framework_ids import CHECK, LEVEL
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

WHY = "Her incident write-ups cover the debugging story; the panel accepts them."
CHALLENGE = "The second project had no users yet when this was written."


def walk(acme, peer, author: Person, *, verdicts=None) -> Packet:
    """`author`'s packet for Eve, reviewed by Olga (one verdict challenged by Petra), audited."""
    packet = services.packet_create(actor=author, person=acme.engineer, target=LEVEL.mid, narrative="Ready.")
    packet = services.packet_submit(
        actor=author, packet=packet, reviewer=acme.other_manager, revision=packet.revision
    )
    if verdicts is None:
        verdicts = {
            c["check"]: {"verdict": "supported", "comment": "Seen it.", "cited": c["evidence"] or ["e1"]}
            for c in packet.claims
        }
    packet = services.packet_review(
        actor=acme.other_manager, packet=packet, verdicts=verdicts, auditor=peer, revision=packet.revision
    )
    audits = {check: {"audit": "confirmed", "comment": "Agreed."} for check in packet.verdicts}
    if audits:
        audits[CHECK.mid_shipped] = {"audit": "challenged", "comment": CHALLENGE}
    return services.packet_audit(actor=peer, packet=packet, audits=audits, revision=packet.revision)


@pytest.fixture
def eve(acme, fw, mid_evidence, checkin):
    """Eve, recorded at the first level, with the mid evidence but the debugging story."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer, without=("debugging",))
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    return acme.engineer


@pytest.fixture
def audited(acme, eve, peer) -> Packet:
    return walk(acme, peer, acme.engineer)


def decide(client, packet: Packet, **data):
    return client.post(reverse("packet-decide", args=[packet.pk]), {"revision": packet.revision, **data})


def test_the_decision_page_shows_every_concern_and_asks_for_a_justification(acme, signed_in, audited, fw):
    page = text_of(signed_in(acme.admin).get(reverse("packet", args=[audited.pk])))
    assert "Your turn: decide" in page and "Concerns to weigh before promoting" in page
    debugging = next(gate.title for gate in fw.levels[1].gates if gate.id == CHECK.mid_debugging)
    assert f"{debugging}: the engine finds this check not met" in page
    assert f"the verdict (supported) was challenged: {CHALLENGE}" in page
    assert "Justification" in page and "Promoting needs a written justification" in page


def test_promoting_without_a_justification_is_refused_on_the_form(acme, signed_in, audited):
    response = decide(signed_in(acme.admin), audited, decision="promote", reasons="")
    assert response.status_code == 422
    assert "justification: promoting despite these concerns needs a written justification" in text_of(
        response
    )
    assert Packet.objects.get(pk=audited.pk).state == "audited"
    assert Person.objects.get(pk=acme.engineer.pk).level == LEVEL.junior


def test_promoting_with_a_justification_records_it_and_shows_it(acme, signed_in, audited, fw):
    admin = signed_in(acme.admin)
    response = decide(admin, audited, decision="promote", reasons="", justification=WHY)
    assert response.status_code == 302
    packet = Packet.objects.get(pk=audited.pk)
    assert (packet.state, packet.decision_justification) == ("promoted", WHY)
    page = text_of(admin.get(reverse("packet", args=[packet.pk])))
    assert f"Justification: {WHY}" in page
    # Eve's page now plans from her recorded level, not from the evidence.
    person = text_of(signed_in(acme.engineer).get("/"))
    assert f"Recorded level: {fw.levels[1].name}" in person
    assert f"Evidence-based level: {fw.levels[0].name}" in person
    assert f"Plan to {fw.levels[2].name}" in person


def test_not_yet_needs_no_justification(acme, signed_in, audited):
    response = decide(
        signed_in(acme.admin), audited, decision="not_yet", reasons="Write up a debugging story."
    )
    assert response.status_code == 302
    assert Packet.objects.get(pk=audited.pk).state == "not_yet"


def test_an_admin_who_wrote_the_packet_is_not_offered_the_decision_and_is_refused(acme, signed_in, eve, peer):
    packet = walk(acme, peer, acme.admin)
    admin = signed_in(acme.admin)
    page = text_of(admin.get(reverse("packet", args=[packet.pk])))
    assert "Your turn: decide" not in page and "Record the decision" not in page
    response = decide(admin, packet, decision="promote", justification=WHY)
    assert response.status_code == 403
    assert "author cannot decide their own packet" in text_of(response)
    assert Packet.objects.get(pk=packet.pk).state == "audited"


def test_a_packet_without_a_review_can_only_be_told_not_yet(acme, signed_in, eve, peer):
    packet = walk(acme, peer, acme.engineer, verdicts={})
    admin = signed_in(acme.admin)
    page = text_of(admin.get(reverse("packet", args=[packet.pk])))
    assert "It cannot be promoted until both review passes are done" in page
    assert "claims without a verdict" in page
    response = decide(admin, packet, decision="promote", justification=WHY)
    assert response.status_code == 409
    assert Packet.objects.get(pk=packet.pk).state == "audited"
