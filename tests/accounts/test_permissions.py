"""Who may do what, asked of one module: engineer, manager, another manager, an outsider, the admin.

The cast (`org_fixtures`): Ada the admin manages Max and Olga; Max manages Eve the
engineer; Olga manages Oscar the outsider.
"""

from __future__ import annotations

import pytest

from ladders.accounts import permissions
from ladders.accounts.models import Organisation, Role
from ladders.accounts.services import person_create

ROLE_PREDICATES = {
    # predicate: who among engineer, manager, other_manager, outsider, admin gets True
    "can_manage_bands": "admin",
    "can_manage_frameworks": "admin",
    "can_import_people": "admin",
    "can_use_admin_pages": "admin",
    "can_record_maturity": "manager other_manager admin",
    "can_calibrate": "manager other_manager admin",
    "can_view_team": "manager other_manager admin",
}
CAST = ("engineer", "manager", "other_manager", "outsider", "admin")


@pytest.mark.parametrize("predicate", ROLE_PREDICATES)
def test_each_role_rule_allows_exactly_its_roles(acme, predicate):
    check = getattr(permissions, predicate)
    allowed = {name for name in CAST if check(getattr(acme, name))}
    assert allowed == set(ROLE_PREDICATES[predicate].split())


# Whom each of the cast may write a promotion packet for, sign off, or see the pay of (of Eve).
ABOUT_EVE = {
    "can_author_packet": "engineer manager admin",
    "can_view_person": "engineer manager admin",
    "can_view_compensation": "engineer manager admin",
    "can_edit_evidence_of": "engineer manager admin",
    "can_manage_person": "manager admin",
}


@pytest.mark.parametrize("predicate", ABOUT_EVE)
def test_each_rule_about_a_person_allows_exactly_the_person_and_the_chain_above(acme, predicate):
    check = getattr(permissions, predicate)
    allowed = {name for name in CAST if check(getattr(acme, name), acme.engineer)}
    assert allowed == set(ABOUT_EVE[predicate].split())


def test_nobody_authors_for_or_manages_someone_of_another_organisation(acme):
    elsewhere = Organisation.objects.create(name="Elsewhere")
    stranger = person_create(
        org=elsewhere, name="Stranger", role=Role.ADMIN, password="x" * 12, check_password=False
    )[0]
    for predicate in ABOUT_EVE:
        assert not getattr(permissions, predicate)(stranger, acme.engineer), predicate
    assert not permissions.can_decide_promotions_of(stranger, acme.org.pk)
    assert permissions.can_decide_promotions_of(acme.admin, acme.org.pk)


def test_an_engineer_with_people_reporting_to_them_sees_their_team(acme):
    assert not permissions.can_view_team(acme.outsider)
    acme.engineer.manager = acme.outsider
    acme.engineer.save(update_fields=["manager"])
    assert permissions.can_view_team(acme.outsider)
    assert not permissions.can_record_maturity(acme.outsider)
