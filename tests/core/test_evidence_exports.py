"""Suggestions from GitHub and GitLab REST responses and a Jira CSV, in the APIs' own shapes."""

from __future__ import annotations

import json

import pytest

from ladders.core.errors import InputError
from ladders.core.evidence_exports import scan_github, scan_gitlab, scan_jira
from ladders.core.framework_loader import default_framework


def pull(
    number, *, login="ann-lee", merged_at="2026-03-10T09:30:00Z", labels=(), title="Add reranking", body=""
):
    """A pull request as `GET /repos/{owner}/{repo}/pulls` returns it (the fields read, and a few others)."""
    return {
        "url": f"https://api.github.com/repos/acme/search/pulls/{number}",
        "id": 1000 + number,
        "html_url": f"https://github.com/acme/search/pull/{number}",
        "number": number,
        "state": "closed",
        "title": title,
        "body": body,
        "user": {"login": login, "id": 7, "type": "User"},
        "labels": [{"id": 1, "name": name, "color": "ededed"} for name in labels],
        "created_at": "2026-03-01T10:00:00Z",
        "closed_at": merged_at or "2026-03-02T10:00:00Z",
        "merged_at": merged_at,
        "merge_commit_sha": "abc",
    }


def review(number, *, login="ann-lee", state="APPROVED", submitted_at="2026-03-12T16:00:00Z", review_id=None):
    """A review as `GET /repos/{owner}/{repo}/pulls/{n}/reviews` returns it."""
    return {
        "id": review_id or 500 + number,
        "user": {"login": login, "id": 7},
        "body": "Caught the off-by-one in the window.",
        "state": state,
        "html_url": f"https://github.com/acme/search/pull/{number}#pullrequestreview-{500 + number}",
        "pull_request_url": f"https://api.github.com/repos/acme/search/pulls/{number}",
        "submitted_at": submitted_at,
        "commit_id": "def",
        "author_association": "MEMBER",
    }


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_merged_pull_request_is_shipped_work_and_an_unmerged_one_is_nothing(tmp_path):
    path = write(tmp_path, "pulls.json", [pull(41), pull(42, merged_at=None)])

    [found] = scan_github(path, default_framework(), ["ann-lee"])

    assert (found.kind, found.title, found.date.isoformat()) == (
        "shipped_project",
        "Add reranking",
        "2026-03-10",
    )
    assert found.source.url == "https://github.com/acme/search/pull/41"


def test_a_pull_request_by_someone_else_is_not_the_persons(tmp_path):
    path = write(tmp_path, "pulls.json", [pull(41, login="bob")])
    assert scan_github(path, default_framework(), ["ann-lee"]) == []


def test_labels_and_root_cause_text_add_their_kinds(tmp_path):
    path = write(
        tmp_path,
        "pulls.json",
        [pull(7, labels=["pairing"]), pull(8, body="Root cause: a race on the cache.")],
    )

    found = scan_github(path, default_framework(), ["ann-lee"])

    assert sorted((s.kind, s.source.url.rsplit("/", 1)[1]) for s in found) == [
        ("debugging_story", "8"),
        ("mentoring", "7"),
        ("shipped_project", "7"),
        ("shipped_project", "8"),
    ]


def test_search_results_and_slurped_pages_are_read_too(tmp_path):
    item = pull(9)
    item["pull_request"] = {"merged_at": item.pop("merged_at"), "html_url": item["html_url"]}
    path = write(tmp_path, "search.json", [{"total_count": 1, "incomplete_results": False, "items": [item]}])
    assert [s.kind for s in scan_github(path, default_framework(), [])] == ["shipped_project"]


def test_reviews_given_are_code_reviews_and_need_the_login(tmp_path):
    path = write(
        tmp_path, "reviews.json", [[review(41), review(42, login="bob"), review(43, state="PENDING")]]
    )

    [found] = scan_github(path, default_framework(), ["Ann-Lee"])

    assert (found.kind, found.title, found.date.isoformat()) == (
        "code_review",
        "Reviewed pull request #41",
        "2026-03-12",
    )
    assert found.confidence > 0.5
    assert scan_github(path, default_framework(), []) == []


def test_the_same_export_gives_the_same_ids(tmp_path):
    path = write(tmp_path, "pulls.json", [pull(41), pull(42)])
    assert [s.id for s in scan_github(path, default_framework(), [])] == [
        s.id for s in scan_github(path, default_framework(), [])
    ]


def test_a_json_file_with_no_pull_request_in_it_is_refused(tmp_path):
    path = write(tmp_path, "other.json", [{"name": "not a pull request"}])
    with pytest.raises(InputError, match=r"docs/evidence-import\.md"):
        scan_github(path, default_framework(), [])


def test_a_file_that_is_not_json_is_a_located_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"merged_at": ', encoding="utf-8")
    with pytest.raises(InputError) as error:
        scan_github(path, default_framework(), [])
    assert error.value.problems[0].line == 1


def merge_request(iid, *, author="ann", merged_at="2026-05-02T08:00:00.000Z", reviewers=(), labels=()):
    """A merge request as `GET /merge_requests` returns it."""
    return {
        "id": 9000 + iid,
        "iid": iid,
        "project_id": 3,
        "title": f"Speed up ingestion {iid}",
        "description": "",
        "state": "merged" if merged_at else "opened",
        "merged_at": merged_at,
        "author": {"id": 1, "username": author, "name": author.title()},
        "reviewers": [{"id": 2, "username": r} for r in reviewers],
        "labels": list(labels),
        "web_url": f"https://gitlab.example.com/data/ingest/-/merge_requests/{iid}",
        "references": {"short": f"!{iid}", "full": f"data/ingest!{iid}"},
    }


def test_gitlab_merged_requests_by_the_person_and_reviews_they_were_asked_for(tmp_path):
    path = write(
        tmp_path,
        "mrs.json",
        [
            merge_request(1),
            merge_request(2, merged_at=None),
            merge_request(3, author="bob", reviewers=["ann"]),
        ],
    )

    found = scan_gitlab(path, default_framework(), ["ann"])

    assert sorted((s.kind, s.source.url.rsplit("/", 1)[1]) for s in found) == [
        ("code_review", "3"),
        ("shipped_project", "1"),
    ]
    assert all(s.source.type == "gitlab" for s in found)


JIRA = (
    "Summary,Issue key,Issue id,Issue Type,Status,Resolution,Assignee,Created,Resolved,Labels,Labels\n"
    "Search returns stale results,ML-101,10001,Bug,Done,Fixed,Ann Lee,01/Mar/26 9:00 AM,04/Mar/26 3:15 PM,,\n"
    '"Outage of the embeddings API\nfor two hours",ML-102,10002,Incident,Done,Fixed,Ann Lee,'
    "02/Mar/26 9:00 AM,"
    "02/Mar/26 11:30 AM,postmortem,sev2\n"
    "Add reranker,ML-103,10003,Story,In Progress,,Ann Lee,03/Mar/26 9:00 AM,,,\n"
    "Flaky test,ML-104,10004,Bug,Done,Fixed,Bob Ray,01/Mar/26 9:00 AM,05/Mar/26 9:00 AM,,\n"
)


def test_resolved_jira_issues_of_the_person_become_kinds_by_type_and_label(tmp_path):
    path = tmp_path / "jira.csv"
    path.write_text(JIRA, encoding="utf-8")

    found = scan_jira(path, default_framework(), ["Ann Lee"], base_url="https://acme.atlassian.net")

    by_key = {(s.source.key, s.kind): s for s in found}
    assert sorted(by_key) == [("ML-101", "debugging_story"), ("ML-102", "incident")]
    incident = by_key[("ML-102", "incident")]
    assert incident.date.isoformat() == "2026-03-02"
    assert incident.source.url == "https://acme.atlassian.net/browse/ML-102"
    assert incident.source.lines == [3, 4]  # the quoted summary spans two lines
    assert "postmortem" in incident.why


def test_a_csv_without_the_jira_columns_is_refused_naming_them(tmp_path):
    path = tmp_path / "jira.csv"
    path.write_text("Key,Title\nML-1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="'Issue key'"):
        scan_jira(path, default_framework(), [])
