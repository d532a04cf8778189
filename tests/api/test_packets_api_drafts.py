"""Drafting a packet, reading it back, listing packets and exporting one."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Role
from ladders.accounts.services import person_create
from ladders.promotions.models import Packet
from tests.api.packet_api_helpers import NARRATIVE, TARGET
from tests.framework_ids import LEVEL
from tests.promotions.packet_helpers import state_of


@pytest.fixture
def eve(acme, api_as):
    return api_as(acme.engineer)


def test_the_person_starts_their_own_draft_with_the_engines_claims(acme, eve):
    response = eve.post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET, "narrative": NARRATIVE})
    assert response.status_code == 201, response.content
    body = response.json()
    packet = Packet.objects.get()
    assert (body["id"], body["state"], body["target"], body["revision"]) == (packet.pk, "draft", TARGET, 1)
    assert body["subject"] == {"id": acme.engineer.pk, "name": "Eve Engineer"}
    assert [claim["check"] for claim in body["claims"]] == [claim["check"] for claim in packet.claims]
    assert body["framework_hash"] == packet.framework_hash
    assert [event["action"] for event in body["events"]] == ["create"]


def test_a_manager_starts_a_packet_for_a_report(acme, api_as):
    response = api_as(acme.manager).post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET})
    assert response.status_code == 201
    assert response.json()["author"]["name"] == "Max Manager"


def test_an_admin_outside_the_persons_chain_sees_them_but_may_not_write_their_packet(acme, api_as):
    other_admin = person_create(org=acme.org, name="Abe Admin", role=Role.ADMIN, password="x" * 20)[0]
    response = api_as(other_admin).post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET})
    assert response.status_code == 403
    assert not Packet.objects.exists()


def test_an_engineer_cannot_start_a_packet_for_someone_they_cannot_see(acme, eve):
    assert eve.post(f"/people/{acme.manager.pk}/packets", {"target": LEVEL.senior}).status_code == 404
    assert not Packet.objects.exists()


def test_a_target_that_is_not_above_the_persons_level_is_a_422_naming_target(acme, eve):
    for target in (LEVEL.junior, "wizard"):
        response = eve.post(f"/people/{acme.engineer.pk}/packets", {"target": target})
        assert response.status_code == 422
        assert response.json()["field"] == "target"
    assert not Packet.objects.exists()


def test_a_second_open_packet_for_the_same_person_is_a_409(acme, eve, packet_at):
    packet_at("submitted")
    response = eve.post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET})
    assert response.status_code == 409
    assert "already has a promotion packet" in response.json()["detail"]
    assert Packet.objects.count() == 1


def test_an_unknown_key_in_the_body_is_a_422(acme, eve):
    response = eve.post(f"/people/{acme.engineer.pk}/packets", {"target": TARGET, "narative": "typo"})
    assert response.status_code == 422
    assert response.json()["field"] == "narative"


def test_the_author_edits_the_narrative_of_a_draft(eve, packet_at):
    packet = packet_at("draft")
    response = eve.patch(f"/packets/{packet.pk}", {"narrative": "Rewritten.", "revision": packet.revision})
    assert response.status_code == 200
    assert response.json()["narrative"] == "Rewritten."
    assert Packet.objects.get().narrative == "Rewritten."


def test_the_author_changes_the_target_and_the_claims_are_read_again(eve, packet_at):
    packet = packet_at("draft")
    response = eve.patch(f"/packets/{packet.pk}", {"target": LEVEL.senior, "revision": packet.revision})
    assert response.status_code == 200
    body = response.json()
    assert body["target"] == LEVEL.senior
    assert body["narrative"] == packet.narrative
    assert {claim["level"] for claim in body["claims"]} >= {LEVEL.senior}


def test_a_stale_edit_is_a_409_and_changes_nothing(eve, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    response = eve.patch(f"/packets/{packet.pk}", {"narrative": "Late.", "revision": packet.revision + 5})
    assert response.status_code == 409
    assert "reload" in response.json()["detail"]
    assert state_of(packet) == before
    assert Packet.objects.get().narrative == NARRATIVE


def test_only_the_author_edits_a_draft(acme, api_as, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    response = api_as(acme.manager).patch(f"/packets/{packet.pk}", {"narrative": "Mine.", "revision": 1})
    assert response.status_code == 403
    assert state_of(packet) == before


def test_a_submitted_packet_can_no_longer_be_edited(eve, packet_at):
    packet = packet_at("submitted")
    before = state_of(packet)
    response = eve.patch(f"/packets/{packet.pk}", {"narrative": "Too late.", "revision": packet.revision})
    assert response.status_code == 409
    assert state_of(packet) == before


def test_null_for_the_narrative_is_a_422(eve, packet_at):
    packet = packet_at("draft")
    response = eve.patch(f"/packets/{packet.pk}", {"narrative": None, "revision": packet.revision})
    assert response.status_code == 422
    assert response.json()["field"] == "narrative"


def test_a_packet_shows_claims_with_evidence_verdicts_audits_flags_and_events(acme, api_as, packet_at):
    packet = packet_at("audited")
    body = api_as(acme.manager).get(f"/packets/{packet.pk}").json()
    assert body["state"] == "audited"
    assert body["revision"] == packet.revision
    claim = body["claims"][0]
    assert set(claim) >= {"check", "level", "title", "engine_passed", "detail", "evidence", "flags"}
    assert claim["verdict"]["verdict"] == packet.verdicts[claim["check"]]["verdict"]
    assert claim["audit"] == packet.audits[claim["check"]]
    assert body["flags"] == packet.flags
    assert [e["action"] for e in body["events"]] == ["create", "submit", "review", "audit"]
    assert body["events"][1]["actor"]["name"] == "Eve Engineer"


def test_packets_are_listed_for_everyone_who_may_see_them(acme, api_as, packet_at):
    packet_at("submitted")
    for viewer in ("engineer", "manager", "admin", "other_manager"):
        body = api_as(getattr(acme, viewer)).get("/packets").json()
        assert body["count"] == 1, viewer
        assert body["items"][0]["subject"]["name"] == "Eve Engineer"
    assert api_as(acme.outsider).get("/packets").json() == {"count": 0, "limit": 50, "offset": 0, "items": []}


def test_awaiting_lists_only_the_packets_waiting_for_the_caller(acme, api_as, packet_at):
    packet = packet_at("submitted")
    assert [p["id"] for p in api_as(acme.other_manager).get("/packets", awaiting="true").json()["items"]] == [
        packet.pk
    ]
    assert api_as(acme.engineer).get("/packets", awaiting="true").json()["count"] == 0
    assert api_as(acme.engineer).get("/packets").json()["count"] == 1


def test_packets_can_be_filtered_by_state(acme, api_as, packet_at):
    packet_at("draft")
    admin = api_as(acme.admin)
    assert admin.get("/packets", state="draft").json()["count"] == 1
    assert admin.get("/packets", state="promoted").json()["count"] == 0
    assert admin.get("/packets", state="lost").status_code == 422


def test_the_markdown_export_is_a_text_document(acme, eve, packet_at):
    packet = packet_at("reviewed")
    response = eve.get(f"/packets/{packet.pk}/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert "Eve Engineer" in text and NARRATIVE in text


def test_the_html_export_is_one_page_that_runs_nothing(eve, packet_at):
    packet = packet_at("reviewed")
    response = eve.get(f"/packets/{packet.pk}/export", format="html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<script" not in response.content.decode()
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_an_unknown_export_format_is_a_422(eve, packet_at):
    packet = packet_at("draft")
    response = eve.get(f"/packets/{packet.pk}/export", format="pdf")
    assert response.status_code == 422
    assert response.json()["field"] == "format"
