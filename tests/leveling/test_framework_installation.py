"""Every organisation has an active framework from the moment it exists; reading it writes nothing.

The shipped default is installed when an organisation is created (by any path: the
services, the demo, later SCIM) and, for a database that predates that, by `migrate`,
which `ladders serve` runs at start-up. Pages and the API only read it.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladders.accounts.models import Organisation, Role
from ladders.accounts.services import default_org, person_create
from ladders.core.framework_loader import default_framework
from ladders.leveling.frameworks import NoActiveFramework, active_version
from ladders.leveling.models import FrameworkVersion, LiveAssessment
from tests.org_fixtures import PASSWORD


def _active(org: Organisation) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(org=org, active=True).first()


def _writes(queries: CaptureQueriesContext, *, memo: str = "") -> list[str]:
    """The INSERT, UPDATE and DELETE statements captured, leaving out those on table `memo`."""
    statements = [q["sql"] for q in queries.captured_queries]
    return [
        sql
        for sql in statements
        if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        and not (memo and memo in sql)
    ]


@pytest.mark.django_db
def test_a_brand_new_organisation_has_the_default_framework_active():
    org = Organisation.objects.create(name="Brand new")
    version = _active(org)
    assert version is not None
    assert version.content_hash == default_framework().content_hash


@pytest.mark.django_db
def test_the_organisation_the_commands_create_has_it_too():
    assert _active(default_org()) is not None


@pytest.mark.django_db
def test_reading_the_active_framework_writes_nothing():
    org = Organisation.objects.create(name="Brand new")
    with CaptureQueriesContext(connection) as queries:
        version = active_version(org)
    assert version.active
    assert _writes(queries) == []


@pytest.mark.django_db
def test_the_dashboard_of_someone_in_a_new_organisation_writes_nothing_but_the_assessment_memo(client):
    org = Organisation.objects.create(name="Brand new")
    person, _ = person_create(
        org=org, name="Nia New", role=Role.ENGINEER, password=PASSWORD, username="nia", check_password=False
    )
    client.force_login(person.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    # The one write a page may make is the stored live assessment, a memo of a pure computation.
    assert _writes(queries, memo=LiveAssessment._meta.db_table) == []


@pytest.mark.django_db
def test_an_organisation_without_an_active_framework_is_an_error_not_an_insert():
    org = Organisation.objects.create(name="Brand new")
    FrameworkVersion.objects.filter(org=org).update(active=False)
    with pytest.raises(NoActiveFramework, match="Brand new"):
        active_version(org)
    assert _active(org) is None


@pytest.mark.django_db
def test_migrate_installs_the_default_for_an_organisation_from_before_this_rule():
    org = Organisation.objects.create(name="Old data")
    FrameworkVersion.objects.filter(org=org).delete()
    call_command("migrate", interactive=False, verbosity=0)
    assert _active(org) is not None


def _store_older_shipped(org: Organisation) -> FrameworkVersion:
    """Make `org` run an older release of the shipped ladder: the same file without its detect rules."""
    from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
    from ladders.leveling.services.frameworks import framework_version_store

    lines = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").splitlines(keepends=True)
    older, skipping = [], False
    for line in lines:
        if line.startswith("    detect:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        older.append(line)
    text = "".join(older)
    FrameworkVersion.objects.filter(org=org).delete()
    version, _ = framework_version_store(org=org, fw=framework_from_text(text, "older.yaml"), text=text)
    version.active = True
    version.save(update_fields=["active"])
    return version


@pytest.mark.django_db
def test_a_changed_shipped_framework_is_offered_to_an_organisation_on_the_older_one_never_switched():
    org = Organisation.objects.create(name="Older release")
    older = _store_older_shipped(org)
    assert older.content_hash != default_framework().content_hash

    call_command("migrate", interactive=False, verbosity=0)

    assert _active(org) == older  # still on the version it chose
    offered = FrameworkVersion.objects.get(org=org, content_hash=default_framework().content_hash)
    assert not offered.active
    call_command("migrate", interactive=False, verbosity=0)
    assert FrameworkVersion.objects.filter(org=org).count() == 2  # offered once


@pytest.mark.django_db
def test_an_organisation_on_a_ladder_of_its_own_is_not_offered_the_shipped_one():
    from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
    from ladders.leveling.services.frameworks import framework_version_store

    org = Organisation.objects.create(name="Own ladder")
    FrameworkVersion.objects.filter(org=org).delete()
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace("id: ai-engineer", "id: our-ladder", 1)
    version, _ = framework_version_store(org=org, fw=framework_from_text(text, "own.yaml"), text=text)
    FrameworkVersion.objects.filter(pk=version.pk).update(active=True)

    call_command("migrate", interactive=False, verbosity=0)

    assert list(FrameworkVersion.objects.filter(org=org)) == [version]
