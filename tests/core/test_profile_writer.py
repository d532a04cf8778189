"""Accepted suggestions go into the profile file, which keeps its comments and order."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.errors import InputError
from ladders.core.framework_loader import default_framework
from ladders.core.profile import EvidenceSource, profile_from_text, profile_load
from ladders.core.profile_writer import decisions_load, decisions_save, profile_add_evidence
from ladders.core.suggestions import Suggestion, as_evidence

PROFILE = """# Sam's profile, kept by hand
name: Sam Rivera   # as on the badge
skills:
  rag_systems: 3  # after the search project
evidence:
  # the first thing I shipped
  - kind: shipped_project
    title: Support assistant
    date: 2026-01-15
    users: real
"""


def suggestion(n=1):
    return Suggestion(
        id=f"git-{n:020d}",
        kind="adr",
        title=f"Use pgvector {n}",
        date=date(2026, 2, n),
        source=EvidenceSource(type="git", repository="search", commit="a" * 40, path=f"docs/adr/000{n}-x.md"),
        confidence=0.9,
        why="test",
    )


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "sam.yaml"
    target.write_text(PROFILE, encoding="utf-8")
    return target


def test_accepted_items_are_appended_with_their_source_and_every_comment_stays(path):
    text = profile_add_evidence(
        path, default_framework(), [as_evidence(suggestion(1)), as_evidence(suggestion(2))]
    )

    for comment in (
        "# Sam's profile, kept by hand",
        "# as on the badge",
        "# after the search project",
        "# the first thing I shipped",
    ):
        assert comment in text
    assert text.startswith(PROFILE)  # nothing before the new items moved
    profile = profile_from_text(text, default_framework())
    added = profile.evidence[1:]
    assert [(i.id, i.kind, i.title) for i in added] == [
        ("e2", "adr", "Use pgvector 1"),
        ("e3", "adr", "Use pgvector 2"),
    ]
    assert added[0].source.suggestion == "git-00000000000000000001"
    assert added[0].source.path == "docs/adr/0001-x.md"


def test_new_ids_skip_the_ones_taken(tmp_path):
    target = tmp_path / "p.yaml"
    target.write_text(
        PROFILE.replace("  - kind: shipped_project", "  - id: e2\n    kind: shipped_project"),
        encoding="utf-8",
    )
    text = profile_add_evidence(target, default_framework(), [as_evidence(suggestion())])
    assert [i.id for i in profile_from_text(text, default_framework()).evidence] == ["e2", "e3"]


def test_a_profile_with_no_evidence_list_gets_one(tmp_path):
    target = tmp_path / "p.yaml"
    target.write_text("name: Sam  # me\nevidence: []\n", encoding="utf-8")
    text = profile_add_evidence(target, default_framework(), [as_evidence(suggestion())])
    assert "# me" in text
    assert len(profile_from_text(text, default_framework()).evidence) == 1


def test_an_invalid_profile_is_refused_before_anything_is_parsed_for_writing(tmp_path):
    target = tmp_path / "p.yaml"
    target.write_text("name: Sam\nevidence:\n  - kind: no_such_kind\n    title: x\n    date: 2026-01-01\n")
    with pytest.raises(InputError, match="no_such_kind"):
        profile_add_evidence(target, default_framework(), [as_evidence(suggestion())])


def test_decisions_are_kept_beside_the_profile_and_accepted_ids_are_read_from_items(path):
    path.write_text(
        profile_add_evidence(path, default_framework(), [as_evidence(suggestion(1))]), encoding="utf-8"
    )
    profile = profile_load(path, default_framework())
    decisions = decisions_load(path, profile)
    assert decisions.accepted == {"git-00000000000000000001"}
    decisions.rejected.add("git-00000000000000000002")
    decisions_save(path, decisions)
    again = decisions_load(path, profile)
    assert again.decided("git-00000000000000000001") and again.decided("git-00000000000000000002")
