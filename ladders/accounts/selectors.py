"""Who may see whom. Every page and API route asks these; templates never decide.

An engineer sees themself; a manager sees their whole reporting chain; an admin sees the
organisation. Anyone else is told the person does not exist (404), so ids leak nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ladders.accounts.models import Person, Role


def reporting_chain_ids(manager: Person) -> set[int]:
    """Ids of everyone below `manager`, at any depth (one query per level of the tree)."""
    found: set[int] = set()
    frontier = [manager.pk]
    while frontier:
        below = list(
            Person.objects.filter(org_id=manager.org_id, manager_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in below if pk not in found and pk != manager.pk]
        found.update(frontier)
    return found


def managers_of(person: Person) -> list[Person]:
    """The management chain above `person`, nearest first (cycles are cut)."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.manager
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.manager
    return chain


def is_in_chain_above(viewer: Person, person: Person) -> bool:
    return any(m.pk == viewer.pk for m in managers_of(person))


def can_view_person(viewer: Person, person: Person) -> bool:
    if viewer.org_id != person.org_id:
        return False
    if viewer.pk == person.pk or viewer.role == Role.ADMIN:
        return True
    return is_in_chain_above(viewer, person)


# Compensation follows the same rule: the person, their management chain and admins.
can_view_compensation = can_view_person


def can_manage_person(viewer: Person, person: Person) -> bool:
    """Sign-offs and manager ratings: someone above in the chain, or an admin, never oneself."""
    if viewer.pk == person.pk or viewer.org_id != person.org_id:
        return False
    return viewer.role == Role.ADMIN or is_in_chain_above(viewer, person)


def can_edit_evidence_of(viewer: Person, person: Person) -> bool:
    """Evidence is the person's own record; their chain and admins may add to it too."""
    return can_view_person(viewer, person)


def person_for_viewer(viewer: Person, person_id: int) -> Person:
    """The person, if `viewer` may see them; otherwise 404, exactly as if absent."""
    person = (
        Person.objects.select_related("manager", "team", "user", "org")
        .filter(pk=person_id, org_id=viewer.org_id)
        .first()
    )
    if person is None or not can_view_person(viewer, person):
        raise Http404("No such person.")
    return person


def people_visible_to(viewer: Person) -> QuerySet[Person]:
    base = Person.objects.filter(org_id=viewer.org_id).select_related("team", "manager")
    if viewer.role == Role.ADMIN:
        return base
    ids = {viewer.pk}
    if viewer.role == Role.MANAGER or viewer.reports.exists():
        ids |= reporting_chain_ids(viewer)
    return base.filter(pk__in=ids)
