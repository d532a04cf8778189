"""Who may see whom. Every page and API route asks these; templates never decide.

An engineer sees themself; a manager sees their whole reporting chain; an admin sees the
organisation. Anyone else is told the person does not exist (404), so ids leak nothing.
The rules themselves are in `ladders.accounts.permissions`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ladders.accounts.hierarchy import reporting_chain_ids
from ladders.accounts.models import Person
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
