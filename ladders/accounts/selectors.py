"""Who may see whom. Every page and API route asks these; templates never decide.

An engineer sees themself; a manager sees their whole reporting chain; an admin sees the
organisation. Anyone else is told the person does not exist (404), so ids leak nothing.
The rules themselves are in `ladders.accounts.permissions`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ladders.accounts.hierarchy import reporting_chain_ids
from ladders.accounts.models import Organisation, Person
from ladders.accounts.permissions import (
    can_see_everyone,
    can_view_person,
    has_reporting_chain,
)
from ladders.server.prepared import PreparedQuery

PERSON_RELATED = ("manager", "team", "user", "org")
_PERSON_ALONE = PreparedQuery(
    lambda pk, org: Person.objects.filter(pk=pk, org_id=org).order_by(), pk=-918_273_645, org=-918_273_646
)


def person_for_viewer(viewer: Person, person_id: int, *, related: tuple[str, ...] = PERSON_RELATED) -> Person:
    """The person, if `viewer` may see them; otherwise 404, exactly as if absent.

    `related` are the relations read along (all by default); a hot path that needs none
    passes `()`: the query then joins nothing, and a relation read later costs a query.
    """
    if related:
        found = Person.objects.select_related(*related).filter(pk=person_id, org_id=viewer.org_id)
        person = next(iter(found.order_by()[:1]), None)
    else:
        person = _PERSON_ALONE.first(pk=person_id, org=viewer.org_id)
    if person is None or not can_view_person(viewer, person):
        raise Http404("No such person.")
    return person


def people_visible_to(viewer: Person) -> QuerySet[Person]:
    base = Person.objects.filter(org_id=viewer.org_id).select_related("team", "manager")
    if can_see_everyone(viewer):
        return base
    ids = {viewer.pk}
    if has_reporting_chain(viewer):
        ids |= reporting_chain_ids(viewer)
    return base.filter(pk__in=ids)


def people_search(
    viewer: Person,
    *,
    q: str = "",
    team_id: int | None = None,
    manager_id: int | None = None,
    level: str = "",
    active: bool | None = None,
) -> QuerySet[Person]:
    """Whom `viewer` may see, narrowed: a name, user name, email or title containing `q`, a team,
    a direct manager, a recorded level, active or deactivated. By name."""
    found = people_visible_to(viewer).select_related("user")
    if q.strip():
        words = q.strip()
        found = found.filter(
            Q(name__icontains=words)
            | Q(user__username__icontains=words)
            | Q(user__email__icontains=words)
            | Q(title__icontains=words)
        )
    if team_id is not None:
        found = found.filter(team_id=team_id)
    if manager_id is not None:
        found = found.filter(manager_id=manager_id)
    if level:
        found = found.filter(level=level)
    if active is not None:
        found = found.filter(user__is_active=active)
    return found.order_by("name", "pk")


def people_listing(
    *, org: Organisation, search: str = "", team_name: str | None = None, active: bool | None = None
) -> list[tuple[str, str, str, str, str, str]]:
    """The organisation's people for `ladders user list`: (username, name, role, team, manager, status)."""
    found = Person.objects.filter(org=org).select_related("user", "team", "manager__user")
    if search.strip():
        words = search.strip()
        found = found.filter(
            Q(name__icontains=words)
            | Q(user__username__icontains=words)
            | Q(user__email__icontains=words)
            | Q(title__icontains=words)
        )
    if team_name is not None:
        found = found.filter(team__name=team_name)
    if active is not None:
        found = found.filter(user__is_active=active)
    return [
        (
            p.user.username,
            p.name,
            p.role,
            p.team.name if p.team else "",
            p.manager.user.username if p.manager else "",
            "active" if p.user.is_active else "deactivated",
        )
        for p in found.order_by("name", "pk")
    ]
