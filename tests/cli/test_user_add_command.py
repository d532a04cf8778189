"""`ladders user add --manager` finds the manager the way `token create` finds a person.

The manager is looked up in the organisation the person joins (`--org`, or the first one):
by username, or by a name only one person there has. Anything else exits 2 and adds no one.
"""

from __future__ import annotations

import pytest

from tests.cli.team_data import make_two_orgs, query, run_ladders


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return make_two_orgs(tmp_path_factory.mktemp("two-orgs"))


def person_row(data_dir, username: str) -> tuple[str, str, str | None] | None:
    """(name, organisation, manager's username) of the person who signs in as `username`."""
    rows = query(
        data_dir,
        "SELECT p.name, o.name, mu.username FROM accounts_person p"
        " JOIN auth_user u ON u.id = p.user_id JOIN accounts_organisation o ON o.id = p.org_id"
        " LEFT JOIN accounts_person m ON m.id = p.manager_id LEFT JOIN auth_user mu ON mu.id = m.user_id"
        " WHERE u.username = ?",
        username,
    )
    return rows[0] if rows else None


def people_count(data_dir) -> int:
    return query(data_dir, "SELECT COUNT(*) FROM accounts_person")[0][0]


def test_the_manager_is_found_by_name_in_the_first_organisation(data_dir):
    result = run_ladders("user", "add", "Lou Reed", "--manager", "Sam Rivera", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    assert "to Acme as user 'lou.reed'" in result.stdout
    assert person_row(data_dir, "lou.reed") == ("Lou Reed", "Acme", "sam.rivera")


def test_the_manager_is_found_by_name_in_the_organisation_given(data_dir):
    result = run_ladders(
        "user", "add", "Gil Scott", "--org", "Globex", "--manager", "Sam Rivera", data_dir=data_dir
    )

    assert result.returncode == 0, result.stderr
    assert person_row(data_dir, "gil.scott") == ("Gil Scott", "Globex", "sam.globex")


def test_a_manager_name_two_people_share_is_refused_with_their_usernames(data_dir):
    before = people_count(data_dir)

    result = run_ladders("user", "add", "Ida Wells", "--manager", "Kim Lee", data_dir=data_dir)

    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("error: command line: --manager: ")
    assert "kim.lee, kim.lee2" in result.stderr
    assert people_count(data_dir) == before


def test_a_manager_from_another_organisation_is_refused(data_dir):
    before = people_count(data_dir)

    result = run_ladders("user", "add", "Ida Wells", "--manager", "sam.globex", data_dir=data_dir)

    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("error: command line: --manager: ")
    assert "in Globex, not in Acme" in result.stderr
    assert people_count(data_dir) == before


def test_an_unknown_organisation_is_refused(data_dir):
    before = people_count(data_dir)

    result = run_ladders("user", "add", "Ida Wells", "--org", "Initech", data_dir=data_dir)

    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("error: command line: --org: no organisation is named 'Initech'")
    assert people_count(data_dir) == before
