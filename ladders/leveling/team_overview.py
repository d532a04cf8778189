"""The team page's table over everyone a manager or admin may see, from the facts store.

Levels, readiness and the distribution come from the batch engine over everyone's facts
record at once; the people are read as plain values. Only the page of rows shown gets its
full live assessment (next step, pitfalls), so the page costs the same at 10,000 people as
at 100; the pitfall counts are therefore those of the people on the page. Filters (live
level, team, manager, ready) and the sort are chosen by the viewer; a value that names
nothing the viewer may see is reported and left out, never guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.selectors import people_visible_to
from ladders.core.batch import assess_many, batch_covers
from ladders.core.framework import Framework
from ladders.leveling.facts import org_facts
from ladders.leveling.frameworks import active_framework
from ladders.leveling.live import live_assessments

SORTS = ("name", "level", "team", "manager", "ready")
"""What the table may be sorted by; `level` and `ready` put the highest and the ready first."""


@dataclass
class TeamFilters:
    """The viewer's choices, as given (strings from a form); `problems` says what was refused."""

    level: str = ""
    team: str = ""
    manager: str = ""
    ready: bool = False
    sort: str = "name"
    problems: list[str] = field(default_factory=list)


def _levels(viewer: Person, fw: Framework, people) -> dict[int, int]:
    """Each visible person's live level index: the batch engine, or live assessments if it cannot."""
    if batch_covers(fw):
        stored = org_facts(org=viewer.org, fw=fw, people=people)
        result = assess_many(fw, stored.facts, as_of=timezone.localdate())
        return dict(zip(stored.person_ids.tolist(), result.levels.tolist(), strict=True))
    live = live_assessments(list(people), fw=fw, with_result=False)
    return {pk: fw.level_index[row.level] for pk, row in live.items()}


def _choice(value: str, options: dict[str, Any], what: str, problems: list[str]) -> Any:
    if not value:
        return None
    if value not in options:
        problems.append(f"There is no {what} '{value}' among the people you can see; showing every {what}.")
        return None
    return options[value]


def team_table(
    viewer: Person, *, page: int = 1, per_page: int = 100, filters: TeamFilters | None = None
) -> dict[str, Any]:
    """Everyone the viewer may see (not the viewer): counts over all, one filtered, sorted page of rows."""
    filters = filters or TeamFilters()
    _, fw = active_framework(viewer.org)
    people = people_visible_to(viewer).exclude(pk=viewer.pk)
    values = people.order_by().values_list(
        "pk", "name", "title", "level", "team_id", "team__name", "manager_id", "manager__name"
    )
    levels = _levels(viewer, fw, people)
    summary: list[dict[str, Any]] = []
    for pk, name, title, recorded_id, team_id, team, manager_id, manager in values:
        reached = levels[pk]
        recorded = recorded_id if recorded_id in fw.level_index else None
        summary.append(
            {
                "person": {"pk": pk, "name": name, "title": title, "team": {"name": team} if team else None},
                "level": fw.levels[reached].id,
                "rank": reached,
                "recorded": recorded,
                "ready": recorded is not None and reached > fw.level_index[recorded],
                "team_id": team_id,
                "team": team or "",
                "manager_id": manager_id,
                "manager": manager or "",
            }
        )
    summary.sort(key=lambda r: (r["person"]["name"], r["person"]["pk"]))
    teams = {str(r["team_id"]): r["team"] for r in summary if r["team_id"] is not None}
    managers = {str(r["manager_id"]): r["manager"] for r in summary if r["manager_id"] is not None}
    problems = filters.problems
    level = _choice(filters.level, {lv.id: lv.id for lv in fw.levels}, "level", problems)
    team = _choice(filters.team, {k: int(k) for k in teams}, "team", problems)
    manager = _choice(filters.manager, {k: int(k) for k in managers}, "manager", problems)
    sort = filters.sort if filters.sort in SORTS else "name"
    if filters.sort and filters.sort not in SORTS:
        problems.append(f"The table cannot be sorted by '{filters.sort}'; it is sorted by name.")
    matching = [
        r
        for r in summary
        if (level is None or r["level"] == level)
        and (team is None or r["team_id"] == team)
        and (manager is None or r["manager_id"] == manager)
        and (not filters.ready or r["ready"])
    ]
    if sort == "level":
        matching.sort(key=lambda r: -r["rank"])
    elif sort == "ready":
        matching.sort(key=lambda r: not r["ready"])
    elif sort in ("team", "manager"):
        matching.sort(key=lambda r: (r[sort] == "", r[sort].casefold()))
    pages = max(1, -(-len(matching) // per_page))
    page = min(max(1, page), pages)
    shown = matching[(page - 1) * per_page : page * per_page]
    persons = Person.objects.filter(pk__in=[r["person"]["pk"] for r in shown]).select_related("team", "org")
    live = live_assessments(list(persons), fw=fw)
    rows = [{**r, "result": live[r["person"]["pk"]].result} for r in shown]
    distribution = Counter(r["level"] for r in summary)
    return {
        "framework": fw,
        "rows": rows,
        "page": page,
        "pages": pages,
        "total": len(summary),
        "matching": len(matching),
        "distribution": [(lv, distribution.get(lv.id, 0)) for lv in fw.levels],
        "ready": [r for r in summary if r["ready"]],
        "pitfalls": Counter(p["id"] for row in rows for p in row["result"]["pitfalls"]),
        "filters": filters,
        "choices": {
            "levels": [(lv.id, lv.name) for lv in fw.levels],
            "teams": sorted(teams.items(), key=lambda item: item[1].casefold()),
            "managers": sorted(managers.items(), key=lambda item: item[1].casefold()),
            "sorts": SORTS,
        },
    }
