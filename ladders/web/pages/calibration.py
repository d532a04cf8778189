"""The calibration page: every calibration table, and the teams and managers it can be narrowed to."""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Person, Team
from ladders.accounts.selectors import people_visible_to
from ladders.core.limits import PAGE_SIZE
from ladders.cycles.selectors import cycles_of
from ladders.leveling.calibration import calibration_tables
from ladders.leveling.frameworks import active_framework


def calibration_page(
    *, viewer: Person, team_id: int | None = None, manager_id: int | None = None, cycle_id: int | None = None
) -> dict[str, Any]:
    """Every calibration table and the teams, managers and cycles it can be narrowed to.

    A per-person table shows its first `PAGE_SIZE` rows and says how many there are; its
    CSV has them all.
    """
    data = calibration_tables(
        viewer=viewer, team_id=team_id, manager_id=manager_id, cycle_id=cycle_id, limit=PAGE_SIZE
    )
    _, fw = active_framework(viewer.org)
    visible = people_visible_to(viewer)
    teams = Team.objects.filter(pk__in=visible.exclude(team=None).values("team_id")).order_by("name")
    managers = visible.filter(pk__in=visible.exclude(manager=None).values("manager_id")).order_by("name")
    cycles = list(cycles_of(viewer))
    return {**data, "fw": fw, "teams": list(teams), "managers": list(managers), "cycles": cycles}
