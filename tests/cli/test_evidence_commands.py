"""`ladders evidence suggest` and `review`: from a repository and a brag doc to profile items."""

from __future__ import annotations

import json

import pytest

from ladders.core.framework_loader import default_framework
from ladders.core.profile import profile_load
from tests.core.git_repos import Repo
from tests.framework_ids import KIND

BRAG = """## 2026-03

- 2026-03-04: Led the incident response for the search outage; cut time to mitigate by 40%.
- 2026-03-20: Gave a talk on retrieval evaluation at the platform guild.
"""
PROFILE = """# kept by hand
name: Ann Lee  # me
evidence:
  - kind: {kind}
    title: Support assistant
    date: 2026-01-15
    users: real
"""


@pytest.fixture
def sources(tmp_path):
    repo = Repo(tmp_path / "search")
    repo.commit("Add a decision", {"docs/adr/0001-use-pgvector.md": "# Use pgvector\n"}, day="2026-02-11")
    brag = tmp_path / "brag.md"
    brag.write_text(BRAG, encoding="utf-8")
    profile = tmp_path / "ann.yaml"
    profile.write_text(PROFILE.format(kind=KIND.shipped_project), encoding="utf-8")
    return repo.path, brag, profile


def suggest_json(ladders, repo, brag, *extra):
    result = ladders(
        "evidence",
        "suggest",
        "--git",
        repo,
        "--author",
        "ann@example.com",
        "--brag",
        brag,
        "--format",
        "json",
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_json_is_an_object_whose_suggestions_carry_id_kind_title_date_source_confidence_and_why(
    ladders, sources
):
    repo, brag, _ = sources
    data = suggest_json(ladders, repo, brag)

    assert list(data) == ["suggestions"]
    kinds = sorted(s["kind"] for s in data["suggestions"])
    assert kinds == sorted([KIND.adr, KIND.incident, KIND.tech_talk])
    for item in data["suggestions"]:
        assert {"id", "kind", "title", "date", "source", "confidence", "why"} <= set(item)
    [adr] = [s for s in data["suggestions"] if s["kind"] == KIND.adr]
    assert (adr["date"], adr["source"]["path"]) == ("2026-02-11", "docs/adr/0001-use-pgvector.md")


def test_suggest_is_stateless_the_same_inputs_give_the_same_output(ladders, sources):
    repo, brag, _ = sources
    assert suggest_json(ladders, repo, brag) == suggest_json(ladders, repo, brag)


def test_since_narrows_the_scan(ladders, sources):
    repo, brag, _ = sources
    data = suggest_json(ladders, repo, brag, "--since", "2026-03-10")
    assert [s["kind"] for s in data["suggestions"]] == [KIND.tech_talk]


def test_the_text_and_yaml_formats_name_the_same_suggestions(ladders, sources, tmp_path):
    repo, brag, _ = sources
    ids = [s["id"] for s in suggest_json(ladders, repo, brag)["suggestions"]]
    text = ladders("evidence", "suggest", "--git", repo, "--author", "ann@example.com", "--brag", brag).stdout
    assert all(i in text for i in ids)
    out = tmp_path / "s.yaml"
    ladders(
        "evidence",
        "suggest",
        "--brag",
        brag,
        "--git",
        repo,
        "--author",
        "ann@example.com",
        "--format",
        "yaml",
        "-o",
        out,
    )
    assert all(i in out.read_text() for i in ids)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "at least one of"),
        (("--git", "."), "--git needs --author"),
        (("--brag", "missing.md"), "file not found"),
        (("--brag", "b.md", "--since", "March"), "YYYY-MM-DD"),
        (("--brag", "b.md", "--post", "http://127.0.0.1:9/"), "--post needs --token"),
    ],
)
def test_bad_input_exits_2_with_a_message(ladders, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.md").write_text(BRAG, encoding="utf-8")
    result = ladders("evidence", "suggest", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_review_accepts_edits_and_rejects_and_never_offers_a_decided_one_again(ladders, sources, tmp_path):
    repo, brag, profile = sources
    file = tmp_path / "s.json"
    file.write_text(json.dumps(suggest_json(ladders, repo, brag)), encoding="utf-8")
    order = [s["kind"] for s in json.loads(file.read_text())["suggestions"]]  # newest first
    assert order == [KIND.tech_talk, KIND.incident, KIND.adr]

    # accept the talk; edit the incident's title, keep the rest; reject the ADR
    answers = "a\ne\nLed the search outage response\n\n\n\n\nr\n"
    result = ladders("evidence", "review", profile, "--from", file, input=answers)

    assert result.exit_code == 0, result.stderr
    text = profile.read_text()
    assert "# kept by hand" in text and "# me" in text
    items = profile_load(profile, default_framework()).evidence
    assert [(i.kind, i.title) for i in items[1:]] == [
        (KIND.tech_talk, "Gave a talk on retrieval evaluation at the platform guild."),
        (KIND.incident, "Led the search outage response"),
    ]
    assert items[2].outcome == "cut time to mitigate by 40%"
    assert items[1].source.type == "brag" and items[1].source.lines == [4, 4]

    again = ladders("evidence", "review", profile, "--from", file, input="a\n")
    assert again.exit_code == 0
    assert "0 accepted" in again.stderr and "0 left" in again.stderr
    assert len(profile_load(profile, default_framework()).evidence) == 3


def test_review_with_accept_and_reject_asks_nothing(ladders, sources, tmp_path):
    repo, brag, profile = sources
    data = suggest_json(ladders, repo, brag)
    file = tmp_path / "s.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    adr = next(s["id"] for s in data["suggestions"] if s["kind"] == KIND.adr)

    result = ladders("evidence", "review", profile, "--from", file, "--accept", adr)

    assert result.exit_code == 0, result.stderr
    [_, added] = profile_load(profile, default_framework()).evidence
    assert (added.kind, added.source.suggestion, added.source.path) == (
        KIND.adr,
        adr,
        "docs/adr/0001-use-pgvector.md",
    )
    twice = ladders("evidence", "review", profile, "--from", file, "--accept", adr)
    assert twice.exit_code == 0
    assert len(profile_load(profile, default_framework()).evidence) == 2


def test_review_refuses_a_suggestions_file_with_an_unknown_kind_and_writes_nothing(
    ladders, sources, tmp_path
):
    _, _, profile = sources
    before = profile.read_text()
    file = tmp_path / "s.json"
    file.write_text(
        json.dumps(
            {
                "suggestions": [
                    {
                        "id": "brag-1",
                        "kind": "no_such_kind",
                        "title": "x",
                        "date": "2026-01-01",
                        "source": {"type": "brag"},
                        "confidence": 0.5,
                        "why": "x",
                    }
                ]
            }
        )
    )
    result = ladders("evidence", "review", profile, "--from", file, "--accept", "brag-1")
    assert result.exit_code == 2
    assert "no_such_kind" in result.stderr
    assert profile.read_text() == before
