"""The check-in form of a checklist ladder: one checkbox per criterion, by topic and level."""

from __future__ import annotations

import re

import pytest
import yaml
from django.urls import reverse

from ladders.core.framework_loader import framework_from_text
from ladders.core.interchange.monzo import monzo_import
from ladders.leveling.models import CheckIn, CheckInStatus
from ladders.leveling.services import framework_upload
from tests.monzo_fixture import MONZO_SMALL
from tests.web.web_helpers import text_of

QUARTER = "2026-Q1"
URL = reverse("checkin", args=[QUARTER])


@pytest.fixture
def tools(acme):
    text = yaml.safe_dump(monzo_import(MONZO_SMALL, "tools.md"), sort_keys=False)
    framework_upload(actor=acme.admin, text=text, source="tools.yaml")
    return framework_from_text(text)


def _form(fw, ticked: list[str]) -> dict[str, str]:
    data = {f"rating__{s.id}": str(fw.rating_scale.min) for s in fw.skills}
    data.update({f"criterion__{c}": "on" for c in ticked})
    return {**data, "notes": "", "revision": "0", "action": "draft"}


def test_the_form_groups_the_criteria_by_topic_and_then_level(acme, signed_in, tools):
    response = signed_in(acme.engineer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for criterion in tools.criteria:
        assert f'name="criterion__{criterion.id}"' in html
    text = text_of(response)
    first_topic, second_topic = (c.name for c in tools.category_list)
    assert text.index(first_topic) < text.index(tools.criteria[0].text) < text.index(second_topic)
    topic_block = html.split('class="criteria-topic"')[1]
    levels = re.findall(r"<h3>([^<]+)</h3>", topic_block)
    assert levels == [level.name for level in tools.levels]
    assert "Suggested a clearer name and said why" in text


def test_ticked_criteria_are_saved_as_self_asserted_and_come_back_ticked(acme, signed_in, tools):
    ticked = [tools.criteria[0].id, tools.criteria[-1].id]
    response = signed_in(acme.engineer).post(URL, _form(tools, ticked))
    assert response.status_code == 302
    stored = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER)
    assert stored.status == CheckInStatus.DRAFT
    assert stored.criteria == {c: [] for c in ticked}
    html = signed_in(acme.engineer).get(URL).content.decode()
    assert re.search(rf'name="criterion__{re.escape(ticked[0])}"[^>]*checked', html)
    assert not re.search(rf'name="criterion__{re.escape(tools.criteria[1].id)}"[^>]*checked', html)


def test_a_default_ladder_check_in_shows_no_criteria_section(acme, signed_in):
    assert "criteria-heading" not in signed_in(acme.engineer).get(URL).content.decode()


def test_the_manager_sees_the_met_criteria_with_their_evidence_before_signing_off(acme, signed_in, tools):
    first, second = tools.criteria[0], tools.criteria[1]
    CheckIn.objects.create(
        person=acme.engineer,
        quarter=QUARTER,
        status=CheckInStatus.SUBMITTED,
        criteria={first.id: ["pr-7"], second.id: []},
    )
    response = signed_in(acme.manager).get(reverse("checkin-review", args=[acme.engineer.pk, QUARTER]))
    assert response.status_code == 200
    text = text_of(response)
    assert "Criteria marked as met" in text
    assert f"{first.text} evidence: pr-7" in text
    assert f"{second.text} self-asserted" in text
    section = response.content.decode().split('id="criteria-met-heading"')[1].split("</section>")[0]
    assert tools.criteria[2].text not in section
    outsider = signed_in(acme.outsider).get(reverse("checkin-review", args=[acme.engineer.pk, QUARTER]))
    assert outsider.status_code == 404
