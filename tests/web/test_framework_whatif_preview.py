"""Before activating a framework version, an admin sees what changes and whose level would move.

Activating never rewrites history: a level signed off under the old version still opens, and
reads, against the version it was made with.
"""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling import services
from ladders.leveling.frameworks import active_version
from ladders.leveling.models import AssessmentSnapshot, FrameworkVersion
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

SHIPPED = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))


def stricter(fw, *, renamed: str | None = None) -> tuple[str, dict]:
    """The shipped YAML with the second level's first gate asking one more item (and the level renamed)."""
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    level = data["levels"][1]
    gate = level["gates"][0]
    gate["rule"]["evidence"]["min"] = gate["rule"]["evidence"].get("min", 1) + 1
    if renamed:
        level["name"] = renamed
    data["version"] = "next"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True), gate


@pytest.fixture
def at_second_level(acme, mid_evidence, checkin):
    """Eve's evidence and ratings show the second level, with exactly the items its gates ask."""
    mid_evidence(acme.engineer)
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    return acme.engineer


def test_storing_a_version_without_activating_it_leads_to_its_preview(acme, signed_in, fw, at_second_level):
    text, _ = stricter(fw)
    response = signed_in(acme.admin).post(reverse("admin-frameworks"), {"text": text})
    version = FrameworkVersion.objects.get(org=acme.org, version="next")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin-framework-preview", args=[version.pk])
    assert not version.active


def test_the_preview_shows_the_changed_gate_and_the_person_who_would_move(
    acme, signed_in, fw, at_second_level
):
    text, gate = stricter(fw)
    version = services.framework_upload(actor=acme.admin, text=text, activate=False)
    response = signed_in(acme.admin).get(reverse("admin-framework-preview", args=[version.pk]))
    assert response.status_code == 200
    page = text_of(response)
    moves = page[page.index("Who would change level") : page.index("What changes")]
    assert f"{at_second_level.name} {fw.levels[1].name} {fw.levels[0].name} (down)" in moves
    assert f"{gate['title']}: passed → fails" in moves
    changes = page[page.index("What changes") :]
    assert f"{gate['title']} {gate['id']} rule" in changes
    old_min, new_min = gate["rule"]["evidence"]["min"] - 1, gate["rule"]["evidence"]["min"]
    assert f"≥ {old_min} " in changes and f"≥ {new_min} " in changes
    assert f"Activate {version.name} next" in page
    assert active_version(acme.org).version != "next"  # looking changes nothing


def test_a_stored_inactive_version_is_previewed_from_the_list(acme, signed_in, fw):
    version = services.framework_upload(actor=acme.admin, text=stricter(fw)[0], activate=False)
    html = signed_in(acme.admin).get(reverse("admin-frameworks")).content.decode()
    assert f'href="{reverse("admin-framework-preview", args=[version.pk])}"' in html


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_only_admins_preview_a_version(acme, signed_in, fw, who):
    version = services.framework_upload(actor=acme.admin, text=stricter(fw)[0], activate=False)
    assert (
        signed_in(getattr(acme, who)).get(reverse("admin-framework-preview", args=[version.pk])).status_code
        == 404
    )


def test_an_old_snapshot_still_renders_against_its_own_version_after_activating_a_new_one(
    acme, signed_in, fw, at_second_level
):
    checkin = at_second_level.checkins.get()
    snapshot = services.checkin_sign_off(actor=acme.manager, checkin=checkin, manager_ratings=MID_RATINGS)
    assert snapshot.level == fw.levels[1].id
    text, _ = stricter(fw, renamed="Intermediate")
    version = services.framework_upload(actor=acme.admin, text=text, activate=False)
    response = signed_in(acme.admin).post(reverse("admin-framework-activate", args=[version.pk]))
    assert response.status_code == 302 and active_version(acme.org).pk == version.pk

    url = reverse("snapshot", args=[at_second_level.pk, snapshot.pk])
    dashboard = signed_in(acme.engineer).get("/").content.decode()
    assert f'href="{url}"' in dashboard and "(earlier version)" in dashboard
    for who in (acme.engineer, acme.manager, acme.admin):
        response = signed_in(who).get(url)
        assert response.status_code == 200
        page = text_of(response)
        assert f"Level: {fw.levels[1].name}" in page and "Intermediate" not in page
        assert f"{fw.name} {fw.version}" in page and "an earlier version" in page
    assert AssessmentSnapshot.objects.get(pk=snapshot.pk).result == snapshot.result
    assert signed_in(acme.outsider).get(url).status_code == 404
    assert (
        signed_in(acme.engineer).get(reverse("snapshot", args=[acme.outsider.pk, snapshot.pk])).status_code
        == 404
    )


def test_the_preview_moves_the_whole_org_with_the_batch_engine_and_explains_one_page(
    acme, signed_in, fw, at_second_level, monkeypatch
):
    """More movers than a page holds: the batch engine sees everyone once per framework from
    the facts store, and only the page's movers are assessed one by one for the details."""
    from ladders.core import limits
    from ladders.leveling import framework_review
    from ladders.leveling.models import CheckIn, Evidence
    from tests.org_fixtures import add_engineer

    template = list(Evidence.objects.filter(person=at_second_level))
    checkin = at_second_level.checkins.get()
    movers = [add_engineer(acme, f"Mover {n:02}", acme.manager) for n in range(limits.PAGE_SIZE + 5)]
    # Bulk inserts send no signals: the store is cold for these people, and the read fills it.
    Evidence.objects.bulk_create(
        Evidence(
            person=p,
            slug=e.slug,
            kind=e.kind,
            title=e.title,
            date=e.date,
            scope=e.scope,
            users=e.users,
            outcome=e.outcome,
            skills=e.skills,
        )
        for p in movers
        for e in template
    )
    CheckIn.objects.bulk_create(
        CheckIn(person=p, quarter=checkin.quarter, status=checkin.status, self_ratings=checkin.self_ratings)
        for p in movers
    )
    batched: list[int] = []
    one_by_one: list[str] = []
    real_many, real_assess = framework_review.assess_many, framework_review.assess

    def assess_many(framework, facts, **kwargs):
        batched.append(facts.people)
        return real_many(framework, facts, **kwargs)

    def assess(framework, profile, **kwargs):
        one_by_one.append(profile.name)
        return real_assess(framework, profile, **kwargs)

    monkeypatch.setattr(framework_review, "assess_many", assess_many)
    monkeypatch.setattr(framework_review, "assess", assess)
    version = services.framework_upload(actor=acme.admin, text=stricter(fw)[0], activate=False)
    response = signed_in(acme.admin).get(reverse("admin-framework-preview", args=[version.pk]))
    assert response.status_code == 200
    everyone = acme.org.people.count()
    assert batched == [everyone, everyone]  # old and new framework, the whole org each
    shown = limits.PAGE_SIZE
    assert len(one_by_one) == 2 * shown  # each shown mover, under each framework
    page = text_of(response)
    assert f"{len(movers) + 1} people would change level" in page
    assert f"Page 1 of 2 (1–{shown} of {len(movers) + 1})" in page
    _, gate = stricter(fw)
    assert page.count(f"{gate['title']}: passed → fails") == shown
    second = text_of(
        signed_in(acme.admin).get(reverse("admin-framework-preview", args=[version.pk]), {"page": 2})
    )
    assert (
        "Page 2 of 2" in second
        and second.count(f"{gate['title']}: passed → fails") == len(movers) + 1 - shown
    )
