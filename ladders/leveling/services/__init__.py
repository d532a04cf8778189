"""Every write of leveling data goes through here: validated by the core, audited, atomic.

One module per subject; callers import from the package (`from ladders.leveling.services
import evidence_create`), which names every public service below.
"""

from __future__ import annotations

from ladders.leveling.services.assessment import assessment_for, assessment_json_for
from ladders.leveling.services.checkins import checkin_save, checkin_sign_off, checkin_submit
from ladders.leveling.services.default_framework import framework_install_default
from ladders.leveling.services.evidence import evidence_create, evidence_delete, evidence_update
from ladders.leveling.services.frameworks import framework_activate, framework_upload
from ladders.leveling.services.maturity import maturity_record
from ladders.leveling.services.refusals import StaleEdit

__all__ = [
    "StaleEdit",
    "assessment_for",
    "assessment_json_for",
    "checkin_save",
    "checkin_sign_off",
    "checkin_submit",
    "evidence_create",
    "evidence_delete",
    "evidence_update",
    "framework_activate",
    "framework_install_default",
    "framework_upload",
    "maturity_record",
]
