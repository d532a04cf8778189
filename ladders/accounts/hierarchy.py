"""The reporting lines of an organisation: who is above and below whom.

Plain walks over `Person.manager`; what they allow is decided in `permissions`, and who
sees whom in `selectors`.
"""

from __future__ import annotations

from ladders.accounts.models import Person


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
