"""Before activating a framework version an admin sees its diff and whom it would move."""

from __future__ import annotations

import copy

import pytest
from django.http import Http404

from ladders.leveling import services
from ladders.leveling.framework_review import version_diff, version_what_if
from ladders.leveling.frameworks import active_version, framework_of
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.selectors import level_history_of
from tests.framework_ids import CHECK, LEVEL, SKILL
from tests.leveling.leveling_helpers import edited_framework, gate_of, make_mid, sign_off, upload
from tests.minimum_profiles import MID_RATINGS
from tests.org_fixtures import add_engineer


def stricter_shipped(data):
    gate_of(data, CHECK.mid_shipped)["rule"]["evidence"]["min"] = 3


def test_the_diff_shows_the_changed_gate(acme):
    version = upload(acme.admin, edited_framework(stricter_shipped))
    diff = version_diff(actor=acme.admin, version=version)
    assert diff["old"]["hash"] == active_version(acme.org).content_hash
    assert diff["new"]["hash"] == version.content_hash
    assert [c["id"] for c in diff["gates"]["changed"]] == [CHECK.mid_shipped]


def test_what_if_names_who_moves_and_the_check_that_flipped(acme, mid_engineer):
    stays = add_engineer(acme, "Finn Fisher", acme.manager)  # junior either way
    version = upload(acme.admin, edited_framework(stricter_shipped))
    (change,) = version_what_if(actor=acme.admin, version=version)
    assert (change["key"], change["name"]) == (mid_engineer.pk, mid_engineer.name)
    assert (change["from"], change["to"], change["direction"]) == (LEVEL.mid, LEVEL.junior, "down")
    assert [(f["check"], f["was"], f["now"]) for f in change["because"]] == [(CHECK.mid_shipped, True, False)]
    assert stays.pk not in {c["key"] for c in version_what_if(actor=acme.admin, version=version)}


def test_what_if_shows_a_renamed_skill_costing_someone_their_level(acme, mid_engineer):
    # The new version calls rag_systems retrieval_systems: Eve's rating is for the old id.
    version = upload(
        acme.admin, edited_framework(lambda d: None).replace(SKILL.rag_systems, "retrieval_systems")
    )
    (change,) = version_what_if(actor=acme.admin, version=version)
    assert change["key"] == mid_engineer.pk
    assert (change["from"], change["to"]) == (LEVEL.mid, LEVEL.junior)
    assert [f["check"] for f in change["because"]] == [CHECK.mid_ai_core]


def test_what_if_of_the_active_version_moves_nobody(acme, mid_engineer):
    assert version_what_if(actor=acme.admin, version=active_version(acme.org)) == []


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_only_admins_review_versions(acme, who):
    version = upload(acme.admin, edited_framework(stricter_shipped))
    for review in (version_diff, version_what_if):
        with pytest.raises(Http404):
            review(actor=acme.people()[who], version=version)


def test_an_admin_of_another_org_cannot_review_this_orgs_version(acme):
    from tests.org_fixtures import make_org

    version = upload(acme.admin, edited_framework(stricter_shipped))
    with pytest.raises(Http404):
        version_diff(actor=make_org("Globex").admin, version=version)


def test_activating_a_new_version_never_rewrites_history(acme):
    make_mid(acme.engineer)
    add_engineer(acme, "Finn Fisher", acme.manager)
    snapshot = sign_off(acme.engineer, acme.manager, MID_RATINGS)
    old_version, stored = snapshot.framework, copy.deepcopy(snapshot.result)

    services.framework_upload(actor=acme.admin, text=edited_framework(stricter_shipped), activate=True)
    assert active_version(acme.org).pk != old_version.pk

    snapshot = AssessmentSnapshot.objects.get(pk=snapshot.pk)
    assert snapshot.framework_id == old_version.pk
    old = framework_of(snapshot.framework)
    assert old.content_hash == snapshot.framework_hash == stored["framework"]["hash"]
    assert snapshot.result == stored and snapshot.level == LEVEL.mid
    # Every check the stored result names still exists in the framework it was made with.
    assert {c["id"] for g in stored["gates"] for c in g["checks"]} <= {
        gate.id for level in old.levels for gate in level.gates
    }
    # The history renders under the new framework, marked as made with another version.
    (row,) = level_history_of(acme.engineer, framework_of(active_version(acme.org)))
    assert row["level"] == LEVEL.mid and row["level_name"] == "Mid" and not row["current_framework"]
