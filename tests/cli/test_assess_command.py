"""`ladders assess`: the level and why, gates, plan, pitfalls and pay, in every output format."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from ladders.core.framework_loader import default_framework
from tests.example_files import BANDS, EXAMPLES, SAM
from tests.framework_ids import CHECK, LEVEL
from tests.result_keys import RESULT_KEYS

PROFILES = EXAMPLES / "profiles"

# examples/README.md, "Expected levels".
EXPECTED_LEVELS = {
    "junior-learner": (LEVEL.junior, "Junior"),
    "sam-rivera": (LEVEL.mid, "Mid"),
    "senior-builder": (LEVEL.senior, "Senior"),
    "staff-platform": (LEVEL.staff, "Staff"),
    "principal-visionary": (LEVEL.principal, "Principal"),
}


def assessed(ladders, *args) -> dict:
    result = ladders("assess", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def failing_checks(data: dict, *levels: str) -> list[str]:
    return [c["id"] for g in data["gates"] if g["level"] in levels for c in g["checks"] if not c["passed"]]


# --- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "level_name"), [(p, n) for p, (_, n) in EXPECTED_LEVELS.items()])
def test_each_example_profile_is_assessed_at_its_documented_level(ladders, profile, level_name):
    result = ladders("assess", PROFILES / f"{profile}.yaml")

    assert result.exit_code == 0, result.stderr
    assert re.search(rf"is assessed at {level_name}\b", result.stdout)


def test_the_text_report_says_why_and_ticks_each_check_with_its_evidence(ladders):
    result = ladders("assess", SAM)
    text = result.stdout

    assert "Sam Rivera is assessed at Mid" in text
    assert "Passes every gate of Mid. Senior still needs: senior.ownership, senior.adr" in text
    assert "Self-assessed as Senior: above what the evidence shows." in text
    evidence = _evidence_by_check(text)
    titles = assessed(ladders, SAM)["evidence_titles"]
    shipped = f"{titles['rag-bot']} (rag-bot), {titles['release-notes']} (release-notes)"
    assert re.search(r"✓ .*mid\.shipped", text) and evidence[CHECK.mid_shipped] == shipped
    assert re.search(r"✗ .*senior\.adr .*0 found, 1 needed", text)
    assert re.search(r"✓ .*senior\.mentoring", text)
    assert evidence[CHECK.senior_mentoring] == f"{titles['intern-evals']} (intern-evals)"


def _evidence_by_check(text: str) -> dict[str, str]:
    """The evidence column of the gate tables, each cell's wrapped lines joined, by check id."""
    cells: dict[str, list[str]] = {}
    check = ""
    for line in text.splitlines():
        parts = [part.strip() for part in line.split("│")]
        if len(parts) != 6:
            continue
        check = parts[2] or check
        if parts[4]:
            cells.setdefault(check, []).append(parts[4])
    return {check: " ".join(lines) for check, lines in cells.items()}


def test_the_text_report_has_the_plan_the_pitfalls_and_the_growth_ceiling(ladders):
    data = assessed(ladders, SAM)
    text = ladders("assess", SAM).stdout

    assert "Plan to Senior, typically 24-36 months" in text
    for step in data["plan"]["steps"]:
        assert step["check"] in text
    assert "Pitfalls" in text
    for pitfall in data["pitfalls"]:
        assert pitfall["title"] in text
    assert "Growth ceiling: org AI maturity 2 (Experimental) supports growth up to Mid." in text


def test_a_learner_without_practice_is_warned_of_theory_without_shipping(ladders):
    data = assessed(ladders, PROFILES / "junior-learner.yaml")
    text = ladders("assess", PROFILES / "junior-learner.yaml").stdout

    pitfall = next(p for p in data["pitfalls"] if p["id"] == "theory_without_shipping")
    assert pitfall["title"] in text


def test_the_top_of_the_ladder_has_no_next_level_to_plan_for(ladders):
    data = assessed(ladders, PROFILES / "principal-visionary.yaml")
    text = ladders("assess", PROFILES / "principal-visionary.yaml").stdout

    assert data["next_level"] is None
    assert data["plan"]["target"] is None
    assert "Top of the ladder" in text


# --- json -------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "level"), [(p, lv) for p, (lv, _) in EXPECTED_LEVELS.items()])
def test_json_gives_the_same_level_as_the_text_report(ladders, profile, level):
    assert assessed(ladders, PROFILES / f"{profile}.yaml")["level"] == level


def test_json_has_every_top_level_key_of_the_spec(ladders):
    data = assessed(ladders, SAM)

    assert set(data) >= RESULT_KEYS
    assert set(data["framework"]) >= {"id", "version", "hash"}
    assert data["framework"]["hash"] == default_framework().content_hash
    assert data["person"]["name"] == "Sam Rivera"
    assert (data["level"], data["next_level"]) == (LEVEL.mid, LEVEL.senior)
    assert (data["self_assessed_level"], data["misread"]) == (LEVEL.senior, "over")
    assert data["growth_ceiling"]["level"] == LEVEL.mid
    assert data["compensation"] is None  # a base salary but no bands


def test_json_gates_and_plan_have_the_documented_shape(ladders):
    data = assessed(ladders, SAM)

    assert [g["level"] for g in data["gates"]] == list(LEVEL)
    for gate in data["gates"]:
        assert {"level", "passed", "checks"} <= set(gate)
        for check in gate["checks"]:
            assert {"id", "passed", "detail", "evidence"} <= set(check)
    assert data["plan"]["target"] == LEVEL.senior
    assert data["plan"]["months"] == [24, 36]
    assert [s["check"] for s in data["plan"]["steps"]] == failing_checks(data, LEVEL.senior)
    for step in data["plan"]["steps"]:
        assert {"check", "action", "evidence_kind"} <= set(step)
    for pitfall in data["pitfalls"]:
        assert {"id", "detail"} <= set(pitfall)


# --- options ----------------------------------------------------------------------------


def test_bands_fill_the_compensation_section(ladders):
    data = assessed(ladders, SAM, "--bands", BANDS)
    text = ladders("assess", SAM, "--bands", BANDS).stdout

    pay = data["compensation"]
    assert (pay["base"], pay["currency"], pay["level"]) == (150000, "USD", LEVEL.mid)
    assert pay["band"] == {"min": 130000, "max": 165000}
    assert "Compensation" in text
    assert "Mid band 130,000 USD - 165,000 USD" in text


def test_a_target_two_levels_up_plans_through_the_level_in_between(ladders):
    data = assessed(ladders, SAM, "--target", LEVEL.principal)
    text = ladders("assess", SAM, "--target", LEVEL.principal).stdout

    steps = [step["check"] for step in data["plan"]["steps"]]
    assert data["plan"]["target"] == LEVEL.principal
    assert steps == failing_checks(data, LEVEL.senior, LEVEL.staff, LEVEL.principal)
    assert {s.split(".")[0] for s in steps} == {LEVEL.senior, LEVEL.staff, LEVEL.principal}
    assert "Plan to Principal" in text
    assert CHECK.staff_cross_team in text


def test_as_of_leaves_out_evidence_dated_later(ladders):
    everything = [item["id"] for item in yaml.safe_load(SAM.read_text(encoding="utf-8"))["evidence"]]
    data = assessed(ladders, SAM, "--as-of", "2025-01-01")
    text = ladders("assess", SAM, "--as-of", "2025-01-01").stdout

    assert data["as_of"] == "2025-01-01"
    assert data["evidence_after_as_of"] == everything
    assert all(check["evidence"] == [] for gate in data["gates"] for check in gate["checks"])
    assert data["level"] == LEVEL.junior
    first = f"{data['evidence_titles']['rag-bot']} (rag-bot)"
    assert f"Not counted (dated after 2025-01-01): {first}" in " ".join(text.split())


def test_as_of_between_two_projects_counts_only_the_earlier_one(ladders):
    data = assessed(ladders, SAM, "--as-of", "2026-05-01")

    shipped = data["gates"][1]["checks"][0]
    assert shipped["id"] == CHECK.mid_shipped
    assert shipped["evidence"] == ["rag-bot"]
    assert "release-notes" in data["evidence_after_as_of"]
    assert data["level"] == LEVEL.junior


def test_markdown_is_a_report_with_a_table_of_checks(ladders):
    result = ladders("assess", SAM, "--format", "markdown")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Sam Rivera: Mid")
    assert re.search(r"^\| .*`mid\.shipped`.* \| ✓", result.stdout, re.MULTILINE)
    assert CHECK.senior_adr in result.stdout


def test_html_with_output_writes_one_self_contained_page_and_prints_no_report(ladders, tmp_path):
    page = tmp_path / "report.html"
    result = ladders("assess", SAM, "--format", "html", "-o", page)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {page}" in result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    assert "<style>" in html
    assert not re.search(r"<script\b|<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(", html, re.IGNORECASE)
    assert "Sam Rivera" in html
    assert CHECK.senior_adr in html


@pytest.mark.parametrize("format", ["text", "json", "markdown"])
def test_output_writes_the_report_to_the_file_instead_of_stdout(ladders, tmp_path, format):
    report = tmp_path / f"report.{format}"
    result = ladders("assess", SAM, "--format", format, "-o", report)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Sam Rivera" in report.read_text(encoding="utf-8")


def test_a_points_ladder_profile_is_assessed_with_its_own_framework(ladders):
    points_ladder, profile = EXAMPLES / "points-ladder.yaml", EXAMPLES / "points-profile.yaml"
    text = ladders("assess", "--framework", points_ladder, profile)
    data = assessed(ladders, "--framework", points_ladder, profile)

    assert text.exit_code == 0, text.stderr
    assert "is assessed at Engineer III" in text.stdout
    assert "Points: 47 (sub-level 3.2)" in text.stdout
    assert data["framework"]["id"] == "points-ladder"
    assert data["level"] == "engineer_3"
    assert data["points"]["total"] == 47
