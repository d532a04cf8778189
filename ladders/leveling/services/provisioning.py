"""Provisioning from an identity provider (SCIM): people and teams as the HR directory says.

The SCIM views (`ladders.scim`) turn each request into the plain values below and call
one of these; they never write themselves. A person the provider creates gets no
password (they sign in through single sign-on, or an admin sets one); one it deactivates
keeps everything (`person_deactivate`); a group is a team, and a person is in one team at
a time, so the last group that adds them wins.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from ladders.accounts.models import Person, Team
from ladders.accounts.permissions import can_provision
from ladders.accounts.services import person_create
from ladders.core import limits
from ladders.leveling.audit import audit
from ladders.leveling.services.people import (
    UNCHANGED,
    _checked_text,
    person_deactivate,
    person_edit,
    person_reactivate,
)
from ladders.server.errors import Conflict, Forbidden


@dataclass(frozen=True)
class ProvisionedUser:
    """What a SCIM User says about a person, already checked for shape by the SCIM layer."""

    user_name: str
    name: str
    email: str
    title: str
    active: bool
    external_id: str
    manager: Person | None


def _check(actor: Person) -> None:
    if not can_provision(actor):
        raise Forbidden("provisioning needs an admin's API token")


@transaction.atomic
def provisioned_user_create(*, actor: Person, user: ProvisionedUser) -> Person:
    _check(actor)
    external_id = _checked_text("externalId", user.external_id, limits.SCIM_EXTERNAL_ID)
    if user.manager is not None and user.manager.org_id != actor.org_id:
        raise Conflict("manager: no such user", field="manager")
    person, _ = person_create(
        org=actor.org,
        name=user.name,
        username=user.user_name,
        email=user.email,
        title=user.title,
        manager=user.manager,
        password=secrets.token_urlsafe(32),
        check_password=False,
    )
    person.user.set_unusable_password()
    person.user.save(update_fields=["password"])
    person.external_id = external_id
    person.save(update_fields=["external_id"])
    audit(
        actor,
        "person.provisioned",
        org_id=actor.org_id,
        person=person,
        subject=person.name,
        after={"username": person.user.username, "email": user.email, "external_id": external_id},
    )
    if not user.active:
        person_deactivate(actor=actor, person=person)
    return person


@transaction.atomic
def provisioned_user_update(*, actor: Person, person: Person, user: ProvisionedUser) -> list[Person]:
    """Make `person` what the provider says; returns the reports to reassign if they were deactivated."""
    _check(actor)
    if user.user_name != person.user.username:
        raise Conflict("userName: ladders does not rename accounts; the user name stays", field="userName")
    person_edit(
        actor=actor,
        person=person,
        name=user.name,
        title=user.title,
        email=user.email,
        manager=user.manager,
        team_name=UNCHANGED,
        action="person.provisioned_update",
    )
    external_id = _checked_text("externalId", user.external_id, limits.SCIM_EXTERNAL_ID)
    if external_id != person.external_id:
        Person.objects.filter(pk=person.pk).update(external_id=external_id)
    person.refresh_from_db()
    if user.active and not person.user.is_active:
        person_reactivate(actor=actor, person=person)
    elif not user.active and person.user.is_active:
        return person_deactivate(actor=actor, person=person)
    return []


@transaction.atomic
def provisioned_team_save(
    *,
    actor: Person,
    team: Team | None,
    name: str,
    external_id: str,
    members: list[Person] | None,
) -> Team:
    """Create a team (team None) or rename it; `members` None leaves membership, a list sets it."""
    _check(actor)
    name = _checked_text("displayName", name, limits.TEAM_NAME, required=True)
    external_id = _checked_text("externalId", external_id, limits.SCIM_EXTERNAL_ID)
    clash = Team.objects.filter(org_id=actor.org_id, name=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise Conflict(f"displayName: a team is named '{name}' already", field="displayName")
    if team is None:
        team = Team.objects.create(org_id=actor.org_id, name=name, external_id=external_id)
        audit(actor, "team.created", org_id=actor.org_id, subject=name, after={"name": name})
    else:
        team = Team.objects.select_for_update().get(pk=team.pk)
        if team.name != name:
            audit(
                actor,
                "team.renamed",
                org_id=actor.org_id,
                subject=name,
                before={"name": team.name},
                after={"name": name},
            )
        team.name, team.external_id = name, external_id
        team.save(update_fields=["name", "external_id"])
    if members is not None:
        team_members_set(
            actor=actor,
            team=team,
            add=members,
            remove=list(team.members.exclude(pk__in=[p.pk for p in members])),
        )
    return team


@transaction.atomic
def team_members_set(*, actor: Person, team: Team, add: list[Person], remove: list[Person]) -> None:
    """Put `add` in the team (out of any other) and take `remove` out of it; each change is audited."""
    _check(actor)
    for person in add:
        if person.team_id != team.pk:
            person_edit(actor=actor, person=person, team_name=team.name, action="person.provisioned_update")
    for person in remove:
        if person.team_id == team.pk:
            person_edit(actor=actor, person=person, team_name=None, action="person.provisioned_update")


@transaction.atomic
def provisioned_team_delete(*, actor: Person, team: Team) -> None:
    """Delete the team; its members stay, in no team."""
    _check(actor)
    team_members_set(actor=actor, team=team, add=[], remove=list(team.members.all()))
    audit(actor, "team.deleted", org_id=actor.org_id, subject=team.name, before={"name": team.name})
    team.delete()
