"""A signed-off snapshot keeps what its evidence said at sign-off; later edits rewrite nothing."""

from __future__ import annotations

import importlib

from django.apps import apps

from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot
from tests.framework_ids import KIND
from tests.leveling.leveling_helpers import add_evidence


def _cited(result: dict) -> set[str]:
    return {slug for gate in result["gates"] for check in gate["checks"] for slug in check["evidence"]}


def test_sign_off_stores_every_cited_item_as_it_was(mid_engineer):
    snapshot = AssessmentSnapshot.objects.get(person=mid_engineer)
    assert _cited(snapshot.result) and _cited(snapshot.result) <= set(snapshot.evidence)
    item = mid_engineer.evidence.filter(kind=KIND.debugging_story).get()
    assert snapshot.evidence[item.slug] == {
        "title": item.title,
        "kind": KIND.debugging_story,
        "date": item.date.isoformat(),
        "outcome": "Found the cause",
        "scope": "feature",
    }


def test_editing_or_deleting_the_evidence_changes_nothing_in_the_snapshot(mid_engineer):
    snapshot = AssessmentSnapshot.objects.get(person=mid_engineer)
    kept_evidence, kept_result = snapshot.evidence, snapshot.result
    edited, deleted = mid_engineer.evidence.order_by("id")[:2]
    services.evidence_update(
        actor=mid_engineer,
        item=edited,
        data={"title": "Renamed long after", "outcome": "Rewritten", "scope": "team"},
    )
    services.evidence_delete(actor=mid_engineer, item=deleted)
    snapshot.refresh_from_db()
    assert (snapshot.evidence, snapshot.result) == (kept_evidence, kept_result)
    assert snapshot.evidence[edited.slug]["title"] == edited.title
    assert snapshot.evidence[deleted.slug]["title"] == deleted.title


def test_evidence_recorded_after_sign_off_is_not_in_the_snapshot(mid_engineer):
    later = add_evidence(mid_engineer, KIND.debugging_story, title="Recorded afterwards")
    assert later.slug not in AssessmentSnapshot.objects.get(person=mid_engineer).evidence


def test_existing_snapshots_are_backfilled_from_the_evidence_rows_still_there(mid_engineer):
    snapshot = AssessmentSnapshot.objects.get(person=mid_engineer)
    gone = mid_engineer.evidence.order_by("id").first()
    services.evidence_delete(actor=mid_engineer, item=gone)
    AssessmentSnapshot.objects.filter(pk=snapshot.pk).update(evidence={})
    migration = importlib.import_module("ladders.leveling.migrations.0004_snapshot_cited_evidence")
    migration.backfill_cited_evidence(apps, None)
    snapshot.refresh_from_db()
    still_there = {item.slug: item for item in mid_engineer.evidence.all()}
    assert set(snapshot.evidence) == _cited(snapshot.result) - {gone.slug}
    for slug, record in snapshot.evidence.items():
        assert record["title"] == still_there[slug].title
