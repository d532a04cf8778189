"""`ladders user list|edit|deactivate|reactivate|set-password` on a real data directory."""

from __future__ import annotations

import pytest

from tests.cli.team_data import make_two_orgs, query, run_ladders


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return make_two_orgs(tmp_path_factory.mktemp("two-orgs"))


def _row(data_dir, username: str, columns: str) -> tuple:
    return query(
        data_dir,
        f"SELECT {columns} FROM accounts_person p JOIN auth_user u ON u.id = p.user_id"
        " LEFT JOIN accounts_team t ON t.id = p.team_id"
        " LEFT JOIN accounts_person m ON m.id = p.manager_id WHERE u.username = ?",
        username,
    )[0]


def test_list_prints_the_first_organisation_one_person_a_line(data_dir):
    result = run_ladders("user", "list", "--search", "kim", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["username", "name", "role", "team", "manager", "status"]
    assert [line.split("\t")[0] for line in lines[1:]] == ["kim.lee", "kim.lee2"]
    assert "2 people in Acme" in result.stderr


def test_edit_changes_the_team_and_manager_and_audits_it(data_dir):
    result = run_ladders(
        "user",
        "edit",
        "sam.rivera",
        "--team",
        "Search",
        "--manager",
        "ana.lopez",
        "--title",
        "Staff engineer",
        data_dir=data_dir,
    )

    assert result.returncode == 0, result.stderr
    assert _row(data_dir, "sam.rivera", "t.name, m.name, p.title") == (
        "Search",
        "Ana Lopez",
        "Staff engineer",
    )
    actions = query(
        data_dir, "SELECT action, actor_id FROM leveling_auditevent WHERE action = 'person.edited'"
    )
    assert actions == [("person.edited", None)]  # made by the operator, not by a person


def test_a_salary_needs_a_market_the_bands_know_and_nothing_is_written(data_dir):
    result = run_ladders(
        "user",
        "edit",
        "kim.lee",
        "--title",
        "Lead",
        "--salary",
        "90000",
        "--currency",
        "USD",
        "--market",
        "us",
        data_dir=data_dir,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("error: command line: --market: ") and "no salary bands" in result.stderr
    assert _row(data_dir, "kim.lee", "p.title, p.base_salary") == (
        "",
        None,
    )  # the title did not change either


def test_deactivate_names_the_reports_to_reassign_and_reactivate_undoes_it(data_dir):
    run_ladders("user", "edit", "kim.lee2", "--manager", "ana.lopez", data_dir=data_dir)

    off = run_ladders("user", "deactivate", "ana.lopez", data_dir=data_dir)

    assert off.returncode == 0, off.stderr
    assert "Kim Lee (kim.lee2)" in off.stdout
    assert query(data_dir, "SELECT is_active FROM auth_user WHERE username = 'ana.lopez'") == [(0,)]
    listed = run_ladders("user", "list", "--status", "deactivated", data_dir=data_dir)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()[1:]] == ["ana.lopez"]
    on = run_ladders("user", "reactivate", "ana.lopez", data_dir=data_dir)
    assert on.returncode == 0 and query(
        data_dir, "SELECT is_active FROM auth_user WHERE username = 'ana.lopez'"
    ) == [(1,)]


def test_set_password_reads_a_piped_password_and_refuses_a_weak_one(data_dir):
    before = query(data_dir, "SELECT password FROM auth_user WHERE username = 'sam.globex'")

    weak = run_ladders("user", "set-password", "sam.globex", data_dir=data_dir, stdin="short\n")
    strong = run_ladders(
        "user", "set-password", "sam.globex", data_dir=data_dir, stdin="a-good-long-passphrase\n"
    )

    assert weak.returncode == 2 and "password" in weak.stderr
    assert strong.returncode == 0, strong.stderr
    assert query(data_dir, "SELECT password FROM auth_user WHERE username = 'sam.globex'") != before
