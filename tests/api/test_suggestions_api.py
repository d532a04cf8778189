"""The evidence inbox over the API: what `ladders evidence suggest --post` sends, and decisions."""

from __future__ import annotations

from datetime import date

from ladders.core.profile import EvidenceSource
from ladders.core.suggestions import Suggestion, suggestion_dict
from ladders.leveling.models import Evidence
from tests.framework_ids import KIND


def suggestion(n: int = 1, kind: str = KIND.adr) -> dict:
    return suggestion_dict(
        Suggestion(
            id=f"git-{n:020d}",
            kind=kind,
            title=f"Use pgvector ({n})",
            date=date(2026, 2, 11),
            source=EvidenceSource(
                type="git", repository="search", commit="a" * 40, path=f"docs/adr/000{n}-x.md"
            ),
            confidence=0.9,
            why="your commit added a decision record",
        )
    )


def test_posting_the_same_suggestions_twice_adds_them_once(acme, api_as):
    api = api_as(acme.engineer)
    first = api.post(
        f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion(1), suggestion(2)]}
    )
    again = api.post(
        f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion(1), suggestion(2)]}
    )
    assert (first.status_code, first.json()) == (200, {"added": 2, "known": 0})
    assert again.json() == {"added": 0, "known": 2}
    listed = api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"]
    assert [s["suggestion_id"] for s in listed] == ["git-00000000000000000001", "git-00000000000000000002"]


def test_accepting_twice_creates_one_item_with_the_source(acme, api_as):
    api = api_as(acme.engineer)
    api.post(f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion()]})
    [row] = api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"]

    first = api.post(f"/suggestions/{row['id']}/accept", {"title": "Chose pgvector"})
    second = api.post(f"/suggestions/{row['id']}/accept", {})

    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["source"]["path"] == "docs/adr/0001-x.md"
    assert first.json()["source"]["suggestion"] == "git-00000000000000000001"
    assert Evidence.objects.filter(person=acme.engineer).count() == 1
    assert api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"] == []


def test_a_rejected_suggestion_is_never_offered_again_and_cannot_be_accepted(acme, api_as):
    api = api_as(acme.engineer)
    api.post(f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion()]})
    [row] = api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"]
    assert api.post(f"/suggestions/{row['id']}/reject").status_code == 204
    assert api.post(f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion()]}).json() == {
        "added": 0,
        "known": 1,
    }
    assert api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"] == []
    assert api.post(f"/suggestions/{row['id']}/accept", {}).status_code == 409


def test_a_kind_the_framework_lacks_is_refused_and_nothing_is_stored(acme, api_as):
    api = api_as(acme.engineer)
    bad = suggestion() | {"kind": "no_such_kind"}
    response = api.post(f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion(2), bad]})
    assert response.status_code == 422
    assert "no_such_kind" in response.json()["detail"]
    assert api.get(f"/people/{acme.engineer.pk}/suggestions").json()["items"] == []


def test_an_outsider_cannot_send_suggestions_to_someone_else(acme, api_as):
    response = api_as(acme.outsider).post(
        f"/people/{acme.engineer.pk}/suggestions", {"suggestions": [suggestion()]}
    )
    assert response.status_code == 404
