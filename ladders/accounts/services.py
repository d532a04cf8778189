"""Writes to accounts: people, passwords and API tokens."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ladders.accounts.models import Organisation, Person, Role, Team

# Tokens have a module of their own; these names stay importable from here.
from ladders.accounts.tokens import TOKEN_PREFIX, token_create, token_digest, token_person  # noqa: F401
from ladders.core import limits
from ladders.core.text import text_problem
from ladders.server.errors import Conflict, Invalid


def default_org() -> Organisation:
    """The organisation commands act on: the first real (non-demo) one, created if needed."""
    org = Organisation.objects.filter(is_demo=False).order_by("pk").first()
    return org or Organisation.objects.create(name="My organisation")


def username_base(name: str) -> str:
    """A username made from a name, short enough to take a number and still fit."""
    return (slugify(name).replace("-", ".") or "user")[: limits.USERNAME - 6]


def username_for(name: str) -> str:
    base = username_base(name)
    User = get_user_model()
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _check_person_text(**fields: tuple[str, int]) -> None:
    """Refuse a value its column cannot hold, naming the field (422)."""
    for field, (value, limit) in fields.items():
        problem = text_problem(value, limit=limit)
        if problem is not None:
            raise Invalid(f"{field}: {problem}", field=field)


@transaction.atomic
def person_create(
    *,
    org: Organisation,
    name: str,
    role: str = Role.ENGINEER,
    manager: Person | None = None,
    team_name: str | None = None,
    title: str = "",
    level: str = "",
    password: str | None = None,
    username: str | None = None,
    email: str = "",
    check_password: bool = True,
    password_hash: str | None = None,
) -> tuple[Person, str]:
    """Create a user and their person record; returns the person and the password used.

    `password_hash` is `password` already hashed (`make_password`): the CSV import hashes
    thousands of generated passwords before its transaction rather than inside it.
    """
    if role not in Role.values:
        raise Invalid(f"role must be one of {', '.join(Role.values)}", field="role")
    if not name.strip():
        raise Invalid("a name is required", field="name")
    _check_person_text(
        name=(name.strip(), limits.PERSON_NAME),
        title=(title, limits.JOB_TITLE),
        team_name=(team_name or "", limits.TEAM_NAME),
        username=(username or "", limits.USERNAME),
        email=(email, limits.EMAIL),
        level=(level, limits.ID),
    )
    if manager is not None and manager.org_id != org.pk:
        raise Invalid("the manager belongs to another organisation", field="manager")
    User = get_user_model()
    username = username or username_for(name)
    if User.objects.filter(username=username).exists():
        raise Conflict(f"the username '{username}' is taken", field="username")
    password = password or secrets.token_urlsafe(12)
    if check_password:
        try:
            validate_password(password)
        except ValidationError as error:
            raise Invalid(" ".join(error.messages), field="password") from None
    if password_hash is None:
        user = User.objects.create_user(username=username, password=password, email=email)
    else:
        email = User.objects.normalize_email(email)
        user = User(username=User.normalize_username(username), email=email, password=password_hash)
        user.save()
    team = Team.objects.get_or_create(org=org, name=team_name)[0] if team_name else None
    person = Person.objects.create(
        user=user, org=org, name=name.strip(), role=role, manager=manager, team=team, title=title, level=level
    )
    from ladders.cycles.services import cycle_enrol_new_person  # cycles build on accounts

    cycle_enrol_new_person(person=person)  # joining while a cycle is open: a check-in too
    return person, password
