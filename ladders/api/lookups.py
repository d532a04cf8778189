"""From ids in a path to records the caller may see; anything out of reach is a 404."""

from __future__ import annotations

from django.http import Http404
from ninja import Path

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_manage_bands, can_manage_people
from ladders.accounts.selectors import PERSON_RELATED, person_for_viewer
from ladders.core.dates import QUARTER_PATTERN
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence, SalaryBand
from ladders.leveling.pay import band_for_viewer
from ladders.leveling.selectors import checkins_visible_to, evidence_item, snapshot_for_viewer
from ladders.promotions.models import Packet
from ladders.promotions.selectors import packet_for_viewer
from ladders.server.errors import Forbidden

# Path parameters are 64-bit database ids; anything larger cannot exist.
MAX_ID = 2**63 - 1


# Path parameter declarations shared by the operations, so the OpenAPI document is exact.
def person_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The person's id.")


def evidence_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The evidence record's `id` (not its `slug`).")


def quarter_path():
    return Path(..., pattern=QUARTER_PATTERN, description="The quarter, written YYYY-Qn (2026-Q4).")


def packet_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The promotion packet's id.")


def snapshot_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The frozen assessment's id (see the person's history).")


def band_id_path():
    return Path(..., ge=1, le=MAX_ID, description="The salary band's id.")


def person_in_reach(viewer: Person, person_id: int, *, related: tuple[str, ...] = PERSON_RELATED) -> Person:
    if not 0 < person_id <= MAX_ID:
        raise Http404("No such person.")
    return person_for_viewer(viewer, person_id, related=related)


def admin_of(viewer: Person, person_id: int) -> Person:
    """A person the viewer manages as an admin: 404 if out of reach, 403 if seen but not managed."""
    person = person_in_reach(viewer, person_id)
    if not can_manage_people(viewer):
        raise Forbidden("only admins manage people")
    return person


def evidence_in_reach(viewer: Person, evidence_id: int) -> Evidence:
    if not 0 < evidence_id <= MAX_ID:
        raise Http404("No such evidence.")
    owner_id = Evidence.objects.filter(pk=evidence_id).values_list("person_id", flat=True).first()
    if owner_id is None:
        raise Http404("No such evidence.")
    try:
        owner = person_for_viewer(viewer, owner_id)
    except Http404:
        raise Http404("No such evidence.") from None  # the same answer as for an id that does not exist
    item = evidence_item(owner, evidence_id)
    if item is None:
        raise Http404("No such evidence.")
    return item


def checkin_in_reach(viewer: Person, person_id: int, quarter: str) -> CheckIn:
    person = person_in_reach(viewer, person_id)
    checkins = checkins_visible_to(viewer, person).select_related("person", "signed_off_by")
    checkin = checkins.filter(quarter=quarter).first()
    if checkin is None:
        raise Http404(f"{person.name} has no check-in for {quarter}.")
    return checkin


def snapshot_in_reach(viewer: Person, person_id: int, snapshot_id: int) -> AssessmentSnapshot:
    if not (0 < person_id <= MAX_ID and 0 < snapshot_id <= MAX_ID):
        raise Http404("No such assessment.")
    return snapshot_for_viewer(viewer, person_id, snapshot_id)


def packet_in_reach(viewer: Person, packet_id: int) -> Packet:
    if not 0 < packet_id <= MAX_ID:
        raise Http404("No such promotion packet.")
    return packet_for_viewer(viewer, packet_id)


def colleague(viewer: Person, person_id: int) -> Person | None:
    """Someone of the caller's organisation, named as a reviewer; the service refuses None (422).

    Not limited to the people the caller may see: an engineer asks a manager of another
    team to review their packet.
    """
    if not 0 < person_id <= MAX_ID:
        return None
    return Person.objects.select_related("user").filter(org_id=viewer.org_id, pk=person_id).first()


def bands_in_reach(viewer: Person) -> Person:
    """Salary bands exist only for those who manage them; for anyone else every band route is a 404."""
    if not can_manage_bands(viewer):
        raise Http404("No such salary band.")
    return viewer


def band_in_reach(viewer: Person, band_id: int) -> SalaryBand:
    if not 0 < band_id <= MAX_ID:
        raise Http404("No such salary band.")
    return band_for_viewer(viewer, band_id)
