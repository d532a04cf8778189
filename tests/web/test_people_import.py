"""Importing people from CSV: everyone or nobody, with every problem reported by row."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.leveling.imports import PeopleImportError, people_import_csv, people_import_passwords_take
from ladders.leveling.models import PeopleImport
from ladders.server.errors import ServiceError
from tests.framework_ids import LEVEL
from tests.web.web_helpers import text_of

URL = reverse("admin-people-import")
GOOD = """name,username,email,role,manager,team,title,level
Nia Lead,nia,nia@example.com,manager,max.manager.acme,Search,Engineering manager,senior
Raj Dev,raj,,engineer,Kim Later,Search,Engineer,junior
Kim Later,kim,,engineer,nia,Search,Senior engineer,mid
"""


def people_named(*names: str) -> int:
    return Person.objects.filter(name__in=names).count()


def test_it_creates_everyone_with_managers_from_earlier_later_and_existing_rows(acme):
    created = people_import_csv(actor=acme.admin, text=GOOD)
    assert [p.name for p in created] == ["Nia Lead", "Raj Dev", "Kim Later"]
    nia, raj, kim = (Person.objects.get(user__username=u) for u in ["nia", "raj", "kim"])
    assert nia.manager == acme.manager and nia.role == "manager" and nia.level == LEVEL.senior
    assert raj.manager == kim and kim.manager == nia
    assert nia.team.name == "Search" and nia.user.email == "nia@example.com" and nia.org == acme.org


def test_generated_passwords_are_returned_once_and_work(acme):
    created = people_import_csv(actor=acme.admin, text=GOOD)
    for person in created:
        assert authenticate(username=person.user.username, password=person.initial_password) == person.user


def test_one_bad_row_creates_nobody_and_names_the_row_and_column(acme):
    text = GOOD.replace(
        "Kim Later,kim,,engineer,nia,Search,Senior engineer,mid", "Kim Later,kim,,wizard,nia,,,mid"
    )
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text=text)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "role")]
    assert "unknown role 'wizard'" in caught.value.problems[0].message
    assert people_named("Nia Lead", "Raj Dev", "Kim Later") == 0


def test_every_problem_is_reported_at_once(acme):
    text = (
        "name,username,role,manager,level\n"
        ",anon,engineer,,\n"  # row 2: no name
        "Ann,ann,engineer,Nobody Here,\n"  # row 3: unknown manager
        "Bob,ann,engineer,,\n"  # row 4: duplicate username in the file
        "Cy,eve.engineer.acme,engineer,,\n"  # row 5: username already taken
        "Di,di,engineer,,wizard\n"  # row 6: unknown level
    )
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text=text)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "name"),
        (3, "manager"),
        (4, "username"),
        (5, "username"),
        (6, "level"),
    ]
    assert "also on row 3" in caught.value.problems[2].message
    assert "expected one of: junior" in caught.value.problems[4].message
    assert people_named("Ann", "Bob", "Cy", "Di") == 0


def test_unknown_columns_and_a_missing_name_column_are_reported_on_row_1(acme):
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text="username,salary\nx,1\n")
    assert {(p.row, p.column) for p in caught.value.problems} == {(1, "salary"), (1, "name")}


def test_managers_that_loop_within_the_file_are_refused(acme):
    text = "name,username,manager\nAl,al,bo\nBo,bo,al\n"
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text=text)
    assert {p.row for p in caught.value.problems} == {2, 3}
    assert people_named("Al", "Bo") == 0


def test_a_manager_named_ambiguously_must_be_given_by_username(acme):
    text = "name,username,manager\nMax Manager,max2,\nZed,zed,Max Manager\n"
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text=text)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "manager")]


def test_usernames_are_made_up_from_names_when_left_out(acme):
    created = people_import_csv(actor=acme.admin, text="name\nPat Quinn\nPat Quinn\n")
    assert sorted(p.user.username for p in created) == ["pat.quinn", "pat.quinn2"]


def test_only_admins_may_import(acme):
    with pytest.raises(ServiceError):
        people_import_csv(actor=acme.manager, text=GOOD)
    assert people_named("Nia Lead") == 0


def test_the_page_shows_the_new_people_and_their_passwords_once(acme, signed_in):
    client = signed_in(acme.admin)
    response = client.post(URL, {"text": GOOD})
    assert response.status_code == 302  # on to the import's own page, which follows the worker
    job_url = response.headers["Location"]
    response = client.get(job_url)
    page = text_of(response)
    assert "Imported 3 people" in page and "shown only once" in page
    nia = Person.objects.get(user__username="nia")
    assert "Nia Lead nia " in page and nia.user.check_password(page.split("Nia Lead nia ")[1].split()[0])
    assert response.headers["Cache-Control"].startswith("max-age=0")
    again = text_of(client.get(job_url))
    assert "Nia Lead nia " in again and "were shown once" in again
    assert page.split("Nia Lead nia ")[1].split()[0] not in again
    assert "password" not in str(PeopleImport.objects.get().people)


def test_a_job_that_finishes_while_its_page_is_read_shows_as_done_with_the_passwords(acme, signed_in):
    """The page reads the job, then takes the passwords under a lock: it must show that state."""
    signed_in(acme.admin).post(URL, {"text": GOOD})
    finished = PeopleImport.objects.get()
    stale = PeopleImport.objects.get(pk=finished.pk)
    stale.state, stale.done = "running", 0  # as read a moment before the worker finished
    people = people_import_passwords_take(viewer=acme.admin, job=stale)
    assert stale.state == "done" and stale.done == finished.done
    assert all("password" in person for person in people)


def test_another_admin_sees_who_was_imported_but_never_the_passwords(acme, signed_in):
    job_url = signed_in(acme.admin).post(URL, {"text": GOOD}).headers["Location"]
    other = Person.objects.create(
        user=User.objects.create_user("ola"), org=acme.org, name="Ola", role="admin"
    )
    page = text_of(signed_in(other).get(job_url))
    assert "Imported 3 people" in page and "Password" not in page
    assert "shown only once" in text_of(signed_in(acme.admin).get(job_url))


def test_the_page_reports_a_bad_row_and_creates_nobody(acme, signed_in):
    text = GOOD.replace(",junior\n", ",grandmaster\n")
    client = signed_in(acme.admin)
    response = client.post(URL, {"text": text}, follow=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "1 problem in the file; nobody was imported" in page
    assert "row 3 level unknown level 'grandmaster'" in page
    assert people_named("Nia Lead", "Raj Dev", "Kim Later") == 0
    assert "Recent imports" in text_of(client.get(URL))


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_only_admins_have_the_page(acme, signed_in, who):
    client = signed_in(getattr(acme, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"text": GOOD}).status_code == 404
    assert people_named("Nia Lead") == 0
