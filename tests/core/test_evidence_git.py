"""Suggestions from git history: ADRs added, trailers naming the person, root-cause fixes, tags."""

from __future__ import annotations

import pytest

from ladders.core.errors import InputError
from ladders.core.evidence_git import scan_git
from ladders.core.framework_loader import default_framework
from tests.core.git_repos import Repo

ANN = ("Ann Lee", "ann@example.com")
BOB = ("Bob Ray", "bob@example.com")
ADR = "# 3. Use pgvector for embeddings\n\nContext: ...\n"


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path / "search")


def kinds(found):
    return sorted(s.kind for s in found)


def test_an_adr_added_by_the_person_is_one_suggestion_dated_by_the_author_date_with_its_path(repo):
    sha = repo.commit(
        "Record the embeddings decision", {"docs/adr/0003-use-pgvector.md": ADR}, day="2026-02-11"
    )

    [found] = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert (found.kind, found.date.isoformat(), found.title) == (
        "adr",
        "2026-02-11",
        "3. Use pgvector for embeddings",
    )
    assert (found.source.type, found.source.commit, found.source.path) == (
        "git",
        sha,
        "docs/adr/0003-use-pgvector.md",
    )
    assert found.source.repository == "search"
    assert "docs/adr/0003-use-pgvector.md" in found.why


@pytest.mark.parametrize(
    "path",
    [
        "doc/adr/0001-x.md",
        "docs/adr/0001-x.md",
        "adr/0001-x.md",
        "docs/decisions/0001-x.md",
        "architecture/decisions/0001-x.md",
        "services/search/docs/adr/0002-y.md",
    ],
)
def test_every_usual_adr_folder_is_recognised(repo, path):
    repo.commit("Add a decision", {path: ADR})
    assert kinds(scan_git(repo.path, default_framework(), ["ann@example.com"])) == ["adr"]


@pytest.mark.parametrize("path", ["docs/adr/README.md", "docs/adr/template.md", "notes/0001-x.md"])
def test_files_that_are_not_numbered_decision_records_are_not_adrs(repo, path):
    repo.commit("Add notes", {path: ADR})
    assert scan_git(repo.path, default_framework(), ["ann@example.com"]) == []


def test_an_adr_someone_else_added_is_not_the_persons(repo):
    repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR}, author=BOB)
    assert scan_git(repo.path, default_framework(), ["ann@example.com"]) == []


def test_renaming_an_adr_is_not_a_new_one(repo):
    repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR}, author=BOB)
    repo.git("mv", "docs/adr/0001-x.md", "docs/adr/0002-x.md")
    repo.commit("Renumber the decision")
    assert scan_git(repo.path, default_framework(), ["ann@example.com"]) == []


def test_an_adr_added_on_a_branch_and_merged_counts_once_in_the_commit_that_added_it(repo):
    repo.commit("Start", {"README.md": "hi\n"}, author=BOB, day="2026-01-01")
    repo.git("checkout", "-q", "-b", "decision")
    sha = repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR}, day="2026-01-05")
    repo.git("checkout", "-q", "main")
    repo.commit("Other work", {"src.py": "x = 1\n"}, author=BOB, day="2026-01-06")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge decision", "decision", author=BOB, day="2026-01-09")

    found = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert [(s.kind, s.source.commit, s.date.isoformat()) for s in found] == [("adr", sha, "2026-01-05")]


def test_reviewed_by_and_acked_by_trailers_naming_the_person_are_code_reviews(repo):
    first = repo.commit("Fix retries\n\nReviewed-by: Ann Lee <ann@example.com>", author=BOB)
    second = repo.commit("Tune batch size\n\nAcked-by: Ann Lee <ann@example.com>", author=BOB)
    repo.commit("Unrelated\n\nReviewed-by: Cy Doe <cy@example.com>", author=BOB)

    found = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert sorted((s.kind, s.source.commit) for s in found) == sorted(
        [("code_review", first), ("code_review", second)]
    )
    assert all("Bob Ray" in s.why for s in found)


def test_the_mailmap_joins_old_addresses_to_the_person_for_authors_and_trailers(repo):
    repo.commit(".mailmap", {".mailmap": "Ann Lee <ann@example.com> <ann.lee@oldcorp.example>\n"}, author=BOB)
    repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR}, author=("Ann L", "ann.lee@oldcorp.example"))
    repo.commit("Fix\n\nReviewed-by: Ann L <ann.lee@oldcorp.example>", author=BOB)

    found = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert kinds(found) == ["adr", "code_review"]


def test_several_identities_are_one_person(repo):
    repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR}, author=("Ann", "ann@home.example"))
    repo.commit("Add another", {"docs/adr/0002-y.md": ADR}, author=ANN)
    assert len(scan_git(repo.path, default_framework(), ["ann@example.com", "ann@home.example"])) == 2


def test_a_commit_message_naming_a_root_cause_is_a_debugging_story(repo):
    sha = repo.commit("Fix stale cache keys\n\nThe root cause was a key built before the locale.")
    repo.commit("Bump a version")

    [found] = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert (found.kind, found.title, found.source.commit) == ("debugging_story", "Fix stale cache keys", sha)
    assert "root cause" in found.why


def test_an_annotated_release_tag_the_person_made_is_shipped_work(repo):
    sha = repo.commit("Release", {"VERSION": "1.2.0\n"}, day="2026-04-02")
    repo.git("tag", "-a", "v1.2.0", "-m", "Version 1.2.0", day="2026-04-02")
    repo.git("tag", "-a", "experiment-1", "-m", "not a release", day="2026-04-02")

    [found] = scan_git(repo.path, default_framework(), ["ann@example.com"])

    assert (found.kind, found.title, found.source.commit, found.date.isoformat()) == (
        "shipped_project",
        "Released v1.2.0",
        sha,
        "2026-04-02",
    )


def test_slides_added_are_a_tech_talk(repo):
    repo.commit("Slides for the guild", {"talks/2026-retrieval/slides.md": "# Retrieval at scale\n"})
    assert kinds(scan_git(repo.path, default_framework(), ["ann@example.com"])) == ["tech_talk"]


def test_since_and_until_narrow_by_author_date(repo):
    repo.commit("Old", {"docs/adr/0001-x.md": ADR}, day="2025-06-01")
    repo.commit("New", {"docs/adr/0002-y.md": ADR}, day="2026-06-01")
    from datetime import date

    found = scan_git(repo.path, default_framework(), ["ann@example.com"], since=date(2026, 1, 1))
    assert [s.source.path for s in found] == ["docs/adr/0002-y.md"]
    found = scan_git(repo.path, default_framework(), ["ann@example.com"], until=date(2025, 12, 31))
    assert [s.source.path for s in found] == ["docs/adr/0001-x.md"]


def test_a_rescan_gives_the_same_ids_and_new_work_adds_new_ones(repo):
    repo.commit("Add a decision", {"docs/adr/0001-x.md": ADR})
    first = {s.id for s in scan_git(repo.path, default_framework(), ["ann@example.com"])}
    repo.commit("Add another", {"docs/adr/0002-y.md": ADR})
    second = {s.id for s in scan_git(repo.path, default_framework(), ["ann@example.com"])}
    assert first < second and len(second) == 2


def test_the_progress_callback_ends_at_the_number_of_commits(repo):
    for n in range(3):
        repo.commit(f"c{n}")
    calls = []
    scan_git(
        repo.path,
        default_framework(),
        ["ann@example.com"],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (3, 3)


def test_an_empty_repository_suggests_nothing(repo):
    assert scan_git(repo.path, default_framework(), ["ann@example.com"]) == []


def test_a_folder_that_is_no_repository_is_a_located_error(tmp_path):
    with pytest.raises(InputError) as error:
        scan_git(tmp_path, default_framework(), ["ann@example.com"])
    assert error.value.problems[0].source == str(tmp_path)
