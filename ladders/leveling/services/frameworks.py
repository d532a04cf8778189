"""Frameworks: admins upload versions and choose the active one; every version must parse."""

from __future__ import annotations

from django.db import transaction

from ladders.accounts.models import Organisation, Person
from ladders.accounts.permissions import can_manage_frameworks
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_from_text
from ladders.leveling.audit import audit
from ladders.leveling.calibration_store import calibration_forget_org
from ladders.leveling.facts import facts_forget_org
from ladders.leveling.frameworks import framework_of
from ladders.leveling.models import FrameworkVersion
from ladders.server.errors import Forbidden


def framework_version_store(
    *, org: Organisation, fw: Framework, text: str, uploaded_by: Person | None = None
) -> tuple[FrameworkVersion, bool]:
    """The organisation's stored version of `fw` (parsed from `text`), stored now if new; True if so.

    Versions are kept by content hash, so storing the same text twice keeps one version.
    """
    version = FrameworkVersion.objects.filter(org=org, content_hash=fw.content_hash).first()
    if version is not None:
        return version, False
    version = FrameworkVersion.objects.create(
        org=org,
        framework_id=fw.id,
        name=fw.name,
        version=fw.version,
        content_hash=fw.content_hash,
        yaml_text=text,
        uploaded_by=uploaded_by,
    )
    return version, True


@transaction.atomic
def framework_upload(
    *, actor: Person, text: str, source: str = "upload", activate: bool = True
) -> FrameworkVersion:
    """Validate and store a framework version; on any problem nothing is stored.

    Raises `InputError` (with line numbers) so pages and the API can show every problem.
    """
    if not can_manage_frameworks(actor):
        raise Forbidden("only admins manage frameworks")
    fw = framework_from_text(text, source=source)
    version, created = framework_version_store(org=actor.org, fw=fw, text=text, uploaded_by=actor)
    if created:
        audit(
            actor,
            "framework.uploaded",
            org_id=actor.org_id,
            subject=f"{fw.id} {fw.version}",
            after={"hash": fw.content_hash},
        )
    if activate:
        framework_activate(actor=actor, version=version)
    return version


@transaction.atomic
def framework_activate(*, actor: Person, version: FrameworkVersion) -> FrameworkVersion:
    if not can_manage_frameworks(actor) or version.org_id != actor.org_id:
        raise Forbidden("only admins manage frameworks")
    framework_of(version)  # a stored version must still parse before it can be active
    previous = FrameworkVersion.objects.filter(org=actor.org, active=True).exclude(pk=version.pk).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    if not version.active:
        version.active = True
        version.save(update_fields=["active"])
        facts_forget_org(actor.org_id)  # the records are packed for the active framework
        calibration_forget_org(actor.org_id)  # so are the calibration records' ratings
        audit(
            actor,
            "framework.activated",
            org_id=actor.org_id,
            subject=f"{version.framework_id} {version.version}",
            before={"hash": previous.content_hash} if previous else None,
            after={"hash": version.content_hash},
        )
    return version
