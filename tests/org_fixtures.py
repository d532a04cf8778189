"""One small organisation for server tests: the same four people every time.

engineer (reports to manager), manager, outsider (an engineer with another manager) and
admin. Each permission test is then one line: who asks, and what they get. `add_person` and
`add_engineer` add someone more; the `peer` fixture is an engineer of the other team.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ladders.accounts.models import Organisation, Person, Role
from ladders.accounts.services import person_create

PASSWORD = "correct-horse-battery"


@dataclass
class Org:
    org: Organisation
    admin: Person
    manager: Person
    engineer: Person
    other_manager: Person
    outsider: Person

    def people(self) -> dict[str, Person]:
        return {
            "engineer": self.engineer,
            "manager": self.manager,
            "outsider": self.outsider,
            "admin": self.admin,
        }


def add_person(
    org: Organisation,
    name: str,
    role: str,
    manager: Person | None = None,
    *,
    team: str | None = None,
    username: str | None = None,
) -> Person:
    """Someone who signs in with PASSWORD; their username is their name, dotted, unless given."""
    return person_create(
        org=org,
        name=name,
        role=role,
        manager=manager,
        team_name=team,
        password=PASSWORD,
        username=username or name.lower().replace(" ", "."),
        check_password=False,
    )[0]


def add_engineer(acme: Org, name: str, manager: Person) -> Person:
    """One more engineer of the organisation, on `manager`'s team."""
    return add_person(acme.org, name, Role.ENGINEER, manager, team=manager.team.name)


def make_org(name: str = "Acme") -> Org:
    org = Organisation.objects.create(name=name)

    def add(person_name: str, role: str, manager: Person | None = None, team: str | None = None) -> Person:
        username = person_name.lower().replace(" ", ".") + "." + name.lower()
        return add_person(org, person_name, role, manager, team=team, username=username)

    admin = add("Ada Admin", Role.ADMIN)
    manager = add("Max Manager", Role.MANAGER, admin, "Applied AI")
    other_manager = add("Olga Other", Role.MANAGER, admin, "Platform")
    engineer = add("Eve Engineer", Role.ENGINEER, manager, "Applied AI")
    outsider = add("Oscar Outsider", Role.ENGINEER, other_manager, "Platform")
    return Org(org, admin, manager, engineer, other_manager, outsider)


@pytest.fixture
def acme(db) -> Org:
    return make_org()


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a person: `signed_in(acme.engineer)`."""

    def sign_in(person: Person):
        client.force_login(person.user)
        return client

    return sign_in


@pytest.fixture
def peer(acme) -> Person:
    """Petra, an engineer on the other team: a reviewer of the review outside Eve's chain."""
    return add_engineer(acme, "Petra Peer", acme.other_manager)
