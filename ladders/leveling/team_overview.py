"""The team page's table over everyone a manager or admin may see, counted and sorted in SQL.

Each person's level today and the failing checks of their next level are stored on their
facts record (`team_levels`, brought up to today first), so the counts, the distribution,
the filters (live level, team, manager, ready), the sort and the page of rows are queries
over the people the viewer may see: the page reads the rows it shows and a few counts,
and costs about the same at 10,000 people as at 100. Readiness (a stored level above the
recorded one) is compared in SQL against `Person.level`, so a recorded-level edit shows at
once. Nothing on the page needs a person's full assessment: the explanation, the plan's
steps and the pitfalls are on the person's own page. A filter value that names nothing the
viewer may see is reported and left out, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.selectors import people_visible_to
from ladders.core.framework import Framework
from ladders.leveling.frameworks import active_framework
from ladders.leveling.team_levels import team_levels_refresh

SORTS = ("name", "level", "team", "manager", "ready")
"""What the table may be sorted by; `level` and `ready` put the highest and the ready first."""

READY_SHOWN = 25
"""People named in the 'ready for promotion' list; the rest are a click away (the ready filter)."""


@dataclass
class TeamFilters:
    """The viewer's choices, as given (strings from a form); `problems` says what was refused."""

    level: str = ""
    team: str = ""
    manager: str = ""
    ready: bool = False
    sort: str = "name"
    problems: list[str] = field(default_factory=list)


def _choice(value: str, options: dict[str, Any], what: str, problems: list[str]) -> Any:
    if not value:
        return None
    if value not in options:
        problems.append(f"There is no {what} '{value}' among the people you can see; showing every {what}.")
        return None
    return options[value]


def _recorded_rank(fw: Framework) -> Case:
    """The index of `Person.level` in the framework's levels; NULL for a level it lacks (or none)."""
    return Case(
        *[When(level=lv.id, then=Value(index)) for index, lv in enumerate(fw.levels)],
        default=None,
        output_field=IntegerField(),
    )


def _stored(people: QuerySet[Person], fw: Framework) -> QuerySet[Person]:
    """`people` joined to their records packed for `fw` only, with `rank` and `following`.

    Joining on the person and the framework hash lets the database read the stored levels
    from the records' index alone, never the packed records; a record of another framework
    reads as none (stale).
    """
    return people.annotate(
        stored=FilteredRelation("facts", condition=Q(facts__framework_hash=fw.content_hash))
    ).annotate(rank=F("stored__level_rank"), following=F("stored__next_checks"))


def _standing(people: QuerySet[Person], fw: Framework) -> QuerySet[Person]:
    """`people` with `rank` (stored level index), `following` (next checks) and `ready`."""
    return (
        _stored(people, fw)
        .annotate(recorded_rank=_recorded_rank(fw))
        .annotate(
            ready=Case(
                When(rank__gt=F("recorded_rank"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def _groups(people: QuerySet[Person], fw: Framework) -> list[tuple[int | None, str, bool, int]]:
    """(stored level index, recorded level, stored for today under `fw`, people): one scan for
    the counts, the distribution, readiness and whether any stored level needs refreshing."""
    today = timezone.localdate()
    fresh = Q(rank__isnull=False, stored__assessed_on__lte=today, stored__valid_until__gt=today)
    return list(
        _stored(people.order_by(), fw)
        .annotate(
            fresh=Case(When(fresh, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .values_list("rank", "level", "fresh")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _named(people: QuerySet[Person], key: str, name: str) -> dict[str, str]:
    """The distinct teams (or managers) of `people`: id as a form value -> name."""
    found = people.exclude(**{f"{key}__isnull": True}).order_by().values_list(key, name).distinct()
    return {str(pk): label or "" for pk, label in found}


def _order(sort: str) -> list[Any]:
    if sort == "level":
        return [F("rank").desc(nulls_last=True), "name", "pk"]
    if sort == "ready":
        return [F("ready").desc(), "name", "pk"]
    if sort in ("team", "manager"):
        return [Lower(f"{sort}__name").asc(nulls_last=True), "name", "pk"]
    return ["name", "pk"]


def _row(fw: Framework, values: dict[str, Any]) -> dict[str, Any]:
    rank, recorded = values["rank"], values["recorded_rank"]
    level = fw.levels[rank] if rank is not None else None
    following = fw.levels[rank + 1] if rank is not None and rank + 1 < len(fw.levels) else None
    team = values["team__name"]
    return {
        "person": {
            "pk": values["pk"],
            "name": values["name"],
            "title": values["title"],
            "team": {"name": team} if team is not None else None,
        },
        "level": level.id if level else None,
        "level_name": level.name if level else None,
        "recorded": fw.levels[recorded].id if recorded is not None else None,
        "ready": values["ready"],
        "next_level": following.id if following else None,
        "next_checks": values["following"],
    }


ROW_FIELDS = ("pk", "name", "title", "team__name", "rank", "recorded_rank", "ready", "following")


def team_table(
    viewer: Person, *, page: int = 1, per_page: int = 100, filters: TeamFilters | None = None
) -> dict[str, Any]:
    """Everyone the viewer may see (not the viewer): counts over all, one filtered, sorted page of rows."""
    filters = filters or TeamFilters()
    _, fw = active_framework(viewer.org)
    people = people_visible_to(viewer).exclude(pk=viewer.pk)
    groups = _groups(people, fw)
    if not all(fresh for _, _, fresh, _ in groups):  # the first visit of the day, or new people
        team_levels_refresh(org=viewer.org, fw=fw, people=people)
        groups = _groups(people, fw)
    standing = _standing(people.order_by(), fw)

    distribution = [0] * len(fw.levels)
    total = ready_total = 0
    for rank, recorded, _, count in groups:
        total += count
        if rank is not None:
            distribution[rank] += count
            if recorded in fw.level_index and rank > fw.level_index[recorded]:
                ready_total += count

    teams = _named(people, "team_id", "team__name")
    managers = _named(people, "manager_id", "manager__name")
    problems = filters.problems
    level = _choice(filters.level, {lv.id: n for n, lv in enumerate(fw.levels)}, "level", problems)
    team = _choice(filters.team, {k: int(k) for k in teams}, "team", problems)
    manager = _choice(filters.manager, {k: int(k) for k in managers}, "manager", problems)
    sort = filters.sort if filters.sort in SORTS else "name"
    if filters.sort and filters.sort not in SORTS:
        problems.append(f"The table cannot be sorted by '{filters.sort}'; it is sorted by name.")

    chosen = Q()
    if level is not None:
        chosen &= Q(rank=level)
    if team is not None:
        chosen &= Q(team_id=team)
    if manager is not None:
        chosen &= Q(manager_id=manager)
    if filters.ready:
        chosen &= Q(ready=True)
    matching_people = standing.filter(chosen)
    matching = matching_people.count() if chosen else total
    pages = max(1, -(-matching // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    shown = matching_people.order_by(*_order(sort)).values(*ROW_FIELDS)[start : start + per_page]
    ready = (
        standing.filter(Q(ready=True)).order_by("name", "pk").values(*ROW_FIELDS)[:READY_SHOWN]
        if ready_total
        else []
    )
    return {
        "framework": fw,
        "rows": [_row(fw, values) for values in shown],
        "page": page,
        "pages": pages,
        "total": total,
        "matching": matching,
        "distribution": list(zip(fw.levels, distribution, strict=True)),
        "ready": [_row(fw, values) for values in ready],
        "ready_total": ready_total,
        "filters": filters,
        "choices": {
            "levels": [(lv.id, lv.name) for lv in fw.levels],
            "teams": sorted(teams.items(), key=lambda item: item[1].casefold()),
            "managers": sorted(managers.items(), key=lambda item: item[1].casefold()),
            "sorts": SORTS,
        },
    }
