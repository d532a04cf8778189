"""The framework browser shows the active framework as people read it, derived from the file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.core.checks import describe_rule
from tests.web.web_helpers import text_of

URL = reverse("framework")


@pytest.mark.parametrize("who", ["engineer", "manager", "admin"])
def test_everyone_signed_in_can_read_it(acme, signed_in, who):
    assert signed_in(getattr(acme, who)).get(URL).status_code == 200


def test_it_shows_every_level_gate_rule_skill_rubric_and_evidence_kind(acme, signed_in, fw):
    page = text_of(signed_in(acme.engineer).get(URL))
    for level in fw.levels:
        assert level.name in page
        for gate in level.gates:
            assert gate.title in page and gate.id in page
            assert describe_rule(gate.rule, fw) in page
    for skill in fw.skills:
        assert skill.name in page
        assert " ".join(skill.rubric[fw.rating_scale.max].split()) in page
    for kind in fw.evidence_kinds:
        assert kind.name in page


def test_it_is_not_public(client, acme):
    assert client.get(URL).status_code == 302
