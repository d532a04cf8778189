"""Finding the person or organisation someone typed: a username, or a name within an organisation.

Commands such as `ladders token create` act on one person, and acting on the wrong one (a
namesake in another organisation) hands them someone else's access. So a lookup succeeds only
when exactly one person fits: a username (unique on the server), or a name that only one
person has, among everyone or within the organisation given. Otherwise it says who the
candidates are, so the caller can ask again by username.
"""

from __future__ import annotations

from ladders.accounts.models import Organisation, Person


class LookupProblem(LookupError):
    """No one, or more than one, fits what was typed; the message says which and who.

    `org_would_help` is set when the candidates are in several organisations, so naming one helps.
    """

    def __init__(self, message: str, *, org_would_help: bool = False):
        super().__init__(message)
        self.org_would_help = org_would_help


def organisation_find(*, name: str) -> Organisation:
    """The organisation with this exact name; otherwise the known names, to pick from."""
    org = Organisation.objects.filter(name=name.strip()).first()
    if org is None:
        known = ", ".join(Organisation.objects.order_by("name").values_list("name", flat=True)) or "none yet"
        raise LookupProblem(f"no organisation is named '{name}' (known: {known})")
    return org


def person_find(*, handle: str, org: Organisation | None = None) -> Person:
    """The one person whose username is `handle`, or else whose name it is (in `org` if given).

    A username wins over a name: it is unique, so it is how an ambiguous name is made plain.
    """
    handle = handle.strip()
    people = Person.objects.select_related("user", "org")
    by_username = people.filter(user__username=handle).first()
    if by_username is not None and (org is None or by_username.org_id == org.pk):
        return by_username
    scope = people if org is None else people.filter(org=org)
    named = list(scope.filter(name__iexact=handle).order_by("org__name", "user__username"))
    if len(named) == 1:
        return named[0]
    where = f" in {org.name}" if org is not None else ""
    if named:
        spread = org is None and len({p.org_id for p in named}) > 1
        raise LookupProblem(
            f"{len(named)} people{where} are named '{handle}': {_candidates(named, with_org=org is None)}; "
            "give the username instead",
            org_would_help=spread,
        )
    if by_username is not None:
        raise LookupProblem(
            f"'{handle}' is the username of {by_username.name} in {by_username.org.name}, not{where}"
        )
    raise LookupProblem(f"no one{where} has the username or name '{handle}'")


def _candidates(people: list[Person], *, with_org: bool) -> str:
    return ", ".join(f"{p.user.username} ({p.org.name})" if with_org else p.user.username for p in people)
