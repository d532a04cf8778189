"""The facts store: each person's engine inputs as one packed record, kept in step with the rows.

`FactsRecord` holds, per person, what the gate rules read (the ratings of the latest
submitted or signed-off check-in, and each evidence item's kind, date, scope, users,
measurable outcome and skills) packed by `ladders.core.facts_record` against the active
framework. It is written from the rows with the same filters `profiles.profile_of`
applies, so the batch engine over the records gives what `assess` gives over the profiles.

It is kept in step in the places that already forget the stored live assessment: a save or
delete of evidence or a check-in (and a new person) drops the person's record at once and
rewrites it when the transaction commits; activating a framework version queues the rewrite
of the organisation's records for the background worker (`facts_rebuilds`). A record that
is missing or was packed for another framework is rewritten by the next org-wide read
(`org_facts`), so a bulk insert that sends no signals, or a read while the worker has not
caught up, never sees the store wrong, only cold. `ladders facts rebuild` rewrites everything.

Each write also records what the record reaches today (level, next level's failing checks,
the day, and the first later day that could change them), which the team page filters and
sorts on in SQL; `team_levels` reassesses the rows past that day when they are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from numpy.typing import NDArray

from ladders.accounts.models import Organisation, Person
from ladders.core.batch import assess_many, batch_covers
from ladders.core.checks import is_measurable
from ladders.core.facts_arrays import FactsArrays, decode_many
from ladders.core.facts_record import EvidenceFacts, FactsTables, PersonFacts, Users, encode, tables_for
from ladders.core.framework import Framework
from ladders.core.standings import Standings, standings_of
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import CheckIn, CheckInStatus, Evidence, FactsRecord
from ladders.leveling.rewrite_queue import RewriteOnCommit, rewrite_in_batches

WRITE_BATCH = 2000
"""People whose rows are read and records written per round of queries."""


def framework_tables(fw: Framework) -> FactsTables:
    """The tables a store's records are packed against for `fw`."""
    return tables_for(fw)


def person_facts(
    fw: Framework, ratings: dict[str, Any], evidence: Iterable[tuple[str, date, str, str, str, list[str]]]
) -> PersonFacts:
    """The facts `profile_of` would hand the engine, from raw rows.

    `ratings` are the effective ratings (self, overridden by the manager's); each evidence
    row is (kind, date, scope, users, outcome, skills). Ratings off the framework's scale or
    of skills it lacks, and items of kinds or scopes it lacks, are left out, as `profile_of`
    leaves them out; `users` is dropped for a kind that has none.
    """
    scale = fw.rating_scale
    kept = {
        skill: value
        for skill, value in ratings.items()
        if skill in fw.skill_by_id and isinstance(value, int) and scale.min <= value <= scale.max
    }
    items = []
    for kind, day, scope, users, outcome, skills in evidence:
        found = fw.kind_by_id.get(kind)
        if found is None or scope not in fw.scope_rank:
            continue
        items.append(
            EvidenceFacts(
                kind=kind,
                date=day,
                scope=scope,
                users=cast(Users, users or None) if found.has_users else None,
                measurable=is_measurable(outcome or None),
                skills=frozenset(s for s in skills or () if s in fw.skill_by_id),
            )
        )
    return PersonFacts(ratings=kept, evidence=tuple(items))


def reads_alike(packed_for: Framework, other: Framework) -> bool:
    """Whether records packed for `packed_for` hold exactly the facts `profile_of` gives for `other`.

    True when `other` knows no skill or evidence kind the first lacks, ranks the same
    scopes, rates on the same scale and asks `users` of the same kinds: then whatever
    `profile_of` would leave out or keep for `other`, it left out or kept for the first (a
    skill or kind `other` drops is simply never read). A what-if between two such
    frameworks can use the store; any other falls back to reading the rows.
    """
    old, new = packed_for, other
    return (
        all(s.id in old.skill_by_id for s in new.skills)
        and all(k.id in old.kind_by_id for k in new.evidence_kinds)
        and set(new.scope_rank) == set(old.scope_rank)
        and (new.rating_scale.min, new.rating_scale.max) == (old.rating_scale.min, old.rating_scale.max)
        and all(k.has_users == old.kind_by_id[k.id].has_users for k in new.evidence_kinds)
    )


def _ratings(self_ratings: Any, manager_ratings: Any) -> dict[str, Any]:
    ratings = dict(self_ratings or {})
    ratings.update(manager_ratings or {})
    return ratings


def _latest_checkins(ids: Sequence[int]) -> dict[int, tuple[str, dict[str, Any]]]:
    """Each person's latest submitted or signed-off check-in: (quarter, effective ratings)."""
    latest: dict[int, tuple[str, int]] = {}
    keys = (
        CheckIn.objects.filter(person_id__in=ids)
        .exclude(status=CheckInStatus.DRAFT)
        .order_by()
        .values_list("pk", "person_id", "quarter")
    )
    for pk, person_id, quarter in keys:
        if person_id not in latest or quarter > latest[person_id][0]:
            latest[person_id] = (quarter, pk)
    by_pk = {
        pk: _ratings(own, given)
        for pk, own, given in CheckIn.objects.filter(pk__in=[pk for _, pk in latest.values()])
        .order_by()
        .values_list("pk", "self_ratings", "manager_ratings")
    }
    return {person_id: (quarter, by_pk[pk]) for person_id, (quarter, pk) in latest.items()}


def _write(org_id: int, fw: Framework, ids: Sequence[int]) -> int:
    """Read the rows of `ids` (people of one org) and write their records; how many were written."""
    tables = framework_tables(fw)
    evidence: dict[int, list[tuple[str, date, str, str, str, list[str]]]] = {pk: [] for pk in ids}
    rows = (
        Evidence.objects.filter(person_id__in=ids)
        .order_by()
        .values_list("person_id", "kind", "date", "scope", "users", "outcome", "skills")
    )
    for person_id, *item in rows:
        evidence[person_id].append(tuple(item))
    checkins = _latest_checkins(ids)
    records = []
    for pk in ids:
        quarter, ratings = checkins.get(pk, ("", {}))
        facts = person_facts(fw, ratings, evidence[pk])
        records.append(
            FactsRecord(
                person_id=pk,
                org_id=org_id,
                framework_hash=fw.content_hash,
                checkin_quarter=quarter,
                latest_evidence=max((item.date for item in facts.evidence), default=None),
                record=encode(facts, tables),
            )
        )
    today = timezone.localdate()
    standing = record_standings(fw, [cast(bytes, r.record) for r in records], as_of=today)
    if standing is not None:
        for n, row in enumerate(records):
            row.level_rank = int(standing.levels[n])
            row.next_checks = None if standing.next_checks[n] < 0 else int(standing.next_checks[n])
            row.assessed_on = today
            row.valid_until = date.fromordinal(int(standing.until[n]))
    FactsRecord.objects.bulk_create(
        records,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=[
            "org",
            "framework_hash",
            "checkin_quarter",
            "latest_evidence",
            "record",
            "written",
            "level_rank",
            "next_checks",
            "assessed_on",
            "valid_until",
        ],
    )
    return len(records)


def record_standings(fw: Framework, records: Sequence[bytes], *, as_of: date) -> Standings | None:
    """Each record's level on `as_of` and its next level's failing checks, by the batch engine.

    None when the batch engine does not cover `fw`: the team page then assesses the people
    one by one (`team_levels`), from their rows.
    """
    if not batch_covers(fw):
        return None
    facts = decode_many(records, framework_tables(fw))
    return standings_of(assess_many(fw, facts, as_of=as_of), facts, as_of)


def facts_write(
    *,
    org: Organisation,
    person_ids: Sequence[int] | None = None,
    fw: Framework | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rewrite the records of `person_ids` (default: everyone in `org`) from the rows.

    People not in `org` (or deleted meanwhile) are skipped. Returns how many were written;
    `progress` hears (written so far, people in all) after each batch.
    """
    if fw is None:
        _, fw = active_framework(org)
    chosen = fw
    return rewrite_in_batches(
        org, person_ids, lambda ids: _write(org.pk, chosen, ids), batch=WRITE_BATCH, progress=progress
    )


def facts_rebuild(*, orgs: Iterable[Organisation] | None = None) -> dict[str, int]:
    """Rewrite every record of every organisation (or of `orgs`); people written per org name."""
    chosen = list(orgs) if orgs is not None else list(Organisation.objects.order_by("pk"))
    return {org.name: facts_write(org=org) for org in chosen}


@dataclass(frozen=True)
class OrgFactsRecords:
    """An organisation's records decoded for the batch engine; row `i` is person `person_ids[i]`."""

    person_ids: NDArray[np.int64]
    facts: FactsArrays
    rewritten: int
    """How many records this read had to rewrite first (missing or packed for another framework)."""


def org_facts(*, org: Organisation, fw: Framework, people: QuerySet[Person] | None = None) -> OrgFactsRecords:
    """The records of everyone in `org` (or of `people`, a query of its people), in primary-key order.

    Records packed for another framework, and people with none, are rewritten first.
    """
    chosen = Person.objects.filter(org_id=org.pk)
    records = FactsRecord.objects.filter(org_id=org.pk)
    if people is not None:
        chosen = chosen.filter(pk__in=people.order_by().values("pk"))
        records = records.filter(person_id__in=people.order_by().values("pk"))
    wanted = list(chosen.order_by("pk").values_list("pk", flat=True))
    found = {
        pk: bytes(record)
        for pk, record in records.filter(framework_hash=fw.content_hash).values_list("person_id", "record")
    }
    stale = [pk for pk in wanted if pk not in found]
    if stale:
        facts_write(org=org, person_ids=stale, fw=fw)
        for start in range(0, len(stale), WRITE_BATCH):
            rows = FactsRecord.objects.filter(
                person_id__in=stale[start : start + WRITE_BATCH], framework_hash=fw.content_hash
            ).values_list("person_id", "record")
            found.update((pk, bytes(record)) for pk, record in rows)
    ids = [pk for pk in wanted if pk in found]
    return OrgFactsRecords(
        person_ids=np.array(ids, dtype=np.int64),
        facts=decode_many([found[pk] for pk in ids], framework_tables(fw)),
        rewritten=len(stale),
    )


# -- keeping the store in step with the rows --------------------------------------------------

_queue = RewriteOnCommit(FactsRecord, lambda org, ids: facts_write(org=org, person_ids=ids))


def facts_forget(person_id: int) -> None:
    """Drop one person's record now and rewrite it when the transaction commits."""
    _queue.forget(person_id)


def facts_forget_org(org_id: int, *, actor: Person | None = None) -> None:
    """After the active framework changed: queue the rewrite of the organisation's records.

    At 100,000 people the rewrite takes far longer than a request, so the background worker
    does it (`ladders.leveling.facts_rebuilds`); meanwhile `org_facts` rewrites any stale
    record it reads, so every answer stays right.
    """
    from ladders.leveling.facts_rebuilds import facts_rebuild_queue

    facts_rebuild_queue(org_id=org_id, actor=actor)


def _person_input_changed(sender, instance, **kwargs) -> None:
    facts_forget(instance.person_id)


def _person_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created and not raw:
        facts_forget(instance.pk)


def connect_facts() -> None:
    """Evidence and check-ins feed a person's record; a new person gets one on commit."""
    from django.db.models.signals import post_delete, post_save

    for model in (Evidence, CheckIn):
        post_save.connect(_person_input_changed, sender=model, dispatch_uid=f"facts-{model.__name__}-save")
        post_delete.connect(
            _person_input_changed, sender=model, dispatch_uid=f"facts-{model.__name__}-delete"
        )
    post_save.connect(_person_created, sender=Person, dispatch_uid="facts-person-created")
