"""`ladders facts rebuild` rewrites every person's facts record, or one organisation's."""

from __future__ import annotations

import pytest

from tests.cli.team_data import make_two_orgs, query, run_ladders


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return make_two_orgs(tmp_path_factory.mktemp("two-orgs"))


def records() -> str:
    return "SELECT COUNT(*) FROM leveling_factsrecord"


def test_rebuild_writes_a_record_for_everyone_in_every_organisation(data_dir):
    query(data_dir, "DELETE FROM leveling_factsrecord")
    result = run_ladders("facts", "rebuild", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    everyone = query(data_dir, "SELECT COUNT(*) FROM accounts_person")[0][0]
    assert query(data_dir, records())[0][0] == everyone > 0
    for name, count in query(
        data_dir,
        "SELECT o.name, COUNT(p.id) FROM accounts_organisation o "
        "LEFT JOIN accounts_person p ON p.org_id = o.id GROUP BY o.name",
    ):
        assert f"{name}: {count:,} facts record" in result.stdout
    assert "done in" in result.stdout
    # Recorded as the worker's rewrites are, so the admins' framework page shows it.
    assert query(data_dir, "SELECT COUNT(*) FROM leveling_factsrebuild WHERE state = 'done'")[0][0] >= 2


def test_rebuild_writes_a_calibration_record_for_everyone_too(data_dir):
    query(data_dir, "DELETE FROM leveling_calibrationrecord")
    result = run_ladders("facts", "rebuild", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    everyone = query(data_dir, "SELECT COUNT(*) FROM accounts_person")[0][0]
    assert query(data_dir, "SELECT COUNT(*) FROM leveling_calibrationrecord")[0][0] == everyone > 0


def test_rebuild_of_one_organisation_leaves_the_others_alone(data_dir):
    query(data_dir, "DELETE FROM leveling_factsrecord")
    result = run_ladders("facts", "rebuild", "--org", "Globex", data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    globex = query(
        data_dir,
        "SELECT COUNT(*) FROM accounts_person p JOIN accounts_organisation o ON o.id = p.org_id "
        "WHERE o.name = 'Globex'",
    )[0][0]
    assert query(data_dir, records())[0][0] == globex > 0
    assert result.stdout.startswith("Globex: ")


def test_an_unknown_organisation_is_exit_2_and_nothing_is_written(data_dir):
    query(data_dir, "DELETE FROM leveling_factsrecord")
    result = run_ladders("facts", "rebuild", "--org", "Nope", data_dir=data_dir)

    assert result.returncode == 2
    assert result.stderr.startswith("error: command line: --org: ") and "Traceback" not in result.stderr
    assert query(data_dir, records())[0][0] == 0
