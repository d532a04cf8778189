"""Reads that span relations. Callers pass the viewer; visibility is checked here or before."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import (
    can_edit_evidence_of,
    can_manage_person,
    can_view_compensation,
    can_view_team,
)
from ladders.accounts.selectors import people_visible_to, person_for_viewer
from ladders.core import limits
from ladders.core.dates import quarter_parse
from ladders.core.engine import assess, marked_level, plan_above
from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import (
    AssessmentSnapshot,
    CheckIn,
    CheckInStatus,
    Evidence,
)
from ladders.leveling.profiles import effective_ratings, latest_checkin, profile_of, quarter_end, quarter_of
from ladders.leveling.team_overview import TeamFilters, team_table


def evidence_of(person: Person, *, kind: str | None = None, search: str | None = None) -> QuerySet[Evidence]:
    qs = Evidence.objects.filter(person=person)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(outcome__icontains=search) | Q(notes__icontains=search))
    return qs.order_by("-date", "-id")


def evidence_item(person: Person, slug_or_pk: str | int) -> Evidence | None:
    qs = Evidence.objects.filter(person=person)
    if isinstance(slug_or_pk, int) or str(slug_or_pk).isdigit():
        found = qs.filter(pk=int(slug_or_pk)).first()
        if found is not None:
            return found
    return qs.filter(slug=str(slug_or_pk)).first()


def checkins_of(person: Person) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(person=person).order_by("-quarter")


def checkins_visible_to(viewer: Person, person: Person) -> QuerySet[CheckIn]:
    """The check-ins of `person` that `viewer` may read, newest quarter first.

    A draft is its author's alone until it is submitted: for their management chain and
    admins it does not exist, so pages and the API answer 404 for it, exactly as for a
    quarter without a check-in. The caller has already checked that `viewer` may see `person`.
    """
    checkins = checkins_of(person)
    if viewer.pk != person.pk:
        checkins = checkins.exclude(status=CheckInStatus.DRAFT)
    return checkins


def level_history(person: Person) -> list[dict[str, Any]]:
    """Frozen levels by date, oldest first; each keeps the framework hash it was made with."""
    rows = (
        AssessmentSnapshot.objects.filter(person=person)
        .order_by("as_of", "id")
        .values("id", "as_of", "level", "framework_hash", "checkin__quarter")
    )
    return [
        {
            "id": r["id"],
            "as_of": r["as_of"],
            "level": r["level"],
            "framework_hash": r["framework_hash"],
            "quarter": r["checkin__quarter"],
        }
        for r in rows
    ]


def snapshot_for_viewer(viewer: Person, person_id: int, snapshot_id: int) -> AssessmentSnapshot:
    """One frozen assessment of a person the viewer may see; 404 for anyone else or another person's id."""
    person = person_for_viewer(viewer, person_id)
    snapshot = (
        AssessmentSnapshot.objects.filter(person=person, pk=snapshot_id)
        .select_related("person", "framework", "checkin")
        .first()
    )
    if snapshot is None:
        raise Http404("No such assessment.")
    return snapshot


def snapshot_citations(snapshot: AssessmentSnapshot, slugs: list[str]) -> list[dict[str, Any]]:
    """Evidence ids as the snapshot recorded them: `{"id", "item"}`, `item` None when nothing was kept."""
    kept = snapshot.evidence or {}
    return [{"id": slug, "item": {"id": slug, **kept[slug]} if slug in kept else None} for slug in slugs]


def team_overview(
    viewer: Person, *, page: int = 1, per_page: int = 100, filters: TeamFilters | None = None
) -> dict[str, Any]:
    """People the viewer may see with their current level, the distribution and who is ready.

    'Ready for promotion' means the evidence supports a higher level than the recorded one.
    Counts, filters and the sort are SQL over the levels stored on the facts records; no
    full assessment is made (`team_overview.team_table`).
    """
    return team_table(viewer, page=page, per_page=per_page, filters=filters)


# -- pages ----------------------------------------------------------------------------------
# Each page of ladders.web asks one of these for everything it shows. Visibility is decided
# here (asking accounts.permissions), never in a view or template. The organisation-wide
# pages (framework, its versions, maturity) read `org_selectors`.


def person_dashboard(*, viewer: Person, person: Person) -> dict[str, Any]:
    """The live assessment of `person` with the evidence each check cites and the level history."""
    from ladders.leveling.services import assessment_for

    version, fw = active_framework(person.org)
    result = assessment_for(person)
    by_slug = {item.slug: item for item in person.evidence.all()}

    def cited(ids: list[str]) -> list[dict[str, Any]]:
        return [{"id": slug, "item": by_slug.get(slug)} for slug in ids]

    gates = [
        {
            **gate,
            "reached": fw.level_index[gate["level"]] <= fw.level_index[result["level"]],
            "is_next": gate["level"] == result["next_level"],
            "checks": [{**check, "cited": cited(check["evidence"])} for check in gate["checks"]],
        }
        for gate in result["gates"]
    ]
    pitfalls = [{**pitfall, "cited": cited(pitfall.get("evidence") or [])} for pitfall in result["pitfalls"]]
    recorded = fw.level_by_id.get(person.level)
    planned = plan_above(fw, result, person.level)
    return {
        "person": person,
        "framework": fw,
        "version": version,
        "result": result,
        # The plan and the skill marks lead to the level above the recorded one.
        "planned": planned,
        "plan_target": fw.level_by_id.get(planned["plan"]["target"] or ""),
        "marks_level": fw.level_by_id[marked_level(planned)],
        "gates": gates,
        "pitfalls": pitfalls,
        "history": level_history_of(person, fw),
        "recorded_level": recorded,
        "evidence_level": fw.level_by_id[result["level"]],
        "recorded_vs_evidence": _compared(fw, recorded.id if recorded else None, result["level"]),
        "show_compensation": can_view_compensation(viewer, person),
        "can_manage": can_manage_person(viewer, person),
        "is_self": viewer.pk == person.pk,
        "checkins": list(checkins_visible_to(viewer, person)[:8]),
    }


def _compared(fw: Framework, recorded: str | None, assessed: str) -> str | None:
    """ "above" or "below" when the recorded level differs from the evidence-based one, else None."""
    if recorded is None or recorded == assessed:
        return None
    return "above" if fw.level_index[recorded] > fw.level_index[assessed] else "below"


def level_history_of(person: Person, fw: Framework) -> list[dict[str, Any]]:
    """`level_history` with names from `fw`; a level `fw` no longer has keeps its id."""
    rows = []
    for row in level_history(person):
        level = fw.level_by_id.get(row["level"])
        rows.append(
            {
                **row,
                "level_name": level.name if level else row["level"],
                "position": fw.level_index.get(row["level"]),
                "current_framework": row["framework_hash"] == fw.content_hash,
            }
        )
    return rows


def evidence_log(*, person: Person, kind: str = "", search: str = "", page: int | str = 1) -> dict[str, Any]:
    """One page of the person's evidence, newest first, with counts for the filter and in all.

    `page` is taken as typed: anything that is not a page number shows the first page, a
    number past the end the last, as the API's offset never fails either.
    """
    _, fw = active_framework(person.org)
    matching = evidence_of(person, kind=kind or None, search=search or None)
    paginator = Paginator(matching, limits.PAGE_SIZE)
    shown = paginator.get_page(page)
    return {
        "person": person,
        "framework": fw,
        "items": list(shown),
        "page": shown,
        "count": paginator.count,
        "total": person.evidence.count() if kind or search else paginator.count,
    }


def evidence_for_editor(*, viewer: Person, person_id: int, evidence_id: int | None = None) -> dict[str, Any]:
    """A person whose evidence the viewer may edit, and one of their items; 404 for anyone else."""
    person = person_for_viewer(viewer, person_id)
    if not can_edit_evidence_of(viewer, person):
        raise Http404("No such evidence.")
    item = None
    if evidence_id is not None:
        item = Evidence.objects.filter(person=person, pk=evidence_id).first()
        if item is None:
            raise Http404("No such evidence.")
    _, fw = active_framework(person.org)
    return {"person": person, "item": item, "framework": fw}


def checkin_overview(*, person: Person) -> dict[str, Any]:
    """The person's check-ins, newest first, and the quarter that is open now."""
    current = quarter_of(timezone.localdate())
    checkins = list(checkins_of(person))
    return {
        "person": person,
        "checkins": checkins,
        "current_quarter": current,
        "current_exists": any(c.quarter == current for c in checkins),
    }


def met_criteria_groups(fw: Framework, met: dict[str, list[str]] | None) -> list[dict[str, Any]]:
    """A check-in's met criteria by topic and level, each with its evidence (none: self-asserted)."""
    met = met or {}
    groups = []
    for category in fw.category_list:
        levels = []
        for level in fw.levels:
            rows = [
                {"criterion": c, "evidence": met[c.id]}
                for c in fw.criteria_of(level.id).get(category.id, [])
                if c.id in met
            ]
            if rows:
                levels.append({"level": level, "rows": rows})
        if levels:
            groups.append({"topic": category, "levels": levels})
    return groups


def checkin_for_self(*, person: Person, quarter: str) -> dict[str, Any]:
    """The person's own check-in for a quarter (drafts included), or what a new one starts from.

    A new check-in starts from the latest earlier one, so nobody re-enters 44 ratings.
    """
    _, fw = active_framework(person.org)
    checkin = CheckIn.objects.filter(person=person, quarter=quarter).first()
    start = checkin
    if start is None:
        start = CheckIn.objects.filter(person=person, quarter__lt=quarter).order_by("-quarter").first()
    ratings = effective_ratings(start) if checkin is None else dict(checkin.self_ratings or {})
    return {
        "person": person,
        "framework": fw,
        "quarter": quarter,
        "checkin": checkin,
        "initial": {
            "ratings": ratings,
            "time_allocation": (start.time_allocation if start else None) or {},
            "criteria": (start.criteria if start else None) or {},
            "self_assessed_level": start.self_assessed_level if start else "",
            "notes": checkin.notes if checkin else "",
            "revision": checkin.revision if checkin else 0,
        },
        "snapshot": AssessmentSnapshot.objects.filter(checkin=checkin).first() if checkin else None,
        "criteria_met": met_criteria_groups(fw, checkin.criteria if checkin else None),
    }


def checkin_for_manager(*, viewer: Person, person_id: int, quarter: str) -> dict[str, Any]:
    """A report's submitted or signed-off check-in, with what a manager needs to sign it off well.

    Besides the check-in: the person's evidence dated in the quarter, their time split by
    activity, each skill's self rating beside the manager's, and the level signing off
    would record with the ratings as they stand (the engine's answer, as the sign-off's).
    404 unless the viewer may sign it off.
    """
    person = person_for_viewer(viewer, person_id)
    checkin = checkins_visible_to(viewer, person).filter(quarter=quarter).first()
    if checkin is None or not can_manage_person(viewer, person):
        raise Http404("No such check-in.")
    _, fw = active_framework(person.org)
    period = quarter_parse(checkin.quarter)
    evidence = list(
        person.evidence.filter(date__gte=period.first_day, date__lte=period.last_day).order_by("date", "id")
    )
    allocation = checkin.time_allocation or {}
    return {
        "person": person,
        "framework": fw,
        "checkin": checkin,
        "initial": {
            "ratings": {**(checkin.self_ratings or {}), **(checkin.manager_ratings or {})},
            "manager_notes": checkin.manager_notes,
            "revision": checkin.revision,
        },
        "snapshot": AssessmentSnapshot.objects.filter(checkin=checkin).first(),
        "criteria_met": met_criteria_groups(fw, checkin.criteria),
        "quarter_evidence": [
            {"item": item, "kind": fw.kind_by_id.get(item.kind), "skills": _skill_names(fw, item.skills)}
            for item in evidence
        ],
        "time_split": [
            {"activity": activity, "share": allocation[activity.id]}
            for activity in fw.activities
            if allocation.get(activity.id)
        ],
        "skill_rows": _skill_rows(fw, checkin.self_ratings or {}, checkin.manager_ratings or {}),
        "signing_level": fw.level_by_id[sign_off_outcome(person=person, checkin=checkin)["level"]],
    }


def _skill_names(fw: Framework, skills: list[str] | None) -> list[str]:
    return [fw.skill_by_id[s].name for s in skills or [] if s in fw.skill_by_id]


def _skill_rows(fw: Framework, own: dict[str, int], given: dict[str, int]) -> list[dict[str, Any]]:
    """Each skill with its self rating and the manager's, as named values (None: not rated)."""
    values = {v.value: v for v in fw.rating_scale.values}
    return [
        {
            "skill": skill,
            "self": values.get(own.get(skill.id, -1)),
            "manager": values.get(given.get(skill.id, -1)),
        }
        for skill in fw.skills
    ]


def sign_off_outcome(
    *, person: Person, checkin: CheckIn, manager_ratings: dict[str, int] | None = None
) -> AssessmentResult:
    """The assessment signing `checkin` off would freeze, with `manager_ratings` if given.

    The same profile and date as `checkin_sign_off` uses; nothing is written.
    """
    _, fw = active_framework(person.org)
    trial = CheckIn(
        person=person,
        quarter=checkin.quarter,
        self_ratings=checkin.self_ratings,
        manager_ratings=checkin.manager_ratings if manager_ratings is None else manager_ratings,
        time_allocation=checkin.time_allocation,
        self_assessed_level=checkin.self_assessed_level,
    )
    as_of = min(quarter_end(checkin.quarter), timezone.localdate())
    return assess(fw, profile_of(person, fw, checkin=trial), as_of=as_of)


def checkins_awaiting_sign_off(viewer: Person) -> list[CheckIn]:
    below = people_visible_to(viewer).exclude(pk=viewer.pk).values("pk")
    return list(
        CheckIn.objects.filter(person_id__in=below, status=CheckInStatus.SUBMITTED)
        .select_related("person")
        .order_by("quarter", "person__name")
    )


def team_page(*, viewer: Person, page: int = 1, filters: TeamFilters | None = None) -> dict[str, Any]:
    """The team overview for managers and admins; 404 for everyone else."""
    if not can_view_team(viewer):
        raise Http404("No team to show.")
    overview = team_overview(viewer, page=page, filters=filters)
    return {**overview, "awaiting": checkins_awaiting_sign_off(viewer)}


__all__ = [
    "checkin_for_manager",
    "checkin_for_self",
    "checkin_overview",
    "checkins_awaiting_sign_off",
    "checkins_of",
    "checkins_visible_to",
    "evidence_for_editor",
    "evidence_item",
    "evidence_log",
    "evidence_of",
    "latest_checkin",
    "level_history",
    "level_history_of",
    "person_dashboard",
    "sign_off_outcome",
    "snapshot_citations",
    "snapshot_for_viewer",
    "team_overview",
    "team_page",
]
