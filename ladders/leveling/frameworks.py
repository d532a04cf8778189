"""The organisation's active framework, parsed once per content hash and shared."""

from __future__ import annotations

from functools import lru_cache

from ladders.accounts.models import Organisation
from ladders.core.framework import Framework
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
from ladders.leveling.models import FrameworkVersion


@lru_cache(maxsize=32)
def _parse(content_hash: str, text: str) -> Framework:
    return framework_from_text(text, source="framework")


def framework_of(version: FrameworkVersion) -> Framework:
    """The parsed framework of a stored version (old versions still parse for history)."""
    return _parse(version.content_hash, version.yaml_text)


def active_version(org: Organisation) -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(org=org, active=True).first()
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
