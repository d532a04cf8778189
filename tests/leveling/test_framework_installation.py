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
