"""The Markdown report: what a person reads about their assessment in a terminal or a wiki."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pytest

from ladders.core.compensation import bands_load
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_load
from ladders.core.profile import profile_from_text, profile_load
from ladders.reports.markdown import md, render_markdown
from tests.example_files import BANDS, EXAMPLES, POINTS_LADDER, POINTS_PROFILE, PROFILES, SAM
from tests.hostile_yaml import HOSTILE_PROFILE


def table_rows(markdown: str) -> list[str]:
    return [
        line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| Check")
    ]


def unescaped_pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_markdown_report_titles_the_person_with_the_level_name(fw: Framework, sam: dict) -> None:
    first_line = render_markdown(sam, fw).splitlines()[0]
    assert first_line == f"# Sam Rivera: {fw.level_by_id[sam['level']].name}"


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_markdown_report_names_the_level_and_every_gate_check(fw: Framework, path: Path) -> None:
    result = assess(fw, profile_load(path, fw))
    report = render_markdown(result, fw)
    assert result["level_name"] in report
    for gate in result["gates"]:
        assert f"### {gate['name']}" in report
        for check in gate["checks"]:
            assert f"`{check['id']}`" in report


def test_markdown_report_says_why_gate_by_gate(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    why = report.split("## Why", 1)[1].split("\n## ", 1)[0]
    assert "Mid: passed, 5 of 5 checks pass." in why
    assert "Senior (next level): not reached" in why


def test_a_failing_check_shows_a_cross_and_its_detail(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    failing = next(c for g in sam["gates"] for c in g["checks"] if not c["passed"])
    row = next(line for line in table_rows(report) if f"`{failing['id']}`" in line)
    assert "✗" in row
    assert md(failing["detail"]) in row


def test_a_passing_check_shows_a_tick_and_its_evidence_ids(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    passing = next(c for g in sam["gates"] for c in g["checks"] if c["passed"] and c["evidence"])
    row = next(line for line in table_rows(report) if f"`{passing['id']}`" in line)
    assert "✓" in row
    for evidence_id in passing["evidence"]:
        assert f"`{evidence_id}`" in row


def test_plan_steps_appear_numbered_in_order_with_the_evidence_kind_name(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    steps = sam["plan"]["steps"]
    assert len(steps) >= 2
    positions = [
        report.index(f"{n}. **{step['title']}** (`{step['check']}`)") for n, step in enumerate(steps, 1)
    ]
    assert positions == sorted(positions)
    with_kind = next(step for step in steps if step["evidence_kind"])
    assert f"Evidence to add: {fw.kind_by_id[with_kind['evidence_kind']].name}." in report


def test_plan_names_the_target_level_and_the_months_range(fw: Framework, sam: dict) -> None:
    low, high = sam["plan"]["months"]
    target = fw.level_by_id[sam["plan"]["target"]].name
    assert f"Target: {target}. Typical time: {low}–{high} months." in render_markdown(sam, fw)


def test_the_top_of_the_ladder_has_no_plan_to_follow(fw: Framework) -> None:
    profile = profile_load(EXAMPLES / "profiles" / "principal-visionary.yaml", fw)
    result = assess(fw, profile)
    assert result["next_level"] is None
    assert "is the top of the ladder: there is no next level to plan for." in render_markdown(result, fw)


def test_pitfalls_appear_with_their_advice(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    assert sam["pitfalls"]
    for pitfall in sam["pitfalls"]:
        assert f"**{pitfall['title']}** (`{pitfall['id']}`)" in report
        assert f"Advice: {pitfall['advice']}" in report


def test_misread_and_growth_ceiling_are_sentences(fw: Framework, sam: dict) -> None:
    report = render_markdown(sam, fw)
    assert sam["misread"] == "over"
    assert "Self-assessed as Senior, above the assessed Mid" in report
    ceiling = sam["growth_ceiling"]
    assert f"Organisation AI maturity {ceiling['org_maturity']} ({ceiling['maturity_name']})" in report


def test_compensation_section_appears_only_when_the_result_has_compensation(
    fw: Framework, sam: dict, sam_paid: dict
) -> None:
    assert sam["compensation"] is None
    assert "## Compensation" not in render_markdown(sam, fw)
    assert sam_paid["compensation"] is not None
    assert "## Compensation" in render_markdown(sam_paid, fw)


def test_compensation_shows_band_position_premiums_jump_and_brief(fw: Framework, sam_paid: dict) -> None:
    report = render_markdown(sam_paid, fw)
    compensation = sam_paid["compensation"]
    assert "Mid band (us): 130,000–165,000 USD." in report
    assert (
        f"Position: {round(compensation['position'] * 100)}% of the way through the band (in band)." in report
    )
    premium = next(p for p in compensation["premiums"] if p["eligible"])
    low, high = premium["range"]
    assert f"| {premium['name']} | yes | " in report
    assert f"{low:,.0f}–{high:,.0f} USD" in report
    assert "Promotion Mid → Senior: typically 20–35%" in report
    brief = report.split("### Negotiation brief", 1)[1]
    first, second = compensation["negotiation_brief"][:2]
    assert brief.index(f"(`{first['evidence']}`") < brief.index(f"(`{second['evidence']}`")


def test_points_summary_appears_for_a_points_framework() -> None:
    points_fw = framework_load(POINTS_LADDER)
    result = assess(points_fw, profile_load(POINTS_PROFILE, points_fw))
    report = render_markdown(result, points_fw)
    assert f"Total: {result['points']['total']} points." in report
    for category in points_fw.category_list:
        assert f"| {category.name} | {result['points']['by_category'][category.id]} |" in report


def test_evidence_dated_after_as_of_is_named_as_not_counted(fw: Framework) -> None:
    result = assess(fw, profile_load(SAM, fw), as_of=date(2026, 6, 1))
    assert result["evidence_after_as_of"]
    report = render_markdown(result, fw)
    assert "## Evidence not counted" in report
    for evidence_id in result["evidence_after_as_of"]:
        assert evidence_id in report


def test_user_text_cannot_inject_html_or_split_markdown(fw: Framework) -> None:
    profile = profile_from_text(HOSTILE_PROFILE, fw)
    result = assess(fw, profile, bands=bands_load(BANDS, fw))
    report = render_markdown(result, fw)
    assert "<script>" not in report
    assert "<b>" not in report
    assert "\\<script\\>alert(1)\\</script\\> \\| x" in report
    assert "# Alex \\<b\\>Bold\\</b\\> \\<img src=x onerror=alert(1)\\> & Co \\| Ops: " in report


def test_a_pipe_or_line_break_in_a_detail_stays_inside_its_table_cell(fw: Framework, sam: dict) -> None:
    result = copy.deepcopy(sam)
    check = result["gates"][1]["checks"][0]
    check["detail"] = "left | right\nnext line"
    row = next(line for line in table_rows(render_markdown(result, fw)) if f"`{check['id']}`" in line)
    assert "left \\| right next line" in row
    assert unescaped_pipes(row) == 5


def test_rendering_is_pure(fw: Framework, sam_paid: dict) -> None:
    before = copy.deepcopy(sam_paid)
    assert render_markdown(sam_paid, fw) == render_markdown(sam_paid, fw)
    assert sam_paid == before
