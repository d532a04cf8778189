"""People admin: edit a person's record, deactivate and reactivate, set a password, invite by email.

Every change is an audit event about the person (`person.edited` with the fields before and
after, `person.deactivated`, ...), so the person's page can show their history and the
audit log can list it. Nothing here deletes: a deactivated person keeps their evidence,
check-ins and assessments (calibration of past quarters still counts them); they can no
longer sign in (`User.is_active`), and their API tokens stop working on their next request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from ladders.accounts.hierarchy import reporting_chain_ids
from ladders.accounts.models import Person, Role, Team
from ladders.accounts.permissions import can_manage_people
from ladders.accounts.services import person_create
from ladders.core import limits
from ladders.core.text import text_problem
from ladders.leveling.audit import audit
from ladders.server.errors import Conflict, Forbidden, Invalid, NotFound

ROLE_CHOICES: list[tuple[str, str]] = list(Role.choices)
"""The roles a person may be given, for forms (value, label)."""

UNCHANGED: Any = object()
"""The default of `person_edit`'s arguments: leave this field as it is."""


def _check_admin_of(actor: Person, person: Person) -> None:
    if not can_manage_people(actor) or actor.org_id != person.org_id:
        raise Forbidden("only an admin of the organisation manages people")


def _checked_text(field: str, value: str, limit: int, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise Invalid(f"{field}: must not be empty", field=field)
    problem = text_problem(value, limit=limit)
    if problem is not None:
        raise Invalid(f"{field}: {problem}", field=field)
    return value


def _record(person: Person) -> dict[str, Any]:
    """The fields `person_edit` changes, as the audit trail shows them."""
    return {
        "name": person.name,
        "title": person.title,
        "team": person.team.name if person.team_id and person.team else None,
        "manager": person.manager.name if person.manager_id and person.manager else None,
        "manager_id": person.manager_id,
        "email": person.user.email,
    }


def _check_manager(person: Person, manager: Person) -> None:
    if manager.org_id != person.org_id:
        raise Invalid("manager: that person belongs to another organisation", field="manager")
    if manager.pk == person.pk:
        raise Invalid("manager: a person cannot be their own manager", field="manager")
    if manager.pk in reporting_chain_ids(person):
        raise Invalid(
            f"manager: {manager.name} reports to {person.name}, so that would make a loop", field="manager"
        )
    if not manager.user.is_active:
        raise Invalid(f"manager: {manager.name} is deactivated; pick someone active", field="manager")


def team_named(*, org_id: int, name: str) -> Team:
    """The organisation's team of that name, created when new."""
    return Team.objects.get_or_create(org_id=org_id, name=name)[0]


@transaction.atomic
def person_edit(
    *,
    actor: Person | None,
    person: Person,
    name: str = UNCHANGED,
    title: str = UNCHANGED,
    team_name: str | None = UNCHANGED,
    manager: Person | None = UNCHANGED,
    email: str = UNCHANGED,
    action: str = "person.edited",
) -> Person:
    """Change a person's name, title, team (by name; None or "" for none), manager or email.

    `actor` None is the identity provider (SCIM, checked by its caller). Records one audit
    event with the fields that changed, before and after; a change to nothing records none.
    """
    if actor is not None:
        _check_admin_of(actor, person)
    # Lock the person's row only: team and manager are outer joins, which PostgreSQL cannot lock.
    locked = Person.objects.select_for_update(of=("self",)).select_related("team", "manager", "user")
    person = locked.get(pk=person.pk)
    before = _record(person)
    if name is not UNCHANGED:
        person.name = _checked_text("name", name, limits.PERSON_NAME, required=True)
    if title is not UNCHANGED:
        person.title = _checked_text("title", title, limits.JOB_TITLE)
    if team_name is not UNCHANGED:
        team = _checked_text("team", team_name or "", limits.TEAM_NAME)
        person.team = team_named(org_id=person.org_id, name=team) if team else None
    if manager is not UNCHANGED:
        if manager is not None and manager.pk != person.manager_id:
            _check_manager(person, manager)
        person.manager = manager
    if email is not UNCHANGED:
        email = _checked_text("email", email, limits.EMAIL)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise Invalid(f"email: '{email}' is not an email address", field="email") from None
        person.user.email = email
        person.user.save(update_fields=["email"])
    person.save(update_fields=["name", "title", "team", "manager"])
    after = _record(person)
    changed = [key for key in before if before[key] != after[key] and key != "manager_id"]
    if changed or before["manager_id"] != after["manager_id"]:
        audit(
            actor,
            action,
            org_id=person.org_id,
            person=person,
            subject=person.name,
            before={k: before[k] for k in before if before[k] != after[k]},
            after={k: after[k] for k in after if before[k] != after[k]},
        )
    return person


def active_reports(person: Person) -> list[Person]:
    """The active people whose manager is `person`, by name: whom to reassign when they leave."""
    return list(
        Person.objects.filter(manager=person, user__is_active=True).select_related("user").order_by("name")
    )


def reports_to_reassign(*, org_id: int) -> list[Person]:
    """Active people of the organisation whose manager is deactivated, by manager then name."""
    return list(
        Person.objects.filter(org_id=org_id, user__is_active=True, manager__user__is_active=False)
        .select_related("manager", "user")
        .order_by("manager__name", "name")
    )


@transaction.atomic
def person_deactivate(*, actor: Person | None, person: Person) -> list[Person]:
    """Stop `person` signing in (their tokens stop too); nothing of theirs is deleted.

    Returns their active direct reports, who still name them as manager until an admin
    reassigns them (the people page lists them). An admin cannot deactivate themself, so an
    organisation always keeps someone who can reactivate.
    """
    if actor is not None:
        _check_admin_of(actor, person)
        if actor.pk == person.pk:
            raise Conflict("you cannot deactivate yourself; ask another admin")
    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    reports = active_reports(person)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit(
            actor,
            "person.deactivated",
            org_id=person.org_id,
            person=person,
            subject=person.name,
            before={"active": True},
            after={"active": False, "reports_to_reassign": [p.name for p in reports]},
        )
    person.user.is_active = False
    return reports


@transaction.atomic
def person_reactivate(*, actor: Person | None, person: Person) -> Person:
    """Let a deactivated person sign in again, with their record as they left it."""
    if actor is not None:
        _check_admin_of(actor, person)
    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit(
            actor,
            "person.reactivated",
            org_id=person.org_id,
            person=person,
            subject=person.name,
            before={"active": False},
            after={"active": True},
        )
    person.user.is_active = True
    return person


def _validated_password(password: str, user) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field="password") from None
    return password


@transaction.atomic
def person_set_password(*, actor: Person | None, person: Person, password: str) -> None:
    """An admin (or the server's operator, `actor` None, from the CLI) sets a new password."""
    if actor is not None:
        _check_admin_of(actor, person)
    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    user.set_password(_validated_password(password, user))
    user.save(update_fields=["password"])
    audit(actor, "person.password_set", org_id=person.org_id, person=person, subject=person.name)


InviteLink = Callable[[str, str], str]
"""Makes the absolute sign-up address from the user's encoded id and the one-time token."""


@transaction.atomic
def person_invite(
    *,
    actor: Person,
    name: str,
    email: str,
    link_for: InviteLink,
    role: str = Role.ENGINEER,
    team_name: str | None = None,
    manager: Person | None = None,
    title: str = "",
) -> Person:
    """Create a person who cannot sign in yet and email them a one-time link to set a password.

    The link carries Django's password-reset token for the new account, so it works once:
    setting the password changes what the token was made from.
    """
    if not can_manage_people(actor):
        raise Forbidden("only admins invite people")
    email = _checked_text("email", email, limits.EMAIL, required=True)
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(f"email: '{email}' is not an email address", field="email") from None
    if get_user_model().objects.filter(email__iexact=email, person__org_id=actor.org_id).exists():
        raise Conflict(f"email: someone in {actor.org.name} already has '{email}'", field="email")
    if manager is not None:
        if manager.org_id != actor.org_id:
            raise Invalid("manager: that person belongs to another organisation", field="manager")
        if not manager.user.is_active:
            raise Invalid(f"manager: {manager.name} is deactivated; pick someone active", field="manager")
    person, _ = person_create(
        org=actor.org,
        name=name,
        role=role,
        manager=manager,
        team_name=team_name or None,
        title=title,
        email=email,
        password=secrets.token_urlsafe(32),
        check_password=False,
    )
    person.user.set_unusable_password()
    person.user.save(update_fields=["password"])
    link = link_for(
        urlsafe_base64_encode(force_bytes(person.user.pk)), default_token_generator.make_token(person.user)
    )
    send_mail(
        subject=f"You are invited to ladders at {actor.org.name}",
        message=(
            f"Hello {person.name},\n\n"
            f"{actor.name} invited you to ladders, {actor.org.name}'s career ladder.\n"
            f"Your user name is {person.user.username}. Choose your password here (the link works once):\n\n"
            f"{link}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
    audit(
        actor,
        "person.invited",
        org_id=actor.org_id,
        person=person,
        subject=person.name,
        after={"email": email, "role": person.role, "username": person.user.username},
    )
    return person


def invited_user(*, uidb64: str, token: str):
    """The account an invitation link is for, while its token is good; otherwise NotFound."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        pk = None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if user is None or not default_token_generator.check_token(user, token):
        raise NotFound("This invitation link is not valid: it was used already, or it has expired.")
    return user


@transaction.atomic
def invite_accept(*, uidb64: str, token: str, password: str) -> Person:
    """Set the invited person's first password; the link stops working at once."""
    user = invited_user(uidb64=uidb64, token=token)
    user.set_password(_validated_password(password, user))
    user.save(update_fields=["password"])
    person = Person.objects.get(user=user)
    audit(None, "person.invitation_accepted", org_id=person.org_id, person=person, subject=person.name)
    return person
