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
