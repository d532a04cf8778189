"""`ladders profile new`: a guided interview that always writes a profile `ladders assess` accepts.

The interview asks, in order: name, years, background, self-assessed level, org maturity,
as-of date; then per skill category whether to rate it (and if so each of its skills);
whether to record a time allocation (and if so each activity); then evidence items until
the answer to "Add a piece of evidence?" is no. `interview()` turns the answers a test
cares about into that sequence of typed lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import yaml

from ladders.core.framework_loader import DEFAULT_FRAMEWORK, default_framework
from ladders.core.profile import profile_load
from tests.framework_ids import KIND, LEVEL, SKILL
from tests.minimum_profiles import MID_RATINGS

Answer = str | list[str]  # a list is a wrong answer (or several) followed by the right one


def typed(answer: Answer) -> list[str]:
    return [answer] if isinstance(answer, str) else list(answer)


def interview(
    *,
    name: Answer = "Riley Chen",
    years: Answer = "4",
    background: Answer = "software_engineer",
    self_level: Answer = "",
    org_maturity: Answer = "",
    as_of: Answer = "2026-11-01",
    ratings: dict[str, Answer] | None = None,
    allocation: Iterable[Answer] | None = None,
    evidence: Iterable[list[Answer]] = (),
) -> str:
    """The typed lines of an interview on the default framework; skills not rated stay at 0."""
    fw = default_framework()
    ratings = ratings or {}
    lines: list[str] = []
    for answer in (name, years, background, self_level, org_maturity, as_of):
        lines += typed(answer)
    for category in fw.category_list:
        members = [skill.id for skill in fw.skills if skill.category == category.id]
        if not any(skill in ratings for skill in members):
            lines.append("n")
            continue
        lines.append("y")
        for skill in members:
            lines += typed(ratings.get(skill, ""))
    if allocation is None:
        lines.append("n")
    else:
        lines.append("y")
        for answer in allocation:
            lines += typed(answer)
    for item in evidence:
        lines.append("y")
        for answer in item:
            lines += typed(answer)
    lines.append("n")
    return "\n".join(lines) + "\n"


# kind, title, date, scope, users (shipped projects only), outcome, skills
SHIPPED_WITH_NUMBER = [
    KIND.shipped_project,
    "Support bot",
    "2026-03-01",
    "feature",
    "real",
    "Cut tickets by 40%",
    "",
]
SHIPPED = [
    "1",
    "Sales drafts",
    "2026-05-01",
    "2",
    "real",
    "Sales use it daily",
    SKILL.rag_systems,
]  # kind, scope by number
DEBUGGING = [
    KIND.debugging_story,
    "Chunker split tables",
    "2026-04-01",
    "",
    "",
    "error_handling, rag_systems",
]
# The mid ratings as typed at the prompts.
MID_SKILLS = {skill: str(rating) for skill, rating in MID_RATINGS.items()}


def test_the_interview_writes_a_profile_that_loads_and_assesses_at_its_level(ladders, tmp_path):
    target = tmp_path / "riley.yaml"

    result = ladders(
        "profile",
        "new",
        "-o",
        target,
        input=interview(
            self_level=LEVEL.mid,
            org_maturity="3",
            ratings=MID_SKILLS,
            allocation=["60", "20", "0", "10", "0", "10"],
            evidence=[SHIPPED_WITH_NUMBER, SHIPPED, DEBUGGING],
        ),
    )

    assert result.exit_code == 0, result.stderr
    profile = profile_load(target, default_framework())
    assert (profile.name, profile.years_experience, profile.background) == (
        "Riley Chen",
        4,
        "software_engineer",
    )
    assert (profile.self_assessed_level, profile.org_maturity, str(profile.as_of)) == (
        LEVEL.mid,
        3,
        "2026-11-01",
    )
    assert profile.skills == {skill: int(rating) for skill, rating in MID_SKILLS.items()}
    assert sum(profile.time_allocation.values()) == 100
    assert [(e.id, e.kind, e.scope) for e in profile.evidence] == [
        ("e1", KIND.shipped_project, "feature"),
        ("e2", KIND.shipped_project, "feature"),
        ("e3", KIND.debugging_story, "individual"),
    ]
    assert profile.evidence[1].skills == [SKILL.rag_systems]
    assessed = ladders("assess", target, "--format", "json")
    assert assessed.exit_code == 0, assessed.stderr
    assert json.loads(assessed.stdout)["level"] == LEVEL.mid


def test_blank_optional_answers_leave_their_fields_out(ladders, tmp_path):
    target = tmp_path / "profile.yaml"

    result = ladders("profile", "new", "-o", target, input=interview())

    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert not {"self_assessed_level", "org_maturity", "time_allocation"} & set(data)
    assert data["skills"] == {}
    assert data["evidence"] == []
    assert ladders("assess", target).exit_code == 0


def test_a_wrong_answer_is_explained_and_asked_again(ladders, tmp_path):
    target = tmp_path / "profile.yaml"

    result = ladders(
        "profile",
        "new",
        "-o",
        target,
        input=interview(
            years=["lots", "4"],
            background=["9", "researcher"],
            self_level=["cto", LEVEL.senior],
            org_maturity=["6", "2"],
            as_of=["1 November", "2026-11-01"],
            ratings={SKILL.error_handling: ["9", "-1", "3"]},
            allocation=["50", "10", "10", "10", "10", "0", "50", "20", "10", "10", "10", "0"],
            evidence=[
                [
                    ["blog_post", KIND.shipped_project],  # kind
                    ["  ", "Bot"],  # title
                    ["soon", "2026-03-01"],  # date
                    ["everyone", "team"],  # scope
                    ["", "real"],  # users: no default, so a blank line is asked again
                    [""],  # outcome: optional
                    ["rag_sistems", SKILL.rag_systems],  # skills
                ]
            ],
        ),
    )

    assert result.exit_code == 0, result.stderr
    for explanation in [
        "enter a number of years",
        "enter a number from 1 to 4 or one of: software_engineer",
        "enter a whole number from 1 to 5",
        "write the date as YYYY-MM-DD",
        "enter a whole number from 0 to 4",
        "those add up to 90%, not 100%",
        "an answer is needed",
        "unknown skill id(s): rag_sistems",
    ]:
        assert explanation in result.stderr
    profile = profile_load(target, default_framework())
    assert (profile.years_experience, profile.background, profile.self_assessed_level) == (
        4,
        "researcher",
        LEVEL.senior,
    )
    assert profile.org_maturity == 2
    assert profile.skills == {SKILL.error_handling: 3}
    assert profile.time_allocation["feature_delivery"] == 50
    assert profile.time_allocation["system_design"] == 20
    item = profile.evidence[0]
    assert (item.kind, item.title, str(item.date), item.users, item.skills) == (
        KIND.shipped_project,
        "Bot",
        "2026-03-01",
        "real",
        [SKILL.rag_systems],
    )


def test_an_evidence_date_after_today_is_explained_and_asked_again(ladders, tmp_path):
    target = tmp_path / "profile.yaml"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    item = [DEBUGGING[0], DEBUGGING[1], [tomorrow, "2026-04-01"], *DEBUGGING[3:]]

    result = ladders("profile", "new", "-o", target, input=interview(evidence=[item]))

    assert result.exit_code == 0, result.stderr
    assert f"{tomorrow} is in the future" in result.stderr
    assert str(profile_load(target, default_framework()).evidence[0].date) == "2026-04-01"


def test_each_skill_is_shown_with_its_rubric_before_it_is_rated(ladders, tmp_path):
    fw = default_framework()
    skill = fw.skill_by_id[SKILL.error_handling]

    result = ladders(
        "profile", "new", "-o", tmp_path / "p.yaml", input=interview(ratings={SKILL.error_handling: "3"})
    )

    assert result.exit_code == 0, result.stderr
    assert f"{skill.name}: {skill.description}" in result.stderr
    for value in range(1, 5):
        assert f"{value} {fw.rating_name(value)}: {skill.rubric[value]}" in result.stderr


def test_it_refuses_to_overwrite_an_existing_file_without_force(ladders, assert_bad_input, tmp_path):
    existing = tmp_path / "profile.yaml"
    existing.write_text("name: Keep me\n", encoding="utf-8")

    result = ladders("profile", "new", "-o", existing, input=interview())

    assert_bad_input(result, str(existing), "--force")
    assert "Your name" not in result.stderr  # refused before a single question
    assert existing.read_text(encoding="utf-8") == "name: Keep me\n"


def test_force_overwrites_an_existing_file(ladders, tmp_path):
    existing = tmp_path / "profile.yaml"
    existing.write_text("name: Keep me\n", encoding="utf-8")

    result = ladders("profile", "new", "-o", existing, "--force", input=interview(name="Replaced"))

    assert result.exit_code == 0, result.stderr
    assert profile_load(existing, default_framework()).name == "Replaced"


def test_the_default_file_is_profile_yaml_in_the_current_folder(ladders, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = ladders("profile", "new", input=interview())

    assert result.exit_code == 0, result.stderr
    assert Path("profile.yaml").is_file()
    assert "wrote profile.yaml" in result.stderr


def test_an_interview_cut_short_stops_with_exit_130_and_writes_nothing(ladders, tmp_path):
    target = tmp_path / "me.yaml"

    result = ladders("profile", "new", "-o", target, input="Sam\n")

    assert result.exit_code == 130
    assert not target.exists()


def test_pressing_enter_at_the_background_picks_the_frameworks_default(ladders, tmp_path):
    shipped = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    old = "backgrounds: [software_engineer, data_scientist, researcher, none]\n"
    framework = tmp_path / "ladder.yaml"
    framework.write_text(
        shipped.replace(
            old,
            "backgrounds: [software_engineer, data_scientist, researcher]\n"
            "default_background: data_scientist\n",
        ),
        encoding="utf-8",
    )
    target = tmp_path / "riley.yaml"

    result = ladders("profile", "new", "-o", target, "-f", framework, input=interview(background=""))

    assert result.exit_code == 0, result.stderr
    assert "Background (number or id) [data_scientist]" in result.stderr
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["background"] == "data_scientist"
