"""After an activation the admin follows the rewrite of the facts records on its own page."""

from __future__ import annotations

from django.urls import reverse

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling import services
from ladders.leveling.facts_rebuilds import facts_rebuild_run
from ladders.leveling.models import FactsRebuild
from tests.web.web_helpers import text_of

NEWER = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"', 1)


def test_activating_leads_to_the_rewrite_which_refreshes_until_it_is_done(acme, signed_in):
    version = services.framework_upload(actor=acme.admin, text=NEWER, activate=False)
    client = signed_in(acme.admin)
    response = client.post(reverse("admin-framework-activate", args=[version.pk]))

    job = FactsRebuild.objects.get(org=acme.org)  # queued: the test's transaction never commits
    assert response.headers["Location"] == reverse("admin-facts-rebuild", args=[job.pk])
    page = client.get(response.headers["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page and "Waiting for the worker" in page
    assert "Follow it" in text_of(client.get(reverse("admin-frameworks")))

    facts_rebuild_run(rebuild_id=job.pk)
    done = client.get(reverse("admin-facts-rebuild", args=[job.pk]))
    assert 'http-equiv="refresh"' not in done.content.decode()
    assert f"Done: rewrote {job.total} records" in text_of(done)
    assert "Last rewritten for the active framework" in text_of(client.get(reverse("admin-frameworks")))


def test_only_the_organisations_admins_see_the_rewrite(acme, signed_in):
    job = (
        services.framework_upload(actor=acme.admin, text=NEWER, activate=True) and FactsRebuild.objects.get()
    )
    for someone in (acme.manager, acme.engineer):
        assert signed_in(someone).get(reverse("admin-facts-rebuild", args=[job.pk])).status_code == 404
