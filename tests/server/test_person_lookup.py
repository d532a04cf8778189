"""Finding a person from what was typed: one person or a clear refusal, never the first of several.

Two organisations made by `make_org` have the same five names, each with its own usernames
(`eve.engineer.acme`, `eve.engineer.globex`).
"""

from __future__ import annotations

import pytest

from ladders.accounts.lookup import LookupProblem, organisation_find, person_find
from ladders.accounts.models import Role
from ladders.accounts.services import person_create
from tests.org_fixtures import make_org


@pytest.fixture
def globex(db):
    return make_org("Globex")


def test_a_username_finds_its_person_in_any_organisation(acme, globex):
    assert person_find(handle="eve.engineer.globex") == globex.engineer


def test_a_username_wins_over_someone_of_that_name(acme, globex):
    person_create(org=globex.org, name="eve.engineer.acme", role=Role.ENGINEER, check_password=False)

    assert person_find(handle="eve.engineer.acme") == acme.engineer


def test_a_name_shared_by_two_organisations_names_both_and_asks_for_one(acme, globex):
    with pytest.raises(LookupProblem) as refused:
        person_find(handle="Eve Engineer")

    assert "eve.engineer.acme (Acme), eve.engineer.globex (Globex)" in str(refused.value)
    assert refused.value.org_would_help


def test_a_name_within_an_organisation_finds_that_organisations_person(acme, globex):
    assert person_find(handle="eve engineer", org=globex.org) == globex.engineer


def test_a_name_shared_within_one_organisation_asks_for_the_username(acme):
    person_create(
        org=acme.org, name="Eve Engineer", username="eve.twin", role=Role.ENGINEER, check_password=False
    )

    with pytest.raises(LookupProblem) as refused:
        person_find(handle="Eve Engineer", org=acme.org)

    assert "named 'Eve Engineer': eve.engineer.acme, eve.twin; give the username" in str(refused.value)
    assert not refused.value.org_would_help


def test_a_username_outside_the_organisation_given_says_where_it_is(acme, globex):
    with pytest.raises(LookupProblem, match="username of Eve Engineer in Globex, not in Acme"):
        person_find(handle="eve.engineer.globex", org=acme.org)


def test_no_one_by_that_name_is_a_refusal(acme):
    with pytest.raises(LookupProblem, match="no one in Acme has the username or name 'Nobody'"):
        person_find(handle="Nobody", org=acme.org)


def test_an_unknown_organisation_lists_the_known_ones(acme, globex):
    assert organisation_find(name="Globex") == globex.org
    with pytest.raises(LookupProblem, match=r"no organisation is named 'Initech' \(known: Acme, Globex\)"):
        organisation_find(name="Initech")
