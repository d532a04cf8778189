"""A promotion packet walks through all three passes and the decision, in headless Chromium.

Four people take the four steps through the real pages, each signed in through the real form:
the engineer's manager writes the packet and chooses the other manager as reviewer; she gives
every claim a verdict, cites evidence and nominates the outsider (the author's manager, the
admin, may not review the review); he confirms every verdict; the admin promotes. The same
walk with Django's test client (the engineer as author) is tests/web/test_packets_walk.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import AssessmentSnapshot
from ladders.promotions.models import Packet
from tests.framework_ids import LEVEL
from tests.minimum_profiles import minimum_profile
from tests.org_fixtures import Org
from tests.records import give_record

pytestmark = pytest.mark.e2e


def ready_for_mid(org: Org) -> None:
    """Eve is recorded at the first level, with the evidence and ratings of the second."""
    give_record(org.engineer, minimum_profile(LEVEL.mid))
    _, fw = active_framework(org.org)
    org.engineer.refresh_from_db()
    org.engineer.level = fw.levels[0].id
    org.engineer.save(update_fields=["level"])


def state_is(page: Page, state: str) -> None:
    expect(page.locator("header.page-header .state")).to_have_text(state)


def test_a_packet_is_drafted_reviewed_reviewed_again_and_promoted_by_four_people(
    org: Org, page: Page, sign_in
):
    ready_for_mid(org)
    _, fw = active_framework(org.org)
    target = fw.levels[1]
    engineer = org.engineer.name

    # Pass 1: the manager writes the packet and submits it to the other manager.
    sign_in(org.manager)
    page.goto(f"/people/{org.engineer.pk}/packets/new/")
    expect(page.get_by_role("heading", name=f"New promotion packet for {engineer}")).to_be_visible()
    page.get_by_label("Target level").select_option(label=target.name)
    page.get_by_label("Narrative").fill("First draft.")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", name=f"{engineer} for {target.name}", exact=True)).to_be_visible()
    state_is(page, "Draft")
    expect(page.get_by_role("status")).to_contain_text("Started a draft packet")
    packet = Packet.objects.get(subject=org.engineer)
    assert packet.author == org.manager

    page.get_by_label("Narrative").fill("Eve shipped two features people use.")
    page.get_by_label(re.compile(r"^Reviewer:?$")).select_option(str(org.other_manager.pk))
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text(f"Submitted for review by {org.other_manager.name}.")
    state_is(page, "Submitted")
    expect(page.get_by_text(f"Next: review the claims, by {org.other_manager.name}.")).to_be_visible()
    packet.refresh_from_db()
    assert (packet.state, packet.reviewer) == ("submitted", org.other_manager)
    assert packet.claims, "the packet has no claims to review"

    # Pass 2: the other manager gives every claim a verdict, cites evidence, nominates the outsider.
    page.context.clear_cookies()
    sign_in(org.other_manager)
    page.goto(f"/packets/{packet.pk}/")
    expect(page.get_by_text("Your turn: review the claims")).to_be_visible()
    anything = next(iter(packet.evidence))
    claims = page.get_by_role("article")
    expect(claims).to_have_count(len(packet.claims))
    for i, claim in enumerate(packet.claims):
        card = claims.nth(i)
        expect(card).to_contain_text(claim["title"])
        card.get_by_role("radio", name="Supported", exact=True).check()
        card.get_by_role("textbox", name=re.compile(r"^Comment")).fill(f"Backed by {claim['title']}.")
        for slug in claim["evidence"] or [anything]:
            title = packet.evidence[slug]["title"]
            card.get_by_role("checkbox", name=re.compile(rf"^{re.escape(title)} \(")).check()
    page.get_by_label("Reviewer of the review").select_option(str(org.outsider.pk))
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Review recorded; {org.outsider.name} reviews the review next."
    )
    state_is(page, "Reviewed")
    expect(page.get_by_text("Verdict: Supported.")).to_have_count(len(packet.claims))
    packet.refresh_from_db()
    assert packet.state == "reviewed" and packet.auditor == org.outsider
    assert {v["verdict"] for v in packet.verdicts.values()} == {"supported"}

    # Pass 3: the outsider, now the reviewer of the review, confirms every verdict with a comment.
    page.context.clear_cookies()
    sign_in(org.outsider)
    page.goto(f"/packets/{packet.pk}/")
    expect(page.get_by_text("Your turn: review the review")).to_be_visible()
    claims = page.get_by_role("article")
    expect(claims).to_have_count(len(packet.claims))
    for i in range(len(packet.claims)):
        card = claims.nth(i)
        card.get_by_role("radio", name="Confirmed", exact=True).check()
        card.get_by_role("textbox", name=re.compile(r"^Comment")).fill("Read the evidence; it holds.")
    page.get_by_role("button", name="Record the review of the review").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Review of the review recorded; an admin decides next."
    )
    state_is(page, "Audited")
    expect(page.get_by_text("Review of the review: Confirmed.")).to_have_count(len(packet.claims))
    packet.refresh_from_db()
    assert packet.state == "audited"

    # The admin decides: promote.
    page.context.clear_cookies()
    sign_in(org.admin)
    page.goto(f"/packets/{packet.pk}/")
    expect(page.get_by_text("Your turn: decide")).to_be_visible()
    page.get_by_role("group", name="Decision").get_by_role("radio", name="Promote", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text(f"Promoted {engineer}.")
    state_is(page, "Promoted")
    expect(page.get_by_role("heading", name="Decision: Promote")).to_be_visible()
    history = page.get_by_role("region", name="History")
    for words in ("started the packet", "submitted it for review", "reviewed the review", "decided: promote"):
        expect(history).to_contain_text(words)

    packet.refresh_from_db()
    assert packet.state == "promoted" and packet.decided_by == org.admin
    org.engineer.refresh_from_db()
    assert org.engineer.level == target.id
    snapshot = AssessmentSnapshot.objects.get(person=org.engineer, level=target.id)
    assert snapshot.framework_hash == active_version(org.org).content_hash
    assert packet.snapshot_id == snapshot.pk
