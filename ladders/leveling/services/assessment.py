"""The live assessment of a person, or one for another day or target, computed on the spot."""

from __future__ import annotations

from datetime import date

from ladders.accounts.models import Person
from ladders.core.engine import assess
from ladders.core.errors import InputError
from ladders.core.results import AssessmentResult
from ladders.leveling.frameworks import active_framework_of
from ladders.leveling.live import live_result, live_result_json
from ladders.leveling.profiles import latest_checkin, profile_of
from ladders.leveling.services.refusals import input_refusal
from ladders.server.json_text import json_text


def assessment_for(
    person: Person, *, as_of: date | None = None, target: str | None = None
) -> AssessmentResult:
    """The live assessment: latest submitted or signed-off check-in plus all evidence.

    Today's plain assessment comes from the stored live result; a past date or another
    target is computed on the spot.
    """
    if as_of is None and target is None:
        return live_result(person)
    _version, fw = active_framework_of(person.org_id)
    checkin = latest_checkin(person, as_of=as_of)
    try:
        return assess(fw, profile_of(person, fw, checkin=checkin), as_of=as_of, target=target)
    except InputError as error:
        raise input_refusal(error) from None


def assessment_json_for(person: Person, *, as_of: date | None = None, target: str | None = None) -> str:
    """`assessment_for` as JSON text: today's stored result is served as stored, unparsed."""
    if as_of is None and target is None:
        return live_result_json(person)
    return json_text(assessment_for(person, as_of=as_of, target=target))
