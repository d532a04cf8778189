"""Reading many people's records at once, for org-wide tables (calibration, framework what-if).

People are read in batches by primary key; each batch costs a fixed handful of queries
(people, evidence, check-in keys, the check-ins used, level history), never one per
person, and only one batch is held in memory at a time. The benchmark times exactly these
reads as the floor that the computations are compared with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from ladders.accounts.models import Person
from ladders.core.framework import Framework
from ladders.core.profile import Profile
from ladders.leveling.models import AssessmentSnapshot, CheckIn, CheckInStatus, Evidence, MaturityAssessment
from ladders.leveling.profiles import profile_of

BATCH_SIZE = 1000
EVIDENCE_FIELDS = ("person", "slug", "kind", "title", "date", "scope", "users", "outcome", "skills")
CHECKIN_FIELDS = (
    "person",
    "quarter",
    "status",
    "self_ratings",
    "manager_ratings",
    "time_allocation",
    "self_assessed_level",
    "criteria",
    "signed_off_by",
)


@dataclass(slots=True)
class Record:
    person: Person
    evidence: list[Evidence] = field(default_factory=list)
    # The latest submitted or signed-off check-in: what the live assessment reads.
    checkin: CheckIn | None = None
    # The latest signed-off check-in: the self and manager ratings calibration compares.
    signed_off: CheckIn | None = None
    # Frozen levels, oldest first, as (as_of, level); read only when asked for.
    history: list[tuple[date, str]] = field(default_factory=list)
    maturity: int | None = None


def maturity_levels(org_id: int) -> tuple[int | None, dict[int, int]]:
    """The latest org-wide maturity level and the latest per team (as `org_maturity_level` reads)."""
    org_level: int | None = None
    by_team: dict[int, int] = {}
    seen_org = False
    rows = MaturityAssessment.objects.filter(org_id=org_id).order_by("-created", "-id")
    for team_id, level in rows.values_list("team_id", "level"):
        if team_id is None:
            if not seen_org:
                org_level, seen_org = level, True
        else:
            by_team.setdefault(team_id, level)
    return org_level, by_team


def records_of(
    people: QuerySet[Person],
    *,
    signed_off: bool = False,
    history: bool = False,
    evidence: bool = True,
    quarter: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Record]:
    """Each person of `people` (in primary-key order) with the records an assessment needs.

    Without `evidence` the evidence rows are not read (a caller that takes its levels from
    the facts store needs only the people, check-ins and history).

    With `quarter`, check-ins after it are left out and the signed-off one is that quarter's
    own (a cycle's calibration compares the ratings of that cycle only).
    """
    maturity: tuple[int | None, dict[int, int]] | None = None
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return
        last = batch[-1].pk
        if maturity is None:
            maturity = maturity_levels(batch[0].org_id)
        org_level, by_team = maturity
        records = {
            p.pk: Record(person=p, maturity=by_team.get(p.team_id, org_level) if p.team_id else org_level)
            for p in batch
        }
        ids = list(records)
        if evidence:
            for item in Evidence.objects.filter(person_id__in=ids).only(*EVIDENCE_FIELDS):
                records[item.person_id].evidence.append(item)
        _attach_checkins(records, ids, signed_off, quarter)
        if history:
            rows = (
                AssessmentSnapshot.objects.filter(person_id__in=ids)
                .order_by("person_id", "as_of", "id")
                .values_list("person_id", "as_of", "level")
            )
            for person_id, as_of, level in rows:
                records[person_id].history.append((as_of, level))
        yield from records.values()


def _attach_checkins(
    records: dict[int, Record], ids: list[int], signed_off: bool, quarter: str | None = None
) -> None:
    """Read the keys of every check-in first, then the ratings of only the one or two used."""
    latest: dict[int, tuple[str, int]] = {}
    latest_signed: dict[int, tuple[str, int]] = {}
    found = CheckIn.objects.filter(person_id__in=ids)
    if quarter is not None:
        found = found.filter(quarter__lte=quarter)
    keys = (
        found.exclude(status=CheckInStatus.DRAFT)
        .order_by()
        .values_list("pk", "person_id", "quarter", "status")
    )
    for pk, person_id, checkin_quarter, status in keys:
        if person_id not in latest or checkin_quarter > latest[person_id][0]:
            latest[person_id] = (checkin_quarter, pk)
        if (
            signed_off
            and status == CheckInStatus.SIGNED_OFF
            and (quarter is None or checkin_quarter == quarter)
            and (person_id not in latest_signed or checkin_quarter > latest_signed[person_id][0])
        ):
            latest_signed[person_id] = (checkin_quarter, pk)
    wanted = {pk for _, pk in latest.values()} | {pk for _, pk in latest_signed.values()}
    if not wanted:
        return
    by_pk = {c.pk: c for c in CheckIn.objects.filter(pk__in=wanted).order_by().only(*CHECKIN_FIELDS)}
    for person_id, (_, pk) in latest.items():
        records[person_id].checkin = by_pk[pk]
    for person_id, (_, pk) in latest_signed.items():
        records[person_id].signed_off = by_pk[pk]


def profile_for(record: Record, fw: Framework) -> Profile:
    """The person's profile for `fw` from the record, without another query."""
    return profile_of(
        record.person, fw, checkin=record.checkin, evidence=record.evidence, maturity=record.maturity
    )
