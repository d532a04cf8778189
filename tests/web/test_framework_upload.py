"""Admins upload, validate and activate framework versions; a bad file changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ladders.core import limits
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling.models import FrameworkVersion
from tests.hostile_yaml import BILLION_LAUGHS, MEGABYTE, RECURSIVE, deeply_nested, peak_memory_of
from tests.web.web_helpers import text_of

URL = reverse("admin-frameworks")
SHIPPED = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
NEWER = SHIPPED.replace('version: "2026.1"', 'version: "2026.2"', 1)
BROKEN = NEWER.replace("    type: practice\n", "    type: pratice\n", 1).replace(
    "  min: 0\n", "  min: zero\n", 1
)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_list_marks_the_active_version(acme, signed_in):
    page = text_of(signed_in(acme.admin).get(URL))
    assert "AI engineer ladder ai-engineer 2026.1" in page and "Active" in page


def test_a_pasted_valid_version_is_stored_and_becomes_active(acme, signed_in):
    response = signed_in(acme.admin).post(URL, {"text": NEWER, "activate": "on"})
    assert response.status_code == 302
    active = FrameworkVersion.objects.get(org=acme.org, active=True)
    assert active.version == "2026.2" and active.uploaded_by == acme.admin
    assert FrameworkVersion.objects.filter(org=acme.org).count() == 2


def test_an_uploaded_file_can_be_stored_without_activating_it(acme, signed_in):
    upload = SimpleUploadedFile("ladder.yaml", NEWER.encode(), content_type="application/yaml")
    assert signed_in(acme.admin).post(URL, {"file": upload}).status_code == 302
    assert FrameworkVersion.objects.get(org=acme.org, active=True).version == "2026.1"
    assert FrameworkVersion.objects.filter(org=acme.org, version="2026.2", active=False).exists()


def test_a_file_with_errors_lists_every_problem_with_its_line_and_changes_nothing(acme, signed_in):
    before = list(FrameworkVersion.objects.values_list("pk", "active"))
    response = signed_in(acme.admin).post(URL, {"text": BROKEN, "activate": "on"})
    assert response.status_code == 422
    page = text_of(response)
    assert "2 problems; nothing was stored and the active framework is unchanged" in page
    assert f"line {line_of(BROKEN, 'min: zero')}" in page and "rating_scale.min" in page
    assert f"line {line_of(BROKEN, 'pratice')}" in page and "evidence_kinds[0].type" in page
    assert list(FrameworkVersion.objects.values_list("pk", "active")) == before


def test_a_file_that_is_not_yaml_is_refused_and_changes_nothing(acme, signed_in):
    response = signed_in(acme.admin).post(URL, {"text": "levels: [unclosed"})
    assert response.status_code == 422
    page = text_of(response)
    assert "YAML syntax error" in page and "line 2" in page
    assert FrameworkVersion.objects.count() == 1


def test_a_billion_laughs_upload_is_refused_on_its_line_in_bounded_memory(acme, signed_in):
    client = signed_in(acme.admin)
    upload = SimpleUploadedFile("laughs.yaml", BILLION_LAUGHS.encode(), content_type="application/yaml")
    responses = []

    peak = peak_memory_of(lambda: responses.append(client.post(URL, {"file": upload, "activate": "on"})))

    (response,) = responses
    assert response.status_code == 422
    page = text_of(response)
    assert "1 problem; nothing was stored" in page
    assert "line 6" in page and f"{limits.YAML_NODES:,} nodes (the limit)" in page
    assert FrameworkVersion.objects.count() == 1
    assert peak < 50 * MEGABYTE


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (BILLION_LAUGHS, 6, "nodes (the limit)"),
        (RECURSIVE, 1, "refers to itself"),
        (deeply_nested(limits.YAML_DEPTH), 1, f"more than {limits.YAML_DEPTH} levels deep"),
    ],
    ids=["billion laughs", "recursive alias", "deep nesting"],
)
def test_pasted_yaml_that_expands_loops_or_nests_too_deep_is_refused_on_its_line(
    acme, signed_in, text, line, says
):
    response = signed_in(acme.admin).post(URL, {"text": text, "activate": "on"})

    assert response.status_code == 422
    page = text_of(response)
    assert f"line {line}" in page and says in page
    assert FrameworkVersion.objects.count() == 1


def test_a_file_over_the_yaml_limit_is_a_form_error_and_changes_nothing(acme, signed_in):
    big = SHIPPED.encode() + b"#" * limits.YAML_BYTES
    upload = SimpleUploadedFile("big.yaml", big, content_type="application/yaml")

    response = signed_in(acme.admin).post(URL, {"file": upload, "activate": "on"})

    assert response.status_code == 422
    assert "larger than 2 MiB" in text_of(response)
    assert FrameworkVersion.objects.count() == 1


def test_a_file_just_under_the_yaml_limit_is_checked_not_refused_for_its_size(acme, signed_in):
    padded = NEWER + "#" * (limits.YAML_BYTES - len(NEWER.encode()) - 1) + "\n"
    assert len(padded.encode()) == limits.YAML_BYTES
    upload = SimpleUploadedFile("padded.yaml", padded.encode(), content_type="application/yaml")

    response = signed_in(acme.admin).post(URL, {"file": upload, "activate": "on"})

    assert response.status_code == 302
    assert FrameworkVersion.objects.get(org=acme.org, active=True).version == "2026.2"


def test_nothing_to_upload_is_a_form_error(acme, signed_in):
    response = signed_in(acme.admin).post(URL, {"text": "  "})
    assert response.status_code == 422
    assert "Choose a file or paste the text" in text_of(response)


def test_an_older_version_can_be_activated_again(acme, signed_in):
    client = signed_in(acme.admin)
    client.post(URL, {"text": NEWER, "activate": "on"})
    older = FrameworkVersion.objects.get(org=acme.org, version="2026.1")
    assert client.post(reverse("admin-framework-activate", args=[older.pk])).status_code == 302
    assert FrameworkVersion.objects.get(org=acme.org, active=True).pk == older.pk


def test_activation_takes_a_post(acme, signed_in):
    version = FrameworkVersion.objects.get(org=acme.org)
    assert (
        signed_in(acme.admin).get(reverse("admin-framework-activate", args=[version.pk])).status_code == 405
    )


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_only_admins_have_these_pages(acme, signed_in, who):
    client = signed_in(getattr(acme, who))
    version = FrameworkVersion.objects.get(org=acme.org)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"text": NEWER}).status_code == 404
    assert client.post(reverse("admin-framework-activate", args=[version.pk])).status_code == 404
    assert FrameworkVersion.objects.count() == 1


def test_an_admin_cannot_activate_another_organisations_version(acme, signed_in):
    from tests.org_fixtures import make_org

    other = make_org("Globex")
    theirs = FrameworkVersion.objects.get(org=other.org)
    assert (
        signed_in(acme.admin).post(reverse("admin-framework-activate", args=[theirs.pk])).status_code == 404
    )
