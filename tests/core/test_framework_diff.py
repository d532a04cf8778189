"""A new framework version: the diff an admin reviews and the what-if over people."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ladders.core.framework_diff import framework_diff, what_if
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, default_framework, framework_from_text
from ladders.core.profile import profile_load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "profiles"


def edited(change) -> object:
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    change(data)
    return framework_from_text(yaml.safe_dump(data, sort_keys=False), "edited.yaml")


def gate(data: dict, gate_id: str) -> dict:
    return next(g for lv in data["levels"] for g in lv["gates"] if g["id"] == gate_id)


def test_the_same_framework_has_an_empty_diff():
    fw = default_framework()
    diff = framework_diff(fw, fw)
    assert diff["same"]
    for section in ("levels", "skills", "evidence_kinds", "gates"):
        assert diff[section] == {"added": [], "removed": [], "changed": []}


def test_a_changed_gate_shows_its_old_and_new_rule():
    new = edited(lambda d: gate(d, "mid.shipped")["rule"]["evidence"].update(min=3))
    diff = framework_diff(default_framework(), new)
    (change,) = diff["gates"]["changed"]
    assert change["id"] == "mid.shipped"
    assert change["fields"]["rule"]["old"].startswith("≥ 2 ")
    assert change["fields"]["rule"]["new"].startswith("≥ 3 ")


def test_rubric_text_changes_and_added_skills_are_listed():
    def change(d):
        d["skills"][0]["rubric"][3] = "A new line for rating three."
        d["skills"].append({**d["skills"][0], "id": "prompt_engineering", "name": "Prompt engineering"})

    diff = framework_diff(default_framework(), edited(change))
    assert diff["skills"]["added"] == ["prompt_engineering"]
    (skill,) = diff["skills"]["changed"]
    assert skill["id"] == "ml_fundamentals"
    assert list(skill["fields"]) == ["rubric 3"]


def test_what_if_names_who_would_move_and_which_check_flipped():
    fw = default_framework()
    sam = profile_load(EXAMPLES / "sam-rivera.yaml", fw)
    senior = profile_load(EXAMPLES / "senior-builder.yaml", fw)
    stricter = edited(lambda d: gate(d, "mid.shipped")["rule"]["evidence"].update(min=3))

    changes = what_if(fw, stricter, [("sam", sam), ("senior", senior)])

    moved = {c["key"]: c for c in changes}
    assert "sam" in moved  # two shipped projects with real users no longer pass mid
    assert moved["sam"]["from"] == "mid" and moved["sam"]["to"] == "junior"
    assert moved["sam"]["direction"] == "down"
    assert [f["check"] for f in moved["sam"]["because"]] == ["mid.shipped"]


def test_a_change_of_detection_rules_shows_in_the_diff_of_the_kind():
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    older = framework_from_text(
        text.replace("      trailers: [Reviewed-by, Acked-by]\n", "", 1), "older.yaml"
    )
    diff = framework_diff(older, framework_from_text(text, "new.yaml"))
    [changed] = diff["evidence_kinds"]["changed"]
    assert changed["id"] == "code_review"
    assert "Reviewed-by" in changed["fields"]["detect"]["new"]
    assert "Reviewed-by" not in changed["fields"]["detect"]["old"]


def test_a_level_diff_lists_the_gates_criteria_and_ratings_added_on_the_way_up():
    from ladders.core.framework_diff import level_diff
    from ladders.core.framework_loader import default_framework
    from tests.checklist_ladder import checklist_framework

    fw = default_framework()
    low, high = fw.levels[0], fw.levels[2]
    diff = level_diff(fw, low.id, high.id)
    assert [g["id"] for g in diff["gates"]] == [g.id for lv in fw.levels[1:3] for g in lv.gates]
    assert diff["skills"] and all(s["new"] > (s["old"] or 0) for s in diff["skills"])
    checklist = checklist_framework()
    steps = level_diff(checklist, "one", "three")
    assert [c["id"] for c in steps["criteria"]] == [
        c.id for c in checklist.criteria if c.level in ("two", "three")
    ]
    with pytest.raises(ValueError):
        level_diff(fw, high.id, low.id)
