"""Importing people from CSV within the limits every other part of the product shares.

Each value is checked against `ladders.core.limits` (the same numbers the database columns
and the core's profile use), so nothing the import accepts can break a page later.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.core import limits
from ladders.leveling.imports import PeopleImportError, people_import_csv
from tests.framework_ids import LEVEL
from tests.web.web_helpers import text_of

URL = reverse("admin-people-import")
HEADER = "name,username,email,role,manager,team,title,level"
GOOD_ROW = ["Ann Able", "ann", "ann@example.com", "engineer", "", "Search", "Engineer", LEVEL.junior]


def csv_with(column: str, value: str) -> str:
    """A two-person file whose second row has `value` in `column`."""
    row = dict(zip(HEADER.split(","), GOOD_ROW, strict=True))
    row.update(name="Bo Bright", username="bo", email="bo@example.com")
    row[column] = value
    first = ",".join(GOOD_ROW)
    second = ",".join(f'"{v}"' if "," in v or "\n" in v else v for v in row.values())
    return f"{HEADER}\n{first}\n{second}\n"


def problems_of(text: str, actor: Person) -> list[tuple[int, str, str]]:
    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=actor, text=text)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def nobody_imported() -> bool:
    return not Person.objects.filter(name__in=["Ann Able", "Bo Bright"]).exists()


TOO_LONG = {
    "name": "N" * (limits.PERSON_NAME + 1),
    "username": "u" * (limits.USERNAME + 1),
    "email": "e" * limits.EMAIL + "@example.com",
    "title": "T" * (limits.JOB_TITLE + 1),
    "team": "S" * (limits.TEAM_NAME + 1),
    "manager": "M" * (limits.PERSON_NAME + 1),
    "level": "l" * (limits.ID + 1),
}


@pytest.mark.parametrize("column", sorted(TOO_LONG))
def test_a_value_over_its_limit_is_refused_by_row_and_column(acme, column):
    value = TOO_LONG[column]
    problems = problems_of(csv_with(column, value), acme.admin)
    assert [(row, col) for row, col, _ in problems] == [(3, column)]
    assert f"{len(value)} characters long" in problems[0][2]
    assert nobody_imported()


def test_a_value_at_its_limit_is_imported(acme):
    name = "N" * limits.PERSON_NAME
    created = people_import_csv(actor=acme.admin, text=csv_with("name", name))
    assert [p.name for p in created] == ["Ann Able", name]


def test_the_message_says_what_the_limit_is(acme):
    [(_, _, message)] = problems_of(csv_with("name", "N" * 5000), acme.admin)
    assert message == f"5000 characters long; at most {limits.PERSON_NAME} are allowed"


@pytest.mark.parametrize(
    ("value", "shown"), [("Bo\x00Bright", "U+0000"), ("Bo\x07Bright", "U+0007"), ("Bo\nBright", "U+000A")]
)
def test_nul_and_control_characters_are_refused(acme, value, shown):
    [(row, column, message)] = problems_of(csv_with("name", value), acme.admin)
    assert (row, column) == (3, "name")
    assert shown in message
    assert nobody_imported()


@pytest.mark.parametrize("column", ["username", "email", "role", "manager", "team", "title", "level"])
def test_a_nul_is_refused_in_every_column(acme, column):
    [(row, found, _)] = problems_of(csv_with(column, "x\x00y"), acme.admin)
    assert (row, found) == (3, column)


def test_more_rows_than_the_limit_are_refused(acme):
    text = "name\n" + "".join(f"P{i}\n" for i in range(limits.CSV_ROWS + 1))
    [(row, column, message)] = problems_of(text, acme.admin)
    assert (row, column) == (limits.CSV_ROWS + 2, "")
    assert f"at most {limits.CSV_ROWS} people" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(acme):
    text = "name\n" + ("P" * 99 + "\n") * (limits.CSV_BYTES // 100 + 1)
    [(row, column, message)] = problems_of(text, acme.admin)
    assert (row, column) == (1, "")
    assert "5 MiB" in message


def test_a_5000_character_name_on_the_page_creates_nobody_and_the_team_page_still_works(acme, signed_in):
    client = signed_in(acme.admin)
    response = client.post(URL, {"text": csv_with("name", "N" * 5000)}, follow=True)
    assert response.redirect_chain and response.status_code == 200  # the import's page, with its problems
    assert "row 3 name 5000 characters long" in text_of(response)
    assert nobody_imported() and not Person.objects.filter(name__startswith="NNN").exists()
    assert client.get(reverse("team")).status_code == 200
    assert client.get(reverse("calibration")).status_code == 200


def test_an_uploaded_file_over_the_size_limit_is_a_form_error(acme, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("people.csv", b"name\n" + b"P" * limits.CSV_BYTES, content_type="text/csv")
    response = signed_in(acme.admin).post(URL, {"file": big})
    assert response.status_code == 422
    assert "larger than 5 MiB" in text_of(response)
    assert Person.objects.count() == 5


def test_a_username_made_up_from_a_name_at_its_limit_fits_the_username_limit(acme):
    name = "Ann " + "n" * (limits.PERSON_NAME - 4)
    created = people_import_csv(actor=acme.admin, text=f"name\n{name}\n{name}\n")
    usernames = [p.user.username for p in created]
    assert all(len(u) <= limits.USERNAME for u in usernames) and len(set(usernames)) == 2
