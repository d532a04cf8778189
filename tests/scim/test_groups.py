"""SCIM Groups are teams: created with members, members added and removed, renamed, deleted."""

from __future__ import annotations

from ladders.accounts.models import Person, Team

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def _team_of(person: Person) -> str | None:
    team = Person.objects.get(pk=person.pk).team
    return team.name if team else None


def test_okta_creates_a_group_with_members_and_they_join_that_team(acme, scim):
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Search",
        "members": [
            {"value": str(acme.engineer.pk), "display": "Eve Engineer"},
            {"value": str(acme.outsider.pk)},
        ],
    }

    response = scim(acme.admin).post("/Groups", body)

    assert response.status_code == 201, response.content
    team = Team.objects.get(pk=int(response.json()["id"]))
    assert team.org == acme.org and team.name == "Search"
    assert _team_of(acme.engineer) == _team_of(acme.outsider) == "Search"
    assert {m["value"] for m in response.json()["members"]} == {str(acme.engineer.pk), str(acme.outsider.pk)}


def test_entra_adds_and_removes_members_with_patch(acme, scim):
    client = scim(acme.admin)
    group = client.post("/Groups", {"schemas": [], "displayName": "Search", "members": []}).json()
    path = f"/Groups/{group['id']}"

    added = client.patch(
        path,
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Add", "path": "members", "value": [{"value": str(acme.engineer.pk)}]}],
        },
    )
    assert added.status_code == 200, added.content
    assert _team_of(acme.engineer) == "Search"

    removed = client.patch(
        path,
        {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Remove", "path": "members", "value": [{"value": str(acme.engineer.pk)}]}],
        },
    )
    assert removed.status_code == 200
    assert _team_of(acme.engineer) is None


def test_okta_removes_a_member_by_filter_path_and_renames_the_group(acme, scim):
    client = scim(acme.admin)
    group = client.post(
        "/Groups", {"schemas": [], "displayName": "Search", "members": [{"value": str(acme.engineer.pk)}]}
    ).json()

    response = client.patch(
        f"/Groups/{group['id']}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "remove", "path": f'members[value eq "{acme.engineer.pk}"]'},
                {"op": "replace", "value": {"id": group["id"], "displayName": "Search and ranking"}},
            ],
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["displayName"] == "Search and ranking" and response.json()["members"] == []
    assert _team_of(acme.engineer) is None


def test_a_filter_on_displayName_finds_the_team_and_delete_keeps_its_people(acme, scim):
    client = scim(acme.admin)

    found = client.get("/Groups", filter='displayName eq "Applied AI"').json()
    assert found["totalResults"] == 1
    group_id = found["Resources"][0]["id"]

    assert client.delete(f"/Groups/{group_id}").status_code == 204
    assert not Team.objects.filter(pk=int(group_id)).exists()
    assert Person.objects.filter(pk=acme.engineer.pk).exists() and _team_of(acme.engineer) is None


def test_a_member_of_another_organisation_is_refused_and_nothing_changes(acme, scim):
    from tests.server.matrix_helpers import make_foreign_org

    foreign = make_foreign_org()

    response = scim(foreign).post(
        "/Groups", {"schemas": [], "displayName": "Poachers", "members": [{"value": str(acme.engineer.pk)}]}
    )

    assert response.status_code == 400
    assert not Team.objects.filter(name="Poachers").exists()
    assert _team_of(acme.engineer) == "Applied AI"
