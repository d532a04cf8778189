"""The evidence log: list, filter, add, edit, delete; fields from the framework; safe notes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ladders.leveling.models import AuditEvent, Evidence
from tests.framework_ids import KIND, SKILL
from tests.web.web_helpers import text_of


def add_url(person) -> str:
    return reverse("evidence-add", args=[person.pk])


def form_data(**fields) -> dict:
    data = {
        "kind": KIND.debugging_story,
        "title": "Tracked down the flaky retriever",
        "date": "2026-05-04",
        "scope": "feature",
        "users": "",
        "outcome": "Error rate down 30%",
        "skills": [SKILL.error_handling],
        "links": "https://example.com/postmortem\n",
        "notes": "Found it with **bisecting**.",
    }
    data.update(fields)
    return data


def test_my_evidence_lists_my_items_newest_first(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.adr, title="Older decision", date="2025-01-01")
    add_evidence(acme.engineer, KIND.tech_talk, title="Newer talk", date="2026-02-01")
    page = text_of(signed_in(acme.engineer).get(reverse("my-evidence")))
    assert page.index("Newer talk") < page.index("Older decision")


def test_it_filters_by_kind_and_searches_titles_outcomes_and_notes(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.adr, title="Queue choice")
    add_evidence(acme.engineer, KIND.tech_talk, title="Talk on evals", notes="about golden sets")
    client = signed_in(acme.engineer)
    by_kind = text_of(client.get(reverse("my-evidence"), {"kind": KIND.adr}))
    assert "Queue choice" in by_kind and "Talk on evals" not in by_kind
    by_text = text_of(client.get(reverse("my-evidence"), {"q": "golden"}))
    assert "Talk on evals" in by_text and "Queue choice" not in by_text


def test_the_form_offers_the_frameworks_kinds_scopes_and_skills(acme, signed_in, fw):
    html = signed_in(acme.engineer).get(add_url(acme.engineer)).content.decode()
    kinds = re.search(r'<select name="kind".*?</select>', html, re.S).group(0)
    assert kinds.count("<option") == len(fw.evidence_kinds)
    scopes = re.search(r'<select name="scope".*?</select>', html, re.S).group(0)
    assert scopes.count("<option") == len(fw.scopes)
    assert html.count('name="skills"') == len(fw.skills)
    with_users = [k.name for k in fw.evidence_kinds if k.has_users]
    assert "Only for: " + ", ".join(with_users) in html


def test_adding_evidence_stores_it_and_records_who_did_it(acme, signed_in):
    response = signed_in(acme.engineer).post(add_url(acme.engineer), form_data())
    assert response.status_code == 302
    item = Evidence.objects.get(person=acme.engineer)
    assert item.title == "Tracked down the flaky retriever"
    assert item.kind == KIND.debugging_story and item.scope == "feature"
    assert item.skills == [SKILL.error_handling] and item.links == ["https://example.com/postmortem"]
    assert item.author == acme.engineer and item.slug == "e1"
    assert AuditEvent.objects.filter(action="evidence.created", person=acme.engineer).exists()


def test_a_manager_may_add_evidence_for_a_report(acme, signed_in):
    assert signed_in(acme.manager).post(add_url(acme.engineer), form_data()).status_code == 302
    assert Evidence.objects.get(person=acme.engineer).author == acme.manager


def test_a_service_rule_is_shown_on_the_field_it_concerns_and_nothing_is_stored(acme, signed_in):
    response = signed_in(acme.engineer).post(add_url(acme.engineer), form_data(users="real"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "&#x27;users&#x27; applies only to kinds with users" in html
    assert html.index("applies only to kinds with users") > html.index('for="id_users"')
    assert not Evidence.objects.exists()


def test_a_missing_title_is_reported_and_nothing_is_stored(acme, signed_in):
    response = signed_in(acme.engineer).post(add_url(acme.engineer), form_data(title=""))
    assert response.status_code == 422
    assert b"This field is required" in response.content
    assert not Evidence.objects.exists()


def test_editing_changes_the_stored_item(acme, signed_in, add_evidence):
    item = add_evidence(acme.engineer, KIND.adr, title="Draft title")
    url = reverse("evidence-edit", args=[acme.engineer.pk, item.pk])
    client = signed_in(acme.engineer)
    form = client.get(url).content.decode()
    assert 'value="Draft title"' in form and 'value="2026-01-15"' in form
    response = client.post(url, form_data(kind=KIND.adr, title="Final title", outcome=""))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Final title" and item.outcome == "" and item.slug == "e1"


def test_deleting_asks_first_and_only_a_post_deletes(acme, signed_in, add_evidence):
    item = add_evidence(acme.engineer, KIND.adr, title="To go")
    url = reverse("evidence-delete", args=[acme.engineer.pk, item.pk])
    client = signed_in(acme.engineer)
    confirm = client.get(url)
    assert b"Delete \xe2\x80\x9cTo go\xe2\x80\x9d?" in confirm.content
    assert Evidence.objects.filter(pk=item.pk).exists()
    assert client.post(url).status_code == 302
    assert not Evidence.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.filter(action="evidence.deleted", subject=item.slug).exists()


def test_notes_are_rendered_from_markdown_with_scripts_stripped(acme, signed_in, add_evidence):
    add_evidence(
        acme.engineer,
        KIND.adr,
        notes=(
            "**Chose Kafka**\n\n<script>alert('x')</script>\n\n"
            "<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))"
        ),
    )
    html = signed_in(acme.engineer).get(reverse("my-evidence")).content.decode()
    assert "<strong>Chose Kafka</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_only_web_links_become_links(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.adr, links=["https://example.com/adr-7", "javascript:alert(1)"])
    html = signed_in(acme.engineer).get(reverse("my-evidence")).content.decode()
    assert 'href="https://example.com/adr-7"' in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("who", ["outsider", "other_manager"])
def test_outsiders_can_neither_see_nor_change_someone_elses_evidence(acme, signed_in, add_evidence, who):
    item = add_evidence(acme.engineer, KIND.adr, title="Private")
    client = signed_in(getattr(acme, who))
    pk, ipk = acme.engineer.pk, item.pk
    assert client.get(reverse("evidence", args=[pk])).status_code == 404
    assert client.post(add_url(acme.engineer), form_data()).status_code == 404
    assert client.post(reverse("evidence-edit", args=[pk, ipk]), form_data(title="Hacked")).status_code == 404
    assert client.post(reverse("evidence-delete", args=[pk, ipk])).status_code == 404
    item.refresh_from_db()
    assert item.title == "Private" and Evidence.objects.count() == 1


def test_an_item_cannot_be_reached_through_another_persons_address(acme, signed_in, add_evidence):
    item = add_evidence(acme.outsider, KIND.adr, title="Oscar's")
    url = reverse("evidence-edit", args=[acme.engineer.pk, item.pk])
    assert signed_in(acme.engineer).get(url).status_code == 404


def test_evidence_dated_after_today_is_a_form_error_and_nothing_is_stored(acme, signed_in):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in(acme.engineer).post(add_url(acme.engineer), form_data(date=tomorrow))
    assert response.status_code == 422
    assert f"{tomorrow} is in the future" in text_of(response)
    assert not Evidence.objects.exists()
