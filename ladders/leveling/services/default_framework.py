"""The shipped framework, installed for an organisation when it is created and at start-up.

Pages and the API only read the active framework (`ladders.leveling.frameworks`), so it
must exist before the first request. Two moments install it: the creation of an
organisation, whichever code creates it (the services, the demo loader, a directory sync),
and the end of every `migrate`, which `ladders serve` runs at start-up, for organisations
stored before this rule.

When a release ships a changed default (a new content hash), an organisation already on
an older version of the same ladder is offered it, never switched: `migrate` stores the
new version inactive, and an admin reviews it on the frameworks page (its diff and whom it
would move) before activating it, like any uploaded version.
"""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Organisation
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
from ladders.leveling.audit import audit
from ladders.leveling.models import FrameworkVersion
from ladders.leveling.services.frameworks import framework_version_store


def framework_install_default(org: Organisation) -> FrameworkVersion:
    """Store the shipped default for `org`, active unless another version already is."""
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    fw = framework_from_text(text, source=DEFAULT_FRAMEWORK.name)
    version, _created = framework_version_store(org=org, fw=fw, text=text)
    if not FrameworkVersion.objects.filter(org=org, active=True).exists():
        version.active = True
        version.save(update_fields=["active"])
    return version


def frameworks_install_missing() -> list[Organisation]:
    """Install the default for every organisation without an active framework; returns them."""
    missing = list(Organisation.objects.exclude(frameworks__active=True))
    for org in missing:
        framework_install_default(org)
    return missing


def frameworks_offer_shipped() -> list[FrameworkVersion]:
    """Store the shipped default, inactive, for each organisation on an older version of it; returns them.

    Only organisations that have a version of the shipped ladder (same framework id) are
    offered it; one that runs a ladder of its own is left alone.
    """
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    fw = framework_from_text(text, source=DEFAULT_FRAMEWORK.name)
    offered = []
    on_shipped = Organisation.objects.filter(frameworks__framework_id=fw.id).distinct()
    for org in on_shipped.exclude(frameworks__content_hash=fw.content_hash):
        version, created = framework_version_store(org=org, fw=fw, text=text)
        if created:
            audit(
                None,
                "framework.offered",
                org_id=org.pk,
                subject=f"{fw.id} {fw.version}",
                after={"hash": fw.content_hash},
            )
            offered.append(version)
    return offered


def _organisation_saved(sender: Any, instance: Organisation, created: bool, raw: bool, **kwargs: Any) -> None:
    if created and not raw:  # a fixture being loaded brings its own framework versions
        framework_install_default(instance)


def _migrated(sender: Any, plan: list[tuple[Any, bool]] | None = None, **kwargs: Any) -> None:
    # Unapplying migrations leaves the tables older than the models: touch nothing then.
    if not any(backwards for _migration, backwards in plan or []):
        frameworks_install_missing()
        frameworks_offer_shipped()


def connect_installation(app: Any) -> None:
    """Install on every new organisation and after every `migrate` (called by the app's `ready`)."""
    from django.db.models.signals import post_migrate, post_save

    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="default-framework-org")
    post_migrate.connect(_migrated, sender=app, dispatch_uid="default-framework-migrate")
