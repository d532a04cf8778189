"""From stored records to the core's profile: the bridge between the database and the engine.

The server never evaluates a rule itself; it assembles the same `Profile` the CLI reads
from YAML and calls `ladders.core.engine.assess`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from ladders.accounts.models import Person
from ladders.core.dates import Quarter, quarter_parse
from ladders.core.framework import Framework
from ladders.core.profile import Profile, background_of, profile_check
from ladders.core.yamlsource import SourceMap
from ladders.leveling.models import CheckIn, CheckInStatus, Evidence, MaturityAssessment
from ladders.server.prepared import PreparedQuery


def effective_ratings(checkin: CheckIn | None) -> dict[str, int]:
    """Self ratings, overridden skill by skill by the manager's where given."""
    if checkin is None:
        return {}
    ratings = dict(checkin.self_ratings or {})
    ratings.update(checkin.manager_ratings or {})
    return ratings


def latest_checkin(
    person: Person, *, as_of: date | None = None, include_drafts: bool = False
) -> CheckIn | None:
    if as_of is not None and not include_drafts:  # the API's computed assessments ask this
        return _LATEST_CHECKIN.first(person=person.pk, quarter=quarter_of(as_of))
    qs = person.checkins.all()
    if not include_drafts:
        qs = qs.exclude(status=CheckInStatus.DRAFT)
    if as_of is not None:
        qs = qs.filter(quarter__lte=quarter_of(as_of))
    return qs.order_by("-quarter").first()


def last_quarter_of_year(day: date) -> str:
    """The last quarter a live assessment reads check-ins up to: this year's Q4, so a check-in
    already filed for a later quarter of this year counts."""
    return f"{day.year}-Q4"


def latest_checkin_of_year(person: Person, today: date) -> CheckIn | None:
    """The check-in today's live assessment reads (as `ladders.leveling.live` does in bulk)."""
    return _LATEST_CHECKIN.first(person=person.pk, quarter=last_quarter_of_year(today))


# The queries of a computed assessment, compiled once (ladders.server.prepared).
# The check-in with only the columns `profile_of` reads (any other loads when first read):
# converting its notes and four timestamps cost more than the query.
_CHECKIN_INPUTS = (
    "quarter",
    "self_ratings",
    "manager_ratings",
    "time_allocation",
    "criteria",
    "self_assessed_level",
)
_LATEST_CHECKIN = PreparedQuery(
    lambda person, quarter: (
        CheckIn.objects.filter(person_id=person, quarter__lte=quarter)
        .exclude(status=CheckInStatus.DRAFT)
        .order_by("-quarter")
        .only(*_CHECKIN_INPUTS)[:1]
    ),
    person=-918_273_645,
    quarter="placeholder-quarter",
)
# Only the columns `evidence_dict` reads, as plain rows: making a model instance of every
# item (and converting its timestamps and notes) cost more than the rest of the query.
# Oldest first, the order the stored live results read them in (`ladders.leveling.live`),
# so both paths hand the engine the same profile.
_EVIDENCE_COLUMNS = ("slug", "kind", "title", "date", "scope", "skills", "users", "outcome")
_EVIDENCE = PreparedQuery(
    lambda person: (
        Evidence.objects.filter(person_id=person).order_by("date", "id").values_list(*_EVIDENCE_COLUMNS)
    ),
    person=-918_273_645,
)
_MATURITY = {
    with_team: PreparedQuery(
        lambda org, team=None: (
            MaturityAssessment.objects.filter(
                Q(team__isnull=True) | Q(team_id=team) if team is not None else Q(team__isnull=True),
                org_id=org,
            )
            .order_by("-created", "-id")
            .values_list("team_id", "level")
        ),
        org=-918_273_646,
        **({"team": -918_273_647} if with_team else {}),
    )
    for with_team in (True, False)
}


def quarter_of(day: date) -> str:
    return str(Quarter.of(day))


def quarter_end(quarter: str) -> date:
    return quarter_parse(quarter).last_day


def evidence_dict(item: Evidence) -> dict[str, Any]:
    return _evidence_data(*(getattr(item, column) for column in _EVIDENCE_COLUMNS))


def _evidence_data(
    slug: str,
    kind: str,
    title: str,
    day: date,
    scope: str,
    skills: list[str] | None,
    users: str | None,
    outcome: str | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": slug,
        "kind": kind,
        "title": title,
        "date": day,
        "scope": scope,
        "skills": list(skills or []),
    }
    if users:
        data["users"] = users
    if outcome:
        data["outcome"] = outcome
    return data


def org_maturity_level(person: Person) -> int | None:
    """The latest maturity level of the person's team, else the latest org-wide one (one query)."""
    if person.team_id:
        rows = _MATURITY[True].rows(org=person.org_id, team=person.team_id)
    else:
        rows = _MATURITY[False].rows(org=person.org_id)
    org_level = None
    for team_id, level in rows:
        if team_id is not None:
            return level
        if org_level is None:
            org_level = level
    return org_level


def profile_of(
    person: Person,
    fw: Framework,
    *,
    checkin: CheckIn | None = None,
    evidence: list[Evidence] | None = None,
    maturity: int | bool | None = False,
) -> Profile:
    """The person's profile for `fw`; ids the framework no longer knows are left out.

    Leaving unknown ids out (rather than failing) keeps a person assessable after an admin
    activates a framework version that renamed a skill or kind.
    """
    if evidence is not None:
        items = [evidence_dict(e) for e in evidence]
    else:
        items = [_evidence_data(*row) for row in _EVIDENCE.rows(person=person.pk)]
    ratings = {
        k: v
        for k, v in effective_ratings(checkin).items()
        if k in fw.skill_by_id and isinstance(v, int) and fw.rating_scale.min <= v <= fw.rating_scale.max
    }
    data: dict[str, Any] = {
        "name": person.name,
        "background": background_of(fw, person.background),
        "skills": ratings,
        "evidence": [
            _fit(item, fw)
            for item in items
            if item["kind"] in fw.kind_by_id and item["scope"] in fw.scope_rank
        ],
    }
    if person.years_experience is not None:
        data["years_experience"] = float(person.years_experience)
    if checkin is not None:
        allocation = checkin.time_allocation
        if allocation and set(allocation) <= set(fw.activity_ids):
            data["time_allocation"] = {k: float(v) for k, v in allocation.items()}
        known = {str(e["id"]) for e in data["evidence"]}
        met = {
            c: [e for e in cited if e in known]
            for c, cited in (checkin.criteria or {}).items()
            if c in fw.criterion_by_id and isinstance(cited, list)
        }
        if met:
            data["criteria"] = met
        if checkin.self_assessed_level in fw.level_index:
            data["self_assessed_level"] = checkin.self_assessed_level
    level = org_maturity_level(person) if maturity is False else maturity
    if level and fw.maturity and 1 <= level <= len(fw.maturity.levels):
        data["org_maturity"] = level
    if person.base_salary is not None and person.currency and person.market:
        data["compensation"] = {
            "base": float(person.base_salary),
            "currency": person.currency,
            "market": person.market,
        }
    profile = Profile.model_validate(data, strict=False)
    return profile_check(profile, fw, SourceMap("database"))


def _fit(item: dict[str, Any], fw: Framework) -> dict[str, Any]:
    item["skills"] = [s for s in item["skills"] if s in fw.skill_by_id]
    if "users" in item and not fw.kind_by_id[item["kind"]].has_users:
        del item["users"]
    return item
