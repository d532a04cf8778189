"""The evidence inbox page: upload a brag doc, accept (with edits), reject, in bulk too."""

from __future__ import annotations

from django.urls import reverse

from ladders.leveling.models import Evidence, EvidenceSuggestion, SuggestionState
from tests.framework_ids import KIND
from tests.web.web_helpers import text_of

BRAG = """## 2026-03

- 2026-03-04: Led the incident response for the search outage; cut time to mitigate by 40%.
- 2026-03-20: Gave a talk on retrieval evaluation at the platform guild.
- 2026-03-25: Mentored a new engineer through their first on-call week.
"""


def upload(client, person, text=BRAG, source_type="brag"):
    return client.post(
        reverse("evidence-inbox-upload", args=[person.pk]),
        {"source_type": source_type, "text": text, "identities": ""},
    )


def pending(person):
    return list(
        EvidenceSuggestion.objects.filter(person=person, state=SuggestionState.PENDING).order_by("date")
    )


def decide(client, person, action, **fields):
    return client.post(reverse("evidence-inbox", args=[person.pk]), {"action": action, **fields})


def test_an_uploaded_brag_doc_lists_its_suggestions_with_why_and_quotes(acme, signed_in):
    client = signed_in(acme.engineer)
    response = upload(client, acme.engineer)
    assert response.status_code == 302
    page = text_of(client.get(reverse("evidence-inbox", args=[acme.engineer.pk])))
    assert "3 suggestions to review" in page
    assert "Led the incident response for the search outage" in page
    assert "cut time to mitigate by 40%" in page
    assert "lines 3-3" in page


def test_uploading_the_same_doc_again_adds_nothing(acme, signed_in):
    client = signed_in(acme.engineer)
    upload(client, acme.engineer)
    upload(client, acme.engineer)
    assert EvidenceSuggestion.objects.filter(person=acme.engineer).count() == 3


def test_accepting_with_edits_creates_one_item_that_keeps_its_source_and_shows_it_on_the_log(acme, signed_in):
    client = signed_in(acme.engineer)
    upload(client, acme.engineer)
    incident = next(s for s in pending(acme.engineer) if s.kind == KIND.incident)

    response = decide(
        client, acme.engineer, f"accept-{incident.pk}", **{f"title-{incident.pk}": "Ran the outage"}
    )
    decide(client, acme.engineer, f"accept-{incident.pk}")

    assert response.status_code == 302
    [item] = Evidence.objects.filter(person=acme.engineer)
    assert (item.title, item.kind, item.outcome) == (
        "Ran the outage",
        KIND.incident,
        "cut time to mitigate by 40%",
    )
    assert item.source["type"] == "brag" and item.source["lines"] == [3, 3]
    assert item.source["suggestion"] == incident.suggestion_id
    log = text_of(client.get(reverse("evidence", args=[acme.engineer.pk])))
    assert "Source: brag brag" not in log  # the file name is the path
    assert "lines 3-3" in log


def test_a_rejected_suggestion_stays_rejected_when_the_doc_comes_again(acme, signed_in):
    client = signed_in(acme.engineer)
    upload(client, acme.engineer)
    talk = next(s for s in pending(acme.engineer) if s.kind == KIND.tech_talk)
    decide(client, acme.engineer, f"reject-{talk.pk}")
    upload(client, acme.engineer)
    assert talk.pk not in [s.pk for s in pending(acme.engineer)]
    page = client.get(reverse("evidence-inbox", args=[acme.engineer.pk])).content.decode()
    assert f'value="accept-{talk.pk}"' not in page
    assert "2 suggestions to review, 1 decided already" in text_of(
        client.get(reverse("evidence-inbox", args=[acme.engineer.pk]))
    )


def test_bulk_accept_and_reject_decide_the_ticked_ones(acme, signed_in):
    client = signed_in(acme.engineer)
    upload(client, acme.engineer)
    first, second, third = pending(acme.engineer)
    decide(client, acme.engineer, "accept-selected", selected=[first.pk, second.pk])
    decide(client, acme.engineer, "reject-selected", selected=[third.pk])
    assert pending(acme.engineer) == []
    assert Evidence.objects.filter(person=acme.engineer).count() == 2


def test_the_manager_may_review_the_inbox_and_an_outsider_is_told_it_does_not_exist(acme, signed_in, client):
    upload(signed_in(acme.engineer), acme.engineer)
    assert signed_in(acme.manager).get(reverse("evidence-inbox", args=[acme.engineer.pk])).status_code == 200
    outsider = signed_in(acme.outsider)
    assert outsider.get(reverse("evidence-inbox", args=[acme.engineer.pk])).status_code == 404
    assert upload(outsider, acme.engineer).status_code == 404
    assert len(pending(acme.engineer)) == 3


def test_a_wrong_file_is_a_form_error_and_nothing_is_added(acme, signed_in):
    client = signed_in(acme.engineer)
    response = upload(client, acme.engineer, text="{not json", source_type="github")
    assert response.status_code == 422
    assert "not JSON" in text_of(response)
    assert EvidenceSuggestion.objects.filter(person=acme.engineer).count() == 0
