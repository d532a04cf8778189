"""People with evidence and signed-off check-ins for leveling tests, built through the services.

Dates are relative to today so the quarter used is always over and its evidence dated within it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import yaml
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot, Evidence, FrameworkVersion
from ladders.leveling.profiles import quarter_of
from tests.framework_ids import LEVEL
from tests.minimum_profiles import minimum_profile

TODAY = timezone.localdate()
QUARTER = quarter_of(TODAY - timedelta(days=92))  # a quarter that is over
WORK_DATE = TODAY - timedelta(days=200)


def add_evidence(person: Person, kind: str, *, actor: Person | None = None, **fields: Any) -> Evidence:
    data = {
        "kind": kind,
        "title": f"{kind.replace('_', ' ')}",
        "date": WORK_DATE,
        "scope": "feature",
        **fields,
    }
    return services.evidence_create(actor=actor or person, person=person, data=data)


def sign_off(
    person: Person,
    manager: Person,
    self_ratings: dict[str, int],
    manager_ratings: dict[str, int] | None = None,
    quarter: str = QUARTER,
) -> AssessmentSnapshot:
    checkin = services.checkin_save(
        actor=person, person=person, quarter=quarter, self_ratings=self_ratings, submit=True
    )
    return services.checkin_sign_off(actor=manager, checkin=checkin, manager_ratings=manager_ratings)


def make_mid(person: Person) -> None:
    """Evidence for every mid gate, the mid minimum of tests/minimum_profiles.py: two shipped
    projects with real users (one measured) and a debugging story, dated in `QUARTER`'s past."""
    for item in minimum_profile(LEVEL.mid)["evidence"]:
        add_evidence(
            person, item["kind"], **{k: item[k] for k in ("users", "outcome", "skills") if k in item}
        )


def edited_framework(change, version: str = "2") -> str:
    """The default framework's YAML with `change(data)` applied and a new version string."""
    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    change(data)
    data["version"] = version
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def gate_of(data: dict, gate_id: str) -> dict:
    return next(g for level in data["levels"] for g in level["gates"] if g["id"] == gate_id)


def upload(admin: Person, text: str, *, activate: bool = False) -> FrameworkVersion:
    return services.framework_upload(actor=admin, text=text, activate=activate)
