"""Organisation maturity: managers and admins record how far the organisation has come."""

from __future__ import annotations

from django.db import transaction
from pydantic import ValidationError

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_record_maturity
from ladders.core.errors import InputError
from ladders.core.maturity import MaturityAnswers, answers_check, maturity_assess
from ladders.core.validation import problems_from
from ladders.core.yamlsource import SourceMap
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import MaturityAssessment
from ladders.leveling.services.refusals import input_refusal
from ladders.server.errors import Forbidden


@transaction.atomic
def maturity_record(
    *, actor: Person, org_name: str, phases: dict[str, int], team_id: int | None = None
) -> MaturityAssessment:
    if not can_record_maturity(actor):
        raise Forbidden("only managers and admins record org maturity")
    _version, fw = active_framework(actor.org)
    try:
        answers = MaturityAnswers.model_validate({"org": org_name, "phases": phases})
        answers_check(answers, fw, SourceMap("maturity"))
    except ValidationError as error:
        raise input_refusal(InputError(problems_from(error, SourceMap("maturity")))) from None
    except InputError as error:
        raise input_refusal(error) from None
    result = maturity_assess(fw, answers)
    record = MaturityAssessment.objects.create(
        org=actor.org,
        team_id=team_id,
        answers=answers.model_dump(),
        level=result["level"],
        result=result,
        framework_hash=fw.content_hash,
        created_by=actor,
    )
    audit(
        actor,
        "maturity.recorded",
        org_id=actor.org_id,
        subject=str(team_id or "org"),
        after={"level": result["level"]},
    )
    return record
