"""An unsubmitted check-in is its author's alone on the pages too, by the same rule as the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.framework_ids import SKILL
from tests.web.web_helpers import text_of

DRAFT = "2026-Q3"
SUBMITTED = "2026-Q2"
NOTES = "Private: I think my manager undervalues the RAG work."


@pytest.fixture
def draft(acme, checkin):
    checkin(acme.engineer, SUBMITTED, status="submitted", self_ratings={SKILL.rag_systems: 2})
    return checkin(acme.engineer, DRAFT, status="draft", self_ratings={SKILL.rag_systems: 3}, notes=NOTES)


def test_the_author_opens_their_draft_and_sees_their_notes(acme, signed_in, draft):
    client = signed_in(acme.engineer)
    response = client.get(reverse("checkin", args=[DRAFT]))
    assert response.status_code == 200 and NOTES in response.content.decode()
    assert f"{DRAFT}: Draft" in text_of(client.get("/"))


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_chain_and_admins_are_told_the_draft_does_not_exist(acme, signed_in, draft, who):
    client = signed_in(getattr(acme, who))
    response = client.get(reverse("checkin-review", args=[acme.engineer.pk, DRAFT]))
    assert response.status_code == 404
    assert NOTES not in response.content.decode()


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_person_page_lists_no_draft_for_the_chain_and_admins(acme, signed_in, draft, who):
    page = text_of(signed_in(getattr(acme, who)).get(reverse("person", args=[acme.engineer.pk])))
    assert f"{SUBMITTED}: Submitted" in page
    assert DRAFT not in page
