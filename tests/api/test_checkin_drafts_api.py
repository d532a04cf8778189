"""An unsubmitted check-in is its author's alone: their manager and admins are told it does not exist.

The rule is the one the pages follow (tests/web/test_checkin_drafts_page.py): one selector decides.
"""

from __future__ import annotations

import pytest

from ladders.leveling.services import checkin_save
from tests.framework_ids import SKILL

DRAFT = "2026-Q3"
SUBMITTED = "2026-Q2"
NOTES = "Private: I think my manager undervalues the RAG work."


@pytest.fixture
def url(acme):
    checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=SUBMITTED,
        self_ratings={SKILL.rag_systems: 2},
        submit=True,
    )
    checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=DRAFT,
        self_ratings={SKILL.rag_systems: 3},
        notes=NOTES,
    )
    return f"/people/{acme.engineer.pk}/checkins"


def test_the_author_reads_their_draft_with_its_notes(acme, api_as, url):
    response = api_as(acme.engineer).get(f"{url}/{DRAFT}")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["notes"]) == ("draft", NOTES)
    listed = api_as(acme.engineer).get(url).json()["items"]
    assert [item["quarter"] for item in listed] == [DRAFT, SUBMITTED]


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_chain_and_admins_get_the_answer_for_a_quarter_without_a_checkin(acme, api_as, url, who):
    api = api_as(getattr(acme, who))
    draft = api.get(f"{url}/{DRAFT}")
    absent = api.get(f"{url}/2020-Q1")
    assert draft.status_code == absent.status_code == 404
    assert draft.json()["detail"] == absent.json()["detail"].replace("2020-Q1", DRAFT)
    assert NOTES.encode() not in draft.content


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_list_leaves_drafts_out_for_anyone_but_the_author(acme, api_as, url, who):
    body = api_as(getattr(acme, who)).get(url).json()
    assert [item["quarter"] for item in body["items"]] == [SUBMITTED]
    assert body["count"] == 1
    assert NOTES not in str(body)


def test_once_submitted_the_manager_reads_it(acme, api_as, url):
    api_as(acme.engineer).post(f"{url}/{DRAFT}/submit", {})
    response = api_as(acme.manager).get(f"{url}/{DRAFT}")
    assert response.status_code == 200
    assert response.json()["notes"] == NOTES


def test_a_manager_still_may_not_submit_the_draft(acme, api_as, url):
    response = api_as(acme.manager).post(f"{url}/{DRAFT}/submit", {})
    assert response.status_code == 403
    assert NOTES.encode() not in response.content


def test_an_outsider_gets_404_as_before(acme, api_as, url):
    assert api_as(acme.outsider).get(f"{url}/{DRAFT}").status_code == 404
