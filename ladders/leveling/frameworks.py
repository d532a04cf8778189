"""The organisation's active framework, parsed once per content hash and shared."""

from __future__ import annotations

from ladders.accounts.models import Organisation
from ladders.core.framework import Framework
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
from ladders.leveling.models import FrameworkVersion

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


def active_version(org: Organisation) -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(org=org, active=True).defer("yaml_text").first()
    if version is None:
        version = framework_install_default(org)
    return version


def active_framework(org: Organisation) -> tuple[FrameworkVersion, Framework]:
    version = active_version(org)
    return version, framework_of(version)


def framework_install_default(org: Organisation) -> FrameworkVersion:
    """Store and activate the shipped default framework when an org has none active."""
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    fw = framework_from_text(text, source=DEFAULT_FRAMEWORK.name)
    existing = FrameworkVersion.objects.filter(org=org, content_hash=fw.content_hash).first()
    if existing is not None:
        if not FrameworkVersion.objects.filter(org=org, active=True).exists():
            existing.active = True
            existing.save(update_fields=["active"])
        return existing
    return FrameworkVersion.objects.create(
        org=org,
        framework_id=fw.id,
        name=fw.name,
        version=fw.version,
        content_hash=fw.content_hash,
        yaml_text=text,
        active=not FrameworkVersion.objects.filter(org=org, active=True).exists(),
    )
