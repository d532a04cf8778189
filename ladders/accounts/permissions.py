"""Who may do what: every role decision of the server, in one place.

Services refuse with these, selectors filter with them, and pages and API handlers ask
them to show or hide a link; none of those decides a role itself. Which people a packet
lets take part (four different people, no self-review) is a review rule of its own, in
`ladders.core.review`.

- An engineer sees their own record; their management chain and admins see it too.
- Someone above a person in the chain, or an admin, signs off and rates them; never themself.
- Admins alone manage frameworks, salary bands and people, and decide promotions.
- Managers and admins record the organisation's maturity and see calibration and a cycle's
  participation (of the people they see); admins alone open and close cycles.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ladders.accounts.hierarchy import is_in_chain_above
from ladders.accounts.models import Person, Role


def _is_admin(person: Person) -> bool:
    return person.role == Role.ADMIN


# -- about one person ------------------------------------------------------------------------


def can_view_person(viewer: Person, person: Person) -> bool:
    if viewer.org_id != person.org_id:
        return False
    if viewer.pk == person.pk or _is_admin(viewer):
        return True
    return is_in_chain_above(viewer, person)


def can_view_compensation(viewer: Person, person: Person) -> bool:
    """Pay follows the record: the person, their management chain and admins."""
    return can_view_person(viewer, person)


def can_edit_evidence_of(viewer: Person, person: Person) -> bool:
    """Evidence is the person's own record; their chain and admins may add to it too."""
    return can_view_person(viewer, person)


def can_manage_person(viewer: Person, person: Person) -> bool:
    """Sign-offs and manager ratings: someone above in the chain, or an admin, never oneself."""
    if viewer.pk == person.pk or viewer.org_id != person.org_id:
        return False
    return _is_admin(viewer) or is_in_chain_above(viewer, person)


def can_author_packet(actor: Person, person: Person) -> bool:
    """A promotion packet is written by the person or someone above them in their chain."""
    return actor.org_id == person.org_id and (actor.pk == person.pk or is_in_chain_above(actor, person))


def can_revoke_token(actor: Person, owner: Person) -> bool:
    """A token is revoked by its owner, or by an admin of the owner's organisation."""
    return actor.pk == owner.pk or (_is_admin(actor) and actor.org_id == owner.org_id)


# -- by role ---------------------------------------------------------------------------------


def can_use_admin_pages(person: Person) -> bool:
    return _is_admin(person)


def can_manage_frameworks(person: Person) -> bool:
    """Upload, preview and activate framework versions."""
    return _is_admin(person)


def can_manage_bands(person: Person) -> bool:
    """Salary bands are admin-only: for anyone else they do not exist (404)."""
    return _is_admin(person)


def can_import_people(person: Person) -> bool:
    return _is_admin(person)


def can_see_org_tokens(person: Person) -> bool:
    """Admins see (and may revoke) every API token of their organisation; nobody sees the tokens."""
    return _is_admin(person)


def can_manage_people(person: Person) -> bool:
    """Edit, deactivate, reactivate and invite people of one's organisation; set their pay."""
    return _is_admin(person)


def can_provision(person: Person) -> bool:
    """Call the SCIM endpoints with one's API token (an identity provider acting for an admin)."""
    return _is_admin(person)


def can_view_audit_log(person: Person) -> bool:
    """Every audited change of the organisation, with whom it was about and who made it."""
    return _is_admin(person)


def can_decide_promotions_of(person: Person, org_id: int) -> bool:
    """An admin of the organisation; `may_decide` adds that they took no part in the packet."""
    return _is_admin(person) and person.org_id == org_id


def promotion_deciders(org_id: int) -> QuerySet[Person]:
    """Everyone `can_decide_promotions_of` allows in the organisation, by name."""
    return Person.objects.filter(org_id=org_id, role=Role.ADMIN).select_related("user").order_by("name", "pk")


def can_see_everyone(person: Person) -> bool:
    """Admins see the whole organisation; everyone else their own record and chain below."""
    return _is_admin(person)


def _leads(person: Person) -> bool:
    return _is_admin(person) or person.role == Role.MANAGER


def can_record_maturity(person: Person) -> bool:
    return _leads(person)


def can_calibrate(person: Person) -> bool:
    return _leads(person)


def can_manage_cycles(person: Person) -> bool:
    """Open, schedule and close leveling cycles; set the organisation's webhook."""
    return _is_admin(person)


def can_view_participation(person: Person) -> bool:
    """Who has done what in a cycle: managers (for the people they see) and admins."""
    return _leads(person) or person.reports.exists()


def can_view_team(person: Person) -> bool:
    """Managers and admins, and anyone with people reporting to them."""
    return _is_admin(person) or has_reporting_chain(person)


def has_reporting_chain(person: Person) -> bool:
    """Whether `person` may have people below them to see (a manager, or anyone managing)."""
    return person.role == Role.MANAGER or person.reports.exists()
