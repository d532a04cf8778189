"""Queries compiled once (ladders.server.prepared) give exactly what their querysets give."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.accounts.models import Person
from ladders.leveling.models import Evidence
from ladders.server.prepared import PreparedQuery
from tests.framework_ids import KIND, SKILL

EVIDENCE = PreparedQuery(lambda person: Evidence.objects.filter(person_id=person), person=-1)
EVIDENCE_VALUES = PreparedQuery(
    lambda person: Evidence.objects.filter(person_id=person).values_list("date", "skills", "title"), person=-1
)
PEOPLE_NAMED = PreparedQuery(
    lambda name, org: Person.objects.filter(name=name, org_id=org).order_by(), name="?", org=-2
)


def some_evidence(person: Person) -> None:
    for n, day in enumerate([date(2026, 3, 1), date(2025, 11, 20), date(2026, 3, 1)]):
        Evidence.objects.create(
            person=person,
            slug=f"item-{n}",
            kind=KIND.shipped_project,
            title=f"Item {n}",
            date=day,
            scope="feature",
            skills=[SKILL.error_handling],
            links=["https://example.com/a"],
        )


def test_model_rows_match_the_queryset_field_by_field_with_dates_and_json_converted(acme):
    some_evidence(acme.engineer)
    expected = list(Evidence.objects.filter(person_id=acme.engineer.pk))
    found = EVIDENCE.all(person=acme.engineer.pk)
    assert [e.pk for e in found] == [e.pk for e in expected] and found
    for mine, theirs in zip(found, expected, strict=True):
        for field in Evidence._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname), field.name
    assert EVIDENCE.all(person=acme.manager.pk) == []


def test_values_rows_match_the_queryset(acme):
    some_evidence(acme.engineer)
    expected = list(
        Evidence.objects.filter(person_id=acme.engineer.pk).values_list("date", "skills", "title")
    )
    assert EVIDENCE_VALUES.rows(person=acme.engineer.pk) == expected


def test_each_call_uses_its_own_values(acme):
    assert PEOPLE_NAMED.first(name=acme.manager.name, org=acme.org.pk) == acme.manager
    assert PEOPLE_NAMED.first(name=acme.engineer.name, org=acme.org.pk) == acme.engineer
    assert PEOPLE_NAMED.first(name=acme.engineer.name, org=acme.org.pk + 1000) is None


def test_a_placeholder_that_is_not_in_the_sql_is_refused(db):
    wrong = PreparedQuery(lambda person: Evidence.objects.filter(person_id=1), person=-1)
    with pytest.raises(ValueError, match="appears 0 times"):
        wrong.rows(person=5)


PEOPLE_WITH_RELATIONS = PreparedQuery(
    lambda pk: Person.objects.select_related("org", "user", "manager", "team").filter(pk=pk).order_by(), pk=-1
)


def test_select_related_fills_the_relations_as_the_queryset_does_with_no_further_query(
    acme, django_assert_num_queries
):
    for person in (acme.engineer, acme.admin):  # with a manager and a team, then with neither
        expected = Person.objects.select_related("org", "user", "manager", "team").get(pk=person.pk)
        with django_assert_num_queries(1):
            found = PEOPLE_WITH_RELATIONS.first(pk=person.pk)
            related = (found.org, found.user, found.manager, found.team)
        assert found == expected
        assert related == (expected.org, expected.user, expected.manager, expected.team)
        for field in Person._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        assert found.user.username == expected.user.username and found.org.name == expected.org.name
    assert PEOPLE_WITH_RELATIONS.first(pk=acme.engineer.pk + 10_000) is None
