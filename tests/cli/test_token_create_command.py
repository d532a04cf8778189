"""`ladders token create` makes a token for exactly the person meant, and says who that is.

A username names one person on the server; a name does only when one person has it, among
everyone or within `--org`. Anything else exits 2 and creates nothing. The token is alone on
standard output, so `TOKEN=$(ladders token create ...)` works; who it is for goes to stderr.
"""

from __future__ import annotations

import re

import pytest

from tests.cli.team_data import make_two_orgs, run_ladders, token_count, token_owner

TOKEN = re.compile(r"ldr_[A-Za-z0-9_-]{40,}")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return make_two_orgs(tmp_path_factory.mktemp("two-orgs"))


def created_for(result, data_dir) -> tuple[str, str] | None:
    """The token's owner, after checking it is the only thing on stdout."""
    assert result.returncode == 0, result.stderr
    assert TOKEN.fullmatch(result.stdout.rstrip("\n")), result.stdout
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    return token_owner(data_dir, result.stdout.strip())


def assert_refused(result, data_dir, tokens_before: int, field: str, *fragments: str) -> None:
    """Exit 2, a message on the argument at fault naming what is given, and no token."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: command line: {field}: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert token_count(data_dir) == tokens_before


def test_a_username_names_one_person_whatever_their_organisation(data_dir):
    result = run_ladders("token", "create", "sam.globex", data_dir=data_dir)

    assert created_for(result, data_dir) == ("sam.globex", "Globex")
    assert "Sam Rivera" in result.stderr
    assert "sam.globex" in result.stderr
    assert "Globex" in result.stderr


def test_a_name_two_organisations_share_is_refused_with_the_candidates(data_dir):
    before = token_count(data_dir)

    result = run_ladders("token", "create", "Sam Rivera", data_dir=data_dir)

    assert_refused(result, data_dir, before, "NAME", "sam.rivera (Acme)", "sam.globex (Globex)", "--org")


def test_a_name_and_its_organisation_name_one_person(data_dir):
    result = run_ladders("token", "create", "Sam Rivera", "--org", "Globex", data_dir=data_dir)

    assert created_for(result, data_dir) == ("sam.globex", "Globex")
    assert "Globex" in result.stderr


def test_a_name_only_one_person_has_is_enough(data_dir):
    result = run_ladders("token", "create", "Ana Lopez", "--label", "laptop", data_dir=data_dir)

    assert created_for(result, data_dir) == ("ana.lopez", "Acme")
    assert "Ana Lopez" in result.stderr and "ana.lopez" in result.stderr and "Acme" in result.stderr


def test_a_name_two_people_share_within_the_organisation_is_refused(data_dir):
    before = token_count(data_dir)

    result = run_ladders("token", "create", "Kim Lee", "--org", "Acme", data_dir=data_dir)

    assert_refused(result, data_dir, before, "NAME", "kim.lee", "kim.lee2", "username")


def test_a_username_from_another_organisation_than_the_one_given_is_refused(data_dir):
    before = token_count(data_dir)

    result = run_ladders("token", "create", "sam.globex", "--org", "Acme", data_dir=data_dir)

    assert_refused(result, data_dir, before, "NAME", "Globex", "not in Acme")


def test_an_unknown_person_is_refused(data_dir):
    before = token_count(data_dir)

    result = run_ladders("token", "create", "Nobody Here", data_dir=data_dir)

    assert_refused(result, data_dir, before, "NAME", "Nobody Here")


def test_an_unknown_organisation_is_refused_with_the_known_ones(data_dir):
    before = token_count(data_dir)

    result = run_ladders("token", "create", "Sam Rivera", "--org", "Initech", data_dir=data_dir)

    assert_refused(result, data_dir, before, "--org", "Initech", "Acme, Globex")
