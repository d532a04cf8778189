"""SCIM Users as Okta and Entra ID send them: create, find by userName, deactivate, change manager."""

from __future__ import annotations

from ladders.accounts.models import Person
from ladders.leveling.models import AuditEvent
from ladders.leveling.services.people import reports_to_reassign
from tests.scim.conftest import SCIM_JSON

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

# What Okta sends to create a user (its SCIM 2.0 test app), word for word but the names.
OKTA_CREATE = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "nina.new@acme.example",
    "name": {"givenName": "Nina", "familyName": "New"},
    "emails": [{"primary": True, "value": "nina.new@acme.example", "type": "work"}],
    "displayName": "Nina New",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}


# What Entra ID sends: no displayName at first, the manager in the enterprise extension.
def entra_create(manager_id: int) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": "Test_User_fd0ea19b@testuser.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Tessa Tester", "familyName": "Tester", "givenName": "Tessa"},
        "title": "Engineer",
        ENTERPRISE: {
            "employeeNumber": "42",
            "department": "Applied AI",
            "manager": {"value": str(manager_id)},
        },
    }


def test_okta_creates_a_user_who_then_exists_in_the_admins_organisation(acme, scim):
    response = scim(acme.admin).post("/Users", OKTA_CREATE)

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == SCIM_JSON
    body = response.json()
    person = Person.objects.get(pk=int(body["id"]))
    assert (person.org, person.name, person.user.username) == (acme.org, "Nina New", "nina.new@acme.example")
    assert person.external_id == "00ujl29u0le5T6Aj10h7" and person.user.email == "nina.new@acme.example"
    assert not person.user.has_usable_password()  # Okta's password is not taken: they sign in with SSO
    assert body["active"] is True and body["userName"] == "nina.new@acme.example"
    assert response["Location"].endswith(f"/scim/v2/Users/{person.pk}")
    assert AuditEvent.objects.filter(person=person, action="person.provisioned", actor=acme.admin).exists()


def test_creating_the_same_userName_twice_is_a_uniqueness_conflict(acme, scim):
    client = scim(acme.admin)
    client.post("/Users", OKTA_CREATE)

    again = client.post("/Users", OKTA_CREATE)

    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness" and again.json()["status"] == "409"


def test_entra_creates_a_user_with_their_manager_from_the_enterprise_extension(acme, scim):
    response = scim(acme.admin).post("/Users", entra_create(acme.manager.pk))

    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=int(response.json()["id"]))
    assert person.name == "Tessa Tester" and person.title == "Engineer" and person.manager == acme.manager
    assert response.json()[ENTERPRISE]["manager"]["value"] == str(acme.manager.pk)


def test_a_filter_on_userName_finds_exactly_that_user(acme, scim):
    client = scim(acme.admin)
    client.post("/Users", OKTA_CREATE)

    found = client.get("/Users", filter='userName eq "nina.new@acme.example"', startIndex=1, count=100).json()
    missing = client.get("/Users", filter='userName eq "nobody@acme.example"').json()

    assert found["totalResults"] == 1 and found["Resources"][0]["displayName"] == "Nina New"
    assert found["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert missing["totalResults"] == 0 and missing["Resources"] == []


def test_a_filter_on_an_attribute_ladders_cannot_search_is_refused_not_ignored(acme, scim):
    response = scim(acme.admin).get("/Users", filter='userName eq "x" and nickName eq "y"')

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidFilter" and "nickName" in response.json()["detail"]


def test_okta_patch_active_false_deactivates_and_keeps_everything(acme, scim):
    response = scim(acme.admin).patch(
        f"/Users/{acme.engineer.pk}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
    )

    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    engineer = Person.objects.get(pk=acme.engineer.pk)
    assert not engineer.user.is_active and engineer.manager == acme.manager and engineer.team is not None
    assert AuditEvent.objects.filter(person=engineer, action="person.deactivated").count() == 1


def test_entra_patch_active_false_on_a_manager_lists_their_reports_to_reassign(acme, scim):
    response = scim(acme.admin).patch(
        f"/Users/{acme.manager.pk}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]},
    )

    assert response.status_code == 200, response.content
    assert not Person.objects.get(pk=acme.manager.pk).user.is_active
    assert [p.name for p in reports_to_reassign(org_id=acme.org.pk)] == ["Eve Engineer"]
    assert Person.objects.get(pk=acme.engineer.pk).manager_id == acme.manager.pk  # nothing is lost


def test_entra_replaces_the_manager_by_id_and_removes_it(acme, scim):
    client = scim(acme.admin)
    path = f"/Users/{acme.engineer.pk}"

    replaced = client.patch(
        path,
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(acme.other_manager.pk)},
            ],
        },
    )
    assert replaced.status_code == 200, replaced.content
    assert Person.objects.get(pk=acme.engineer.pk).manager == acme.other_manager
    event = AuditEvent.objects.filter(person=acme.engineer, action="person.provisioned_update").latest("id")
    assert (event.before["manager"], event.after["manager"]) == ("Max Manager", "Olga Other")

    removed = client.patch(
        path, {"schemas": [PATCH_OP], "Operations": [{"op": "Remove", "path": f"{ENTERPRISE}:manager"}]}
    )
    assert removed.status_code == 200
    assert Person.objects.get(pk=acme.engineer.pk).manager is None


def test_okta_replaces_the_manager_with_a_value_object(acme, scim):
    response = scim(acme.admin).patch(
        f"/Users/{acme.engineer.pk}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "replace", "value": {ENTERPRISE: {"manager": {"value": str(acme.admin.pk)}}}}
            ],
        },
    )

    assert response.status_code == 200, response.content
    assert Person.objects.get(pk=acme.engineer.pk).manager == acme.admin


def test_a_manager_who_reports_to_the_person_would_make_a_loop_and_is_refused(acme, scim):
    response = scim(acme.admin).patch(
        f"/Users/{acme.manager.pk}",
        {
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": str(acme.engineer.pk)}
            ],
        },
    )

    assert response.status_code == 422
    assert "loop" in response.json()["detail"]
    assert Person.objects.get(pk=acme.manager.pk).manager == acme.admin


def test_put_replaces_the_record_and_reactivates(acme, scim):
    client = scim(acme.admin)
    path = f"/Users/{acme.engineer.pk}"
    client.delete(path)
    assert not Person.objects.get(pk=acme.engineer.pk).user.is_active
    current = client.get(path).json()

    response = client.put(
        path, {**current, "active": True, "title": "Staff engineer", "displayName": "Eve E. Engineer"}
    )

    assert response.status_code == 200, response.content
    engineer = Person.objects.get(pk=acme.engineer.pk)
    assert (
        engineer.user.is_active and engineer.title == "Staff engineer" and engineer.name == "Eve E. Engineer"
    )


def test_scim_needs_an_admin_token_and_never_shows_another_organisation(acme, scim):
    from tests.server.matrix_helpers import make_foreign_org

    foreign = make_foreign_org()

    assert scim(None).get("/Users").status_code == 401
    assert scim(acme.engineer).get("/Users").status_code == 403
    listed = scim(foreign).get("/Users").json()
    assert {r["displayName"] for r in listed["Resources"]} == {"Fiona Foreign", "Felix Faraway"}
    assert scim(foreign).get(f"/Users/{acme.engineer.pk}").status_code == 404
    refused = scim(foreign).patch(
        f"/Users/{acme.engineer.pk}",
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
    )
    assert refused.status_code == 404 and Person.objects.get(pk=acme.engineer.pk).user.is_active


def test_a_signed_in_session_is_not_a_scim_credential(acme, client):
    client.force_login(acme.admin.user)

    assert client.get("/scim/v2/Users").status_code == 401


def test_the_discovery_documents_describe_users_groups_and_the_enterprise_extension(acme, scim):
    client = scim(acme.admin)

    config = client.get("/ServiceProviderConfig").json()
    types = client.get("/ResourceTypes").json()
    schemas = client.get("/Schemas").json()

    assert config["patch"]["supported"] is True and config["filter"]["supported"] is True
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    assert ENTERPRISE in {s["id"] for s in schemas["Resources"]}
    assert client.get(f"/Schemas/{ENTERPRISE}").json()["name"] == "EnterpriseUser"
    assert client.get("/ResourceTypes/User").json()["endpoint"] == "/Users"
