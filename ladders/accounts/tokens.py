"""Personal API tokens: create, check, list and revoke.

Only a token's SHA-256 digest is stored; the token itself is shown once, when it is made.
`token_refusal` is the one place that decides whether a stored token may still be used,
and says why not, so the API can answer 401 with the reason and a new rule (a deactivated
person, say) is one more line there.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladders.accounts.models import ApiToken, Person
from ladders.accounts.permissions import can_revoke_token, can_see_org_tokens
from ladders.core import limits
from ladders.core.text import text_problem
from ladders.server.errors import Conflict, Invalid, NotFound
from ladders.server.prepared import PreparedQuery

TOKEN_PREFIX = "ldr_"
LAST_USED_EVERY = timedelta(minutes=1)
"""`last_used` is written at most this often per token, so a busy script does not write on every call."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _audit(actor: Person | None, action: str, token: ApiToken, after: dict) -> None:
    from ladders.leveling.audit import audit  # the audit trail lives with the records it mostly covers

    audit(
        actor,
        action,
        org_id=token.person.org_id,
        person=token.person,
        subject=f"token {token.prefix}",
        after=after,
    )


def live_tokens(person: Person, now: datetime | None = None) -> QuerySet[ApiToken]:
    now = now or timezone.now()
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True).filter(
        Q(expires__isnull=True) | Q(expires__gt=now)
    )


@transaction.atomic
def token_create(
    person: Person,
    name: str = "cli",
    *,
    days: int | None = None,
    actor: Person | None = None,
) -> str:
    """A new personal API token, valid for `days` (None: until revoked); returned once, never stored.

    `actor` is who asked (None for the command line, which the server's operator runs).
    """
    name = name.strip()
    problem = text_problem(name, limit=limits.TOKEN_NAME) if name else "a name is required"
    if problem is not None:
        raise Invalid(f"name: {problem}", field="name")
    if days is not None and not 1 <= days <= limits.TOKEN_DAYS:
        raise Invalid(f"days: use a number from 1 to {limits.TOKEN_DAYS}, or no expiry", field="days")
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one count per person at a time
    if live_tokens(person).count() >= limits.TOKENS_PER_PERSON:
        raise Conflict(
            f"{person.name} already has {limits.TOKENS_PER_PERSON} live tokens: revoke one first",
            field="name",
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(days=days) if days is not None else None
    row = ApiToken.objects.create(
        person=person, name=name, prefix=token[:12], digest=token_digest(token), expires=expires
    )
    _audit(
        actor,
        "token.create",
        row,
        {"name": name, "expires": expires.isoformat() if expires else None},
    )
    return token


def token_refusal(found: ApiToken, now: datetime) -> str | None:
    """Why this stored token may not be used now (`revoked`, `expired`, `inactive`), or None."""
    if found.revoked_at is not None:
        return "revoked"
    if found.expires is not None and found.expires <= now:
        return "expired"
    if not found.person.user.is_active:
        return "inactive"
    return None


_ANEW = "create a new one on your tokens page or with `ladders token create`"
REFUSALS = {
    "unknown": "The API token is not valid: check that it was copied whole.",
    "revoked": f"The API token was revoked: {_ANEW}.",
    "expired": f"The API token has expired: {_ANEW}.",
    "inactive": "The API token's account is deactivated; an admin of the organisation can reactivate it.",
}


@dataclass(frozen=True)
class TokenCheck:
    person: Person | None
    refusal: str | None  # a key of REFUSALS when person is None


def token_check(token: str) -> TokenCheck:
    """Whose token this is, or why it is refused; records when it was last used."""
    if not token.startswith(TOKEN_PREFIX):
        return TokenCheck(None, "unknown")
    found = _BY_DIGEST.first(digest=token_digest(token))
    if found is None:
        return TokenCheck(None, "unknown")
    now = timezone.now()
    refusal = token_refusal(found, now)
    if refusal is not None:
        return TokenCheck(None, refusal)
    if found.last_used is None or found.last_used <= now - LAST_USED_EVERY:
        # Conditional, so concurrent requests in several processes still write once a minute.
        ApiToken.objects.filter(pk=found.pk).filter(
            Q(last_used__isnull=True) | Q(last_used__lte=now - LAST_USED_EVERY)
        ).update(last_used=now)
    return TokenCheck(found.person, None)


# Every API request asks this: the token with its person, user and organisation in one query
# on a unique column (no ORDER BY), compiled once (ladders.server.prepared).
_BY_DIGEST = PreparedQuery(
    lambda digest: (
        ApiToken.objects.select_related("person", "person__user", "person__org")
        .filter(digest=digest)
        .order_by()
    ),
    digest="placeholder-digest",
)


def token_person(token: str) -> Person | None:
    return token_check(token).person


def token_state(token: ApiToken, now: datetime | None = None) -> str:
    """What a list shows: `live`, `revoked` or `expired`."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires is not None and token.expires <= now:
        return "expired"
    return "live"


def tokens_of(person: Person) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=person).select_related("person", "revoked_by")


def org_tokens(*, viewer: Person) -> QuerySet[ApiToken]:
    """Every token of the viewer's organisation, for an admin; nothing for anyone else."""
    if not can_see_org_tokens(viewer):
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(person__org_id=viewer.org_id)
        .select_related("person", "person__user", "revoked_by")
        .order_by("person__name", "-created", "-id")
    )


@transaction.atomic
def token_revoke(*, actor: Person | None, token_id: int) -> ApiToken:
    """Revoke a token now. Its owner or an admin of its organisation may; `actor` None is the CLI.

    Anyone else is told it does not exist (404), as for an id that is not there. Revoking a
    revoked token changes nothing and says so (409).
    """
    token = ApiToken.objects.select_for_update().select_related("person").filter(pk=token_id).first()
    if token is None or (actor is not None and not can_revoke_token(actor, token.person)):
        raise NotFound("No such token.")
    if token.revoked_at is not None:
        raise Conflict(f"The token '{token.name}' ({token.prefix}...) was already revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    _audit(actor, "token.revoke", token, {"name": token.name})
    return token
