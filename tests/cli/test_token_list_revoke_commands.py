"""`ladders token list` shows tokens without the tokens themselves; `ladders token revoke` ends one."""

from __future__ import annotations

import json

import pytest

from tests.cli.team_data import make_two_orgs, query, run_ladders


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data_dir = make_two_orgs(tmp_path_factory.mktemp("tokens"))
    for args in (("sam.rivera", "--label", "CI", "--days", "30"), ("sam.globex", "--label", "export")):
        assert run_ladders("token", "create", *args, data_dir=data_dir).returncode == 0
    return data_dir


def listed(data_dir, *args: str) -> list[dict]:
    result = run_ladders("token", "list", *args, "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_list_shows_each_token_with_its_owner_and_expiry_but_never_the_token(data_dir):
    rows = listed(data_dir)
    assert [(r["username"], r["organisation"], r["name"], r["state"]) for r in rows] == [
        ("sam.rivera", "Acme", "CI", "live"),
        ("sam.globex", "Globex", "export", "live"),
    ]
    assert rows[0]["expires"] is not None and rows[1]["expires"] is None
    stored = {prefix for (prefix,) in query(data_dir, "SELECT prefix FROM accounts_apitoken")}
    assert {r["prefix"] for r in rows} == stored
    text = run_ladders("token", "list", "--org", "Globex", data_dir=data_dir)
    assert "sam.globex" in text.stdout and "sam.rivera" not in text.stdout


def test_revoke_ends_a_token_and_the_list_says_so_and_a_second_revoke_is_refused(data_dir):
    token_id = listed(data_dir, "sam.globex")[0]["id"]
    result = run_ladders("token", "revoke", str(token_id), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "revoked token" in result.stdout and "export" in result.stdout
    assert listed(data_dir, "sam.globex")[0]["state"] == "revoked"
    again = run_ladders("token", "revoke", str(token_id), data_dir=data_dir)
    assert again.returncode == 2 and "already revoked" in again.stderr and "Traceback" not in again.stderr


def test_revoking_an_id_that_does_not_exist_exits_2(data_dir):
    result = run_ladders("token", "revoke", "999999", data_dir=data_dir)
    assert result.returncode == 2 and "No such token" in result.stderr


def test_an_expiry_out_of_range_is_refused_naming_the_option(data_dir):
    result = run_ladders("token", "create", "sam.rivera", "--days", "99999", data_dir=data_dir)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: command line: --days: ")
