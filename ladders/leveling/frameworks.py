"""The organisation's active framework, parsed once per content hash and shared: reads only."""

from __future__ import annotations

from ladders.accounts.models import Organisation
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_from_text
from ladders.leveling.models import FrameworkVersion
from ladders.server.prepared import PreparedQuery

_parsed: dict[str, Framework] = {}
_PARSED_LIMIT = 32


def framework_of(version: FrameworkVersion) -> Framework:
    """The parsed framework of a stored version (old versions still parse for history).

    Parsed once per content hash per process; the YAML text is read from the database
    only when this process has not parsed that hash yet.
    """
    found = _parsed.get(version.content_hash)
    if found is None:
        found = framework_from_text(version.yaml_text, source="framework")
        if len(_parsed) >= _PARSED_LIMIT:
            _parsed.pop(next(iter(_parsed)))
        _parsed[version.content_hash] = found
    return found


class NoActiveFramework(LookupError):
    """An organisation without an active framework, which start-up and org creation rule out."""


def active_version(org: Organisation) -> FrameworkVersion:
    """The organisation's active version; a read only, so a page or the API never writes here.

    Every organisation gets the default when it is created, and `migrate` (run by `ladders
    serve`) gives it to any that predates that (`ladders.leveling.services.frameworks`).
    """
    version = _ACTIVE.first(org=org.pk)
    if version is None:
        raise NoActiveFramework(
            f"the organisation '{org.name}' has no active framework; run `ladders serve` (or "
            "`manage.py migrate`), which installs the default at start-up"
        )
    return version


def active_framework(org: Organisation) -> tuple[FrameworkVersion, Framework]:
    version = active_version(org)
    return version, framework_of(version)


def active_framework_of(org_id: int) -> tuple[FrameworkVersion, Framework]:
    """`active_framework` by the organisation's id (the organisation is read only to name it
    in the error when it has no active framework)."""
    version = _ACTIVE.first(org=org_id)
    if version is None:
        return active_framework(Organisation.objects.get(pk=org_id))
    return version, framework_of(version)


# One active version per organisation (a constraint), asked on every computed assessment:
# no ORDER BY, compiled once (ladders.server.prepared).
_ACTIVE = PreparedQuery(
    lambda org: FrameworkVersion.objects.filter(org_id=org, active=True).defer("yaml_text").order_by(),
    org=-918_273_646,
)
