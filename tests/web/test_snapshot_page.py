"""A past assessment's page shows the evidence it cited as it was then, even after edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot
from tests import records
from tests.framework_ids import LEVEL
from tests.minimum_profiles import minimum_profile
from tests.web.web_helpers import text_of

MID = minimum_profile(LEVEL.mid)
TITLES = [item["title"] for item in MID["evidence"]]


@pytest.fixture
def signed_off(acme):
    """Eve's mid evidence and ratings, signed off by her manager this quarter."""
    return records.signed_off(acme.engineer, acme.manager, MID)


def test_editing_and_deleting_evidence_leaves_the_snapshot_page_as_it_was(acme, signed_in, signed_off):
    first, _, third = (acme.engineer.evidence.get(title=t) for t in TITLES)
    services.evidence_update(actor=acme.engineer, item=first, data={"title": "Renamed to rewrite history"})
    services.evidence_delete(actor=acme.engineer, item=third)
    url = reverse("snapshot", args=[acme.engineer.pk, signed_off.pk])
    for who in (acme.engineer, acme.manager, acme.admin):
        page = text_of(signed_in(who).get(url))
        assert "Renamed to rewrite history" not in page, who
        for title in TITLES:
            assert title in page, (who, title)
        assert "since removed" not in page, who


def test_a_snapshot_page_is_not_found_for_an_outsider(acme, signed_in, signed_off):
    url = reverse("snapshot", args=[acme.engineer.pk, signed_off.pk])
    assert signed_in(acme.outsider).get(url).status_code == 404


def test_an_item_the_snapshot_kept_no_record_of_is_named_by_its_id(acme, signed_in, signed_off):
    AssessmentSnapshot.objects.filter(pk=signed_off.pk).update(evidence={})
    page = text_of(signed_in(acme.engineer).get(reverse("snapshot", args=[acme.engineer.pk, signed_off.pk])))
    assert "no record kept" in page
