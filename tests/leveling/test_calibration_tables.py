"""Calibration tables over a small org, against figures worked out by hand.

Max signs off Eve and Finn, Olga signs off Oscar and Gus; each rates two skills.

    person  self (eh, tc)  manager (eh, tc)
    Eve     2, 3           3, 3
    Finn    1, 2           2, 2
    Oscar   2, 2           1, 2
    Gus     3, 1           3, 0
"""

from __future__ import annotations

import csv
import io

import pytest
from django.http import Http404

from ladders.leveling.calibration import calibration_tables, csv_table
from tests.framework_ids import LEVEL, SKILL
from tests.leveling.leveling_helpers import sign_off
from tests.org_fixtures import add_engineer

RATED = {
    "Eve": (
        {SKILL.error_handling: 2, SKILL.testable_code: 3},
        {SKILL.error_handling: 3, SKILL.testable_code: 3},
    ),
    "Finn": (
        {SKILL.error_handling: 1, SKILL.testable_code: 2},
        {SKILL.error_handling: 2, SKILL.testable_code: 2},
    ),
    "Oscar": (
        {SKILL.error_handling: 2, SKILL.testable_code: 2},
        {SKILL.error_handling: 1, SKILL.testable_code: 2},
    ),
    "Gus": (
        {SKILL.error_handling: 3, SKILL.testable_code: 1},
        {SKILL.error_handling: 3, SKILL.testable_code: 0},
    ),
}


@pytest.fixture
def rated(acme):
    return rate(acme, RATED)


def rate(acme, ratings):
    people = {
        "Eve": acme.engineer,
        "Finn": add_engineer(acme, "Finn Fisher", acme.manager),
        "Oscar": acme.outsider,
        "Gus": add_engineer(acme, "Gus Green", acme.other_manager),
    }
    for name, person in people.items():
        own, managers = ratings[name]
        sign_off(person, person.manager, own, managers)
    return people


def by(rows, key="person"):
    return {row[key]: row for row in rows}


def test_quadratic_kappa_of_self_against_manager(acme, rated):
    # Pairs (self, manager): (2,3) (3,3) (1,2) (2,2) (2,1) (2,2) (3,3) (1,0), ratings 0-4.
    # Observed disagreement: four one-step pairs, weight 1/16 each: (4/16)/8 = 1/32.
    # Marginals: self 1:2 2:4 3:2, manager 0:1 1:1 2:3 3:3; expected disagreement 6/64 = 3/32.
    # kappa = 1 - (1/32)/(3/32) = 2/3.
    tables = calibration_tables(viewer=acme.admin)
    assert tables["kappa"] == pytest.approx(2 / 3, abs=1e-4)
    agreement = by(tables["tables"]["agreement"], "manager")
    assert agreement["All raters"]["pairs"] == 8
    assert agreement["All raters"]["kappa"] == pytest.approx(2 / 3, abs=1e-4)
    assert set(agreement) == {"All raters", "Max Manager", "Olga Other"}


def test_skills_only_one_side_rated_leave_kappa_as_it_was(acme):
    # Eve rates input validation and api design herself, Max neither; Max rates Gus's api
    # design, Gus did not. Those are not agreements or disagreements: the 8 pairs and the
    # 2/3 above stay, where reading the gaps as the floor 0 would add (4,0) (1,0) (0,0).
    one_sided = dict(RATED)
    eve_own, eve_manager = RATED["Eve"]
    one_sided["Eve"] = ({**eve_own, SKILL.input_validation: 4, SKILL.api_design: 1}, eve_manager)
    gus_own, gus_manager = RATED["Gus"]
    one_sided["Gus"] = (gus_own, {**gus_manager, SKILL.api_design: 0})
    rate(acme, one_sided)
    tables = calibration_tables(viewer=acme.admin)
    assert by(tables["tables"]["agreement"], "manager")["All raters"]["pairs"] == 8
    assert tables["kappa"] == pytest.approx(2 / 3, abs=1e-4)


def test_leniency_against_the_mean_at_the_same_level(acme, rated):
    # Everyone is junior; manager means per person: Eve 3, Finn 2, Oscar 1.5, Gus 1.5 (mean 2).
    # Max: +1 and 0 -> +0.5, t(1) = 12.706 * 0.7071 / 1.4142 = 6.353 either side.
    # Olga: -0.5 and -0.5 -> -0.5 with no spread, so the interval excludes zero.
    rows = by(calibration_tables(viewer=acme.admin)["tables"]["leniency"], "manager")
    assert rows["Max Manager"]["people"] == 2
    assert rows["Max Manager"]["mean_difference"] == pytest.approx(0.5)
    assert rows["Max Manager"]["low"] == pytest.approx(0.5 - 6.353, abs=1e-3)
    assert rows["Max Manager"]["high"] == pytest.approx(0.5 + 6.353, abs=1e-3)
    assert not rows["Max Manager"]["significant"]
    assert rows["Olga Other"]["mean_difference"] == pytest.approx(-0.5)
    assert rows["Olga Other"]["significant"]


def test_rating_gaps_per_skill_and_per_person(acme, rated):
    tables = calibration_tables(viewer=acme.admin)["tables"]
    skills = by(tables["rating_gaps_by_skill"], "skill")
    assert skills[SKILL.error_handling] == {
        "skill": SKILL.error_handling,
        "name": skills[SKILL.error_handling]["name"],
        "pairs": 4,
        "mean_gap": 0.25,
    }
    assert skills[SKILL.testable_code]["mean_gap"] == -0.25
    people = by(tables["rating_gaps_by_person"])
    assert {name: row["mean_gap"] for name, row in people.items()} == {
        "Eve Engineer": 0.5,
        "Finn Fisher": 0.5,
        "Oscar Outsider": -0.5,
        "Gus Green": -0.5,
    }


def test_narrowed_to_one_manager_the_tables_cover_their_reports_but_leniency_keeps_the_org(acme, rated):
    tables = calibration_tables(viewer=acme.admin, manager_id=acme.manager.pk)
    assert tables["people"] == 2
    assert set(by(tables["tables"]["rating_gaps_by_person"])) == {"Eve Engineer", "Finn Fisher"}
    (row,) = tables["tables"]["leniency"]
    assert row["manager"] == "Max Manager" and row["mean_difference"] == pytest.approx(0.5)


def test_narrowed_to_a_team(acme, rated):
    tables = calibration_tables(viewer=acme.admin, team_id=acme.other_manager.team_id)
    # Olga is in her own team too; she has no check-in, so only her reports are rated.
    assert set(by(tables["tables"]["rating_gaps_by_person"])) == {"Oscar Outsider", "Gus Green"}


def test_a_manager_sees_only_their_chain(acme, rated):
    tables = calibration_tables(viewer=acme.manager)
    assert tables["people"] == 2
    assert set(by(tables["tables"]["rating_gaps_by_person"])) == {"Eve Engineer", "Finn Fisher"}
    # Compared with the people Max can see, Max is the mean.
    (row,) = tables["tables"]["leniency"]
    assert row["mean_difference"] == pytest.approx(0.0)


def test_engineers_get_404(acme, rated):
    with pytest.raises(Http404):
        calibration_tables(viewer=acme.engineer)


@pytest.mark.parametrize("narrow", ["team", "manager"])
def test_a_manager_cannot_narrow_to_someone_they_cannot_see(acme, rated, narrow):
    with pytest.raises(Http404):
        if narrow == "team":
            calibration_tables(viewer=acme.manager, team_id=acme.other_manager.team_id + 1000)
        else:
            calibration_tables(viewer=acme.manager, manager_id=acme.other_manager.pk)


def test_level_distribution_counts_recorded_and_assessed_levels(acme, rated):
    rows = by(calibration_tables(viewer=acme.admin)["tables"]["level_distribution"], "level")
    assert rows[LEVEL.junior]["recorded"] == 4 and rows[LEVEL.junior]["assessed"] == 6
    assert list(rows) == list(LEVEL)


def test_every_table_exports_as_csv(acme, rated):
    tables = calibration_tables(viewer=acme.admin)["tables"]
    for name, rows in tables.items():
        if not rows:
            continue
        parsed = list(csv.DictReader(io.StringIO(csv_table(rows))))
        assert len(parsed) == len(rows), name
        assert list(parsed[0]) == list(rows[0]), name


def test_csv_quotes_what_a_spreadsheet_would_run():
    text = csv_table([{"person": "=HYPERLINK(1)", "gap": -0.5, "checks": ["a", "b"], "none": None}])
    assert text.splitlines() == ["person,gap,checks,none", "'=HYPERLINK(1),-0.5,a; b,"]
