"""The people admin pages: list and filter, edit a record with its history, deactivate and reactivate."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.accounts.services import token_create
from ladders.leveling.models import AuditEvent
from tests.org_fixtures import PASSWORD
from tests.web.web_helpers import text_of


def test_the_people_list_searches_and_filters_by_team_manager_and_status(acme, signed_in):
    client = signed_in(acme.admin)
    page = reverse("admin-people")

    everyone = text_of(client.get(page))
    by_name = text_of(client.get(page, {"q": "oscar"}))
    by_team = text_of(client.get(page, {"team": acme.engineer.team_id}))
    by_manager = text_of(client.get(page, {"manager": acme.manager.pk}))

    assert all(name in everyone for name in ("Ada Admin", "Eve Engineer", "Oscar Outsider"))
    assert "Oscar Outsider" in by_name and "Eve Engineer" not in by_name
    assert "Eve Engineer" in by_team and "Max Manager" in by_team and "Oscar Outsider" not in by_team
    assert "Eve Engineer" in by_manager and "Oscar Outsider" not in by_manager
    assert client.get(page, {"active": "no"}).context["page"].paginator.count == 0


def test_an_admin_edits_a_record_and_the_change_shows_in_its_history(acme, signed_in):
    client = signed_in(acme.admin)
    form = {
        "name": "Eve Engineer",
        "title": "Senior engineer",
        "email": "eve@acme.example",
        "team": "Search",
        "manager": acme.other_manager.pk,
    }

    response = client.post(reverse("admin-person", args=[acme.engineer.pk]), form)

    assert response.status_code == 302
    eve = Person.objects.get(pk=acme.engineer.pk)
    assert (eve.title, eve.team.name, eve.manager, eve.user.email) == (
        "Senior engineer",
        "Search",
        acme.other_manager,
        "eve@acme.example",
    )
    event = AuditEvent.objects.get(person=eve, action="person.edited")
    assert event.actor == acme.admin
    assert event.before["manager"] == "Max Manager" and event.after["manager"] == "Olga Other"
    history = text_of(client.get(reverse("admin-person", args=[eve.pk])))
    assert "person.edited by Ada Admin" in history and "Max Manager → Olga Other" in history
    assert "Max Manager → Olga Other" in text_of(signed_in(acme.engineer).get("/"))  # their own page too


def test_a_manager_loop_is_a_form_error_and_nothing_is_saved(acme, signed_in):
    form = {"name": "Max Manager", "manager": acme.engineer.pk}

    response = signed_in(acme.admin).post(reverse("admin-person", args=[acme.manager.pk]), form)

    assert response.status_code == 422
    assert "loop" in text_of(response)
    assert Person.objects.get(pk=acme.manager.pk).manager == acme.admin
    assert not AuditEvent.objects.filter(action="person.edited").exists()


def test_a_deactivated_person_cannot_sign_in_and_their_token_gets_a_401_that_says_why(acme, signed_in):
    token = token_create(acme.engineer)
    api = Client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    response = signed_in(acme.admin).post(reverse("admin-person-deactivate", args=[acme.engineer.pk]))

    assert response.status_code == 302
    refused = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and "deactivated" in refused.json()["detail"]
    assert not Client().login(username=acme.engineer.user.username, password=PASSWORD)
    assert Person.objects.filter(pk=acme.engineer.pk).exists()  # nothing is deleted


def test_an_open_session_ends_when_the_person_is_deactivated(acme, signed_in):
    own = Client()
    own.force_login(acme.engineer.user)
    assert own.get("/").status_code == 200

    signed_in(acme.admin).post(reverse("admin-person-deactivate", args=[acme.engineer.pk]))

    assert own.get("/").status_code == 302  # back to the sign-in page


def test_deactivating_a_manager_lists_their_reports_on_the_people_page(acme, signed_in):
    client = signed_in(acme.admin)

    client.post(reverse("admin-person-deactivate", args=[acme.manager.pk]))

    page = text_of(client.get(reverse("admin-people")))
    assert "Reports of deactivated managers" in page and "Eve Engineer (manager: Max Manager)" in page
    client.post(reverse("admin-person-reactivate", args=[acme.manager.pk]))
    assert Person.objects.get(pk=acme.manager.pk).user.is_active
    assert "Reports of deactivated managers" not in text_of(client.get(reverse("admin-people")))


def test_an_admin_cannot_deactivate_themself(acme, signed_in):
    client = signed_in(acme.admin)

    client.post(reverse("admin-person-deactivate", args=[acme.admin.pk]))

    assert Person.objects.get(pk=acme.admin.pk).user.is_active


def test_the_people_admin_does_not_exist_for_a_manager(acme, signed_in):
    client = signed_in(acme.manager)

    assert client.get(reverse("admin-people")).status_code == 404
    assert client.get(reverse("admin-person", args=[acme.engineer.pk])).status_code == 404
    assert client.post(reverse("admin-person-deactivate", args=[acme.engineer.pk])).status_code == 404
    assert Person.objects.get(pk=acme.engineer.pk).user.is_active
