"""The dashboard links to the person's packet and shows what the last "not yet" asked for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

REASONS = "Write up a debugging story with a measured outcome."


@pytest.fixture
def audited(acme, fw, mid_evidence, checkin, peer) -> Packet:
    """Max's packet for Eve, reviewed by Olga and confirmed by Petra, waiting for a decision."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer)
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    packet = services.packet_create(
        actor=acme.manager, person=acme.engineer, target=fw.levels[1].id, narrative="Ready."
    )
    packet = services.packet_submit(
        actor=acme.manager, packet=packet, reviewer=acme.other_manager, revision=packet.revision
    )
    verdicts = {
        c["check"]: {"verdict": "supported", "comment": "Seen it.", "cited": c["evidence"]}
        for c in packet.claims
    }
    packet = services.packet_review(
        actor=acme.other_manager, packet=packet, verdicts=verdicts, auditor=peer, revision=packet.revision
    )
    audits = {check: {"audit": "confirmed", "comment": "Agreed."} for check in packet.verdicts}
    return services.packet_audit(actor=peer, packet=packet, audits=audits, revision=packet.revision)


def test_not_yet_with_reasons_puts_them_on_the_persons_dashboard(acme, signed_in, fw, audited):
    response = signed_in(acme.admin).post(
        reverse("packet-decide", args=[audited.pk]),
        {"decision": "not_yet", "reasons": REASONS, "revision": audited.revision},
    )
    assert response.status_code == 302
    for who in (acme.engineer, acme.manager, acme.admin):
        page = text_of(signed_in(who).get(reverse("person", args=[acme.engineer.pk])))
        assert "What the last promotion decision asked for" in page and REASONS in page, who
        assert f"“not yet” for {fw.levels[1].name}" in page
    acme.engineer.refresh_from_db()
    assert acme.engineer.level == fw.levels[0].id
    assert signed_in(acme.outsider).get(reverse("person", args=[acme.engineer.pk])).status_code == 404


def test_the_author_can_reopen_after_not_yet_and_the_plan_stays(acme, signed_in, audited):
    packet = services.packet_decide(
        actor=acme.admin, packet=audited, decision="not_yet", reasons=REASONS, revision=audited.revision
    )
    page = text_of(signed_in(acme.manager).get(reverse("packet", args=[packet.pk])))
    assert "Reopen the packet" in page and REASONS in page
    assert "Reopen the packet" not in text_of(
        signed_in(acme.engineer).get(reverse("packet", args=[packet.pk]))
    )
    response = signed_in(acme.manager).post(
        reverse("packet-reopen", args=[packet.pk]), {"revision": packet.revision}
    )
    assert response.status_code == 302
    packet.refresh_from_db()
    assert (packet.state, packet.attempt) == ("draft", 2)
    assert REASONS in text_of(signed_in(acme.engineer).get("/"))
    subject = signed_in(acme.engineer).post(reverse("packet-reopen", args=[packet.pk]), {"revision": 1})
    assert subject.status_code == 403 and "Only the author of the packet can do this" in text_of(subject)
    outsider = signed_in(acme.outsider).post(reverse("packet-reopen", args=[packet.pk]), {"revision": 1})
    assert outsider.status_code == 404


def test_the_dashboard_links_to_the_open_packet_or_offers_to_write_one(acme, signed_in, fw, audited):
    page = signed_in(acme.engineer).get("/").content.decode()
    assert f'href="{reverse("packet", args=[audited.pk])}"' in page
    other = signed_in(acme.outsider).get("/").content.decode()
    assert f'href="{reverse("packet-new", args=[acme.outsider.pk])}"' in other
    assert reverse("packet", args=[audited.pk]) not in other


def test_my_dashboard_leads_with_the_packets_waiting_for_my_step(acme, signed_in, fw, audited):
    mine = text_of(signed_in(acme.admin).get(reverse("dashboard")))
    waiting = f"Promotion packets waiting for you {acme.engineer.name} for {fw.levels[1].name}: decide"
    assert waiting in mine
    assert mine.index("Promotion packets waiting for you") < mine.index("Recorded level")
    # Not on someone else's page, and not for anyone whose step it is not.
    assert "waiting for you" not in text_of(
        signed_in(acme.admin).get(reverse("person", args=[acme.engineer.pk]))
    )
    assert "Promotion packets waiting for you" not in text_of(
        signed_in(acme.engineer).get(reverse("dashboard"))
    )
    assert "Promotion packets waiting for you" not in text_of(
        signed_in(acme.outsider).get(reverse("dashboard"))
    )
