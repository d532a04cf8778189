"""Who is who: an organisation, its teams, and each person's role and reporting line."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ladders.core import limits


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    is_demo = models.BooleanField(default=False, help_text="Demo data, clearly labelled in every page.")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=limits.TEAM_NAME)
    external_id = models.CharField(
        max_length=limits.SCIM_EXTERNAL_ID,
        blank=True,
        help_text="The identity provider's id (SCIM externalId).",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="team_name_unique_in_org")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    ENGINEER = "engineer", "Engineer"


class Person(models.Model):
    """A member of an organisation; one per user account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=limits.PERSON_NAME)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ENGINEER)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    title = models.CharField(max_length=limits.JOB_TITLE, blank=True)
    level = models.CharField(
        max_length=limits.ID, blank=True, help_text="Current level id in the active framework."
    )
    level_since = models.DateField(null=True, blank=True)
    years_experience = models.FloatField(null=True, blank=True)
    background = models.CharField(max_length=limits.ID, default="none")
    base_salary = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    market = models.CharField(max_length=limits.ID, blank=True)
    external_id = models.CharField(
        max_length=limits.SCIM_EXTERNAL_ID,
        blank=True,
        help_text="The identity provider's id (SCIM externalId).",
    )
    created = models.DateTimeField(auto_now_add=True)
    # Not a column: only the people an import has just created carry it, so the page can show
    # each generated password once (`ladders.leveling.imports.people_import_csv`).
    initial_password: str

    class Meta:
        ordering = ["name"]
        # (org, name): lists of an org's people by name read a page without sorting everyone;
        # (org, level): the team page counts everyone by recorded level from the index alone.
        indexes = [
            models.Index(fields=["org", "manager"]),
            models.Index(fields=["org", "name"], name="person_org_name"),
            models.Index(fields=["org", "level"], name="person_org_level"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the token is shown once.

    A token stops working when it is revoked or its expiry passes; the row stays, so the
    owner and admins can see what it was and who revoked it (`ladders.accounts.tokens`).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=limits.TOKEN_NAME)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True, help_text="None: the token never expires.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"


class LoginFailure(models.Model):
    """A sign-in attempt, written before its password is checked and kept when it fails.

    Stored in the database so every server process counts the same attempts (see
    ladders.accounts.throttle).
    """

    username = models.CharField(max_length=limits.USERNAME, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)


class SsoIdentity(models.Model):
    """Who a person is at the company's identity provider: its issuer and their subject (`sub`).

    Written the first time someone signs in through the provider (ladders.accounts.sso), by
    creating their person or by linking one whose e-mail the provider has verified; later
    sign-ins find the person by this pair alone, whatever their e-mail has become.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=limits.SSO_ISSUER)
    subject = models.CharField(max_length=limits.SSO_SUBJECT)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
