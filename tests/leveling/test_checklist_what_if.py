"""The what-if of a new checklist framework version reads each person's met criteria."""

from __future__ import annotations

import yaml

from ladders.core.interchange.monzo import monzo_import
from ladders.leveling.framework_review import version_what_if
from ladders.leveling.models import CheckIn, CheckInStatus
from tests.leveling.leveling_helpers import upload
from tests.monzo_fixture import MONZO_SMALL


def _version(share: float, version: str) -> str:
    data = monzo_import(MONZO_SMALL, "tools.md", share=share)
    data["version"] = version
    return yaml.safe_dump(data, sort_keys=False)


def test_a_lower_share_moves_up_the_people_whose_criteria_now_suffice(acme):
    upload(acme.admin, _version(1.0, "1"), activate=True)
    CheckIn.objects.create(
        person=acme.engineer,
        quarter="2026-Q1",
        status=CheckInStatus.SIGNED_OFF,
        criteria={"communication.1.1": [], "communication.1.2": [], "craft.1.1": [], "communication.2.1": []},
    )
    lower = upload(acme.admin, _version(0.5, "2"))
    (change,) = version_what_if(actor=acme.admin, version=lower)
    assert change["key"] == acme.engineer.pk
    assert (change["from"], change["to"], change["direction"]) == ("level-1", "level-2", "up")
