"""The salary band pages: the admin's table of bands and one band to edit."""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Person
from ladders.leveling.frameworks import active_framework
from ladders.leveling.pay import band_for_viewer, band_list
from ladders.reports import level_name


def bands_page(*, viewer: Person) -> dict[str, Any]:
    rows = band_list(viewer=viewer)
    return {"rows": rows, "framework": active_framework(viewer.org)[1]}


def band_for_admin(*, viewer: Person, band_id: int) -> dict[str, Any]:
    """One band of the admin's organisation, as `band_list` shows it; 404 for anyone else."""
    band = band_for_viewer(viewer, band_id)
    _, fw = active_framework(viewer.org)
    return {"band": band, "framework": fw, "level_name": level_name(fw, band.level)}
