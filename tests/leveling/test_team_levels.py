"""The team page's stored levels are `assess`'s, after every kind of write and on every day.

Each person's stored level and next-level shortfall (on their facts record) must equal what
`assess` says about the profile `profile_of` builds from their rows, today; readiness must
compare that level with the recorded one as it is now. Random organisations and random
sequences of writes come from hypothesis, under a framework whose evidence gate has a
recency window so that moving the clock on changes levels.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import yaml
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ladders.accounts.models import Person
from ladders.core.engine import assess
from ladders.leveling import services
from ladders.leveling.bulk import profile_for, records_of
from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import FactsRecord
from ladders.leveling.team_levels import team_levels_refresh
from ladders.leveling.team_overview import team_table
from tests.framework_ids import LEVEL
from tests.leveling.test_facts_store import QUARTERS, changed_framework, write
from tests.minimum_profiles import minimum_profile
from tests.org_fixtures import add_engineer, make_org
from tests.records import give_evidence

REAL_LOCALDATE = timezone.localdate
VERSIONS = itertools.count()
ORG_NAMES = (f"Team levels org {n}" for n in itertools.count())
WRITES = ("add", "edit", "delete", "save", "submit", "sign_off", "activate", "recorded_level", "next_day")


def windowed(org) -> str:
    """The active framework with every evidence gate counting only the last 120 days."""
    data = yaml.safe_load(active_version(org).yaml_text)
    for level in data["levels"]:
        for gate in level.get("gates", []):
            if "evidence" in gate["rule"]:
                gate["rule"]["evidence"]["within_days"] = 120
    data["version"] = "windowed"
    return yaml.safe_dump(data, sort_keys=False)


def expected(org) -> dict[int, tuple[int, int | None]]:
    """Each person's (level index, plan steps to the next level or None at the top), by `assess`."""
    _, fw = active_framework(org)
    today = timezone.localdate()
    out = {}
    for record in records_of(Person.objects.filter(org=org)):
        result = assess(fw, profile_for(record, fw), as_of=today)
        steps = len(result["plan"]["steps"]) if result["next_level"] else None
        out[record.person.pk] = (fw.level_index[result["level"]], steps)
    return out


def stored(org) -> dict[int, tuple[int, int | None]]:
    _, fw = active_framework(org)
    team_levels_refresh(org=org, fw=fw, people=Person.objects.filter(org=org))
    rows = FactsRecord.objects.filter(org=org, framework_hash=fw.content_hash)
    return {
        pk: (rank, following)
        for pk, rank, following in rows.values_list("person_id", "level_rank", "next_checks")
    }


def ready_by_assess(org, levels: dict[int, tuple[int, int | None]], viewer) -> set[int]:
    _, fw = active_framework(org)
    recorded = dict(Person.objects.filter(org=org).exclude(pk=viewer.pk).values_list("pk", "level"))
    return {
        pk
        for pk, level in recorded.items()
        if level in fw.level_index and levels[pk][0] > fw.level_index[level]
    }


def ready_on_page(viewer) -> set[int]:
    table = team_table(viewer, per_page=1000, filters=None)
    return {row["person"]["pk"] for row in table["rows"] if row["ready"]}


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_stored_levels_are_assess_levels_after_every_kind_of_write(
    data, django_capture_on_commit_callbacks, monkeypatch
):
    name = next(ORG_NAMES)
    acme = make_org(name)
    people = [acme.engineer, acme.outsider]
    people += [
        add_engineer(acme, f"{name} engineer {n}", acme.manager) for n in range(data.draw(st.integers(0, 2)))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.framework_upload(actor=acme.admin, text=windowed(acme.org), activate=True)
        for person in people:  # each at some level, on evidence a window will drop
            start = minimum_profile(data.draw(st.sampled_from(list(LEVEL))))
            give_evidence(person, start)
            services.checkin_save(
                actor=person, person=person, quarter=QUARTERS[-1], self_ratings=start["skills"], submit=True
            )
    monkeypatch.setattr(timezone, "localdate", REAL_LOCALDATE)  # an earlier example moved the clock
    days = 0
    kinds = data.draw(st.lists(st.sampled_from(WRITES), min_size=len(WRITES), max_size=14))
    for kind in [*WRITES, *kinds]:
        if kind == "next_day":
            days += data.draw(st.sampled_from([1, 30, 61, 200]))
            shifted = REAL_LOCALDATE() + timedelta(days=days)
            monkeypatch.setattr(timezone, "localdate", lambda *args, _day=shifted, **kwargs: _day)
        elif kind == "recorded_level":
            _, fw = active_framework(acme.org)
            person = data.draw(st.sampled_from(people))
            person.level = data.draw(st.sampled_from(["", *[lv.id for lv in fw.levels]]))
            person.save()
        elif kind == "activate":  # a changed gate, as the facts store's test makes it, kept short
            changed = yaml.safe_load(changed_framework(acme.org, data.draw))
            changed["version"] = f"v{next(VERSIONS)}"
            with django_capture_on_commit_callbacks(execute=True):
                services.framework_upload(actor=acme.admin, text=yaml.safe_dump(changed), activate=True)
        else:
            with django_capture_on_commit_callbacks(execute=True):
                write(acme.org, people, acme.admin, data.draw, kind)
        levels = expected(acme.org)
        assert stored(acme.org) == levels, kind
        assert ready_on_page(acme.admin) == ready_by_assess(acme.org, levels, acme.admin), kind


def test_a_level_that_no_longer_holds_is_reassessed_by_the_next_read_and_the_rest_are_left(acme, fw):
    people = Person.objects.filter(org=acme.org)
    team_levels_refresh(org=acme.org, fw=fw, people=people)  # writes the records the fixture's commit did not
    assert team_levels_refresh(org=acme.org, fw=fw, people=people) == 0
    FactsRecord.objects.filter(person=acme.engineer).update(valid_until=timezone.localdate())
    assert team_levels_refresh(org=acme.org, fw=fw, people=people) == 1
    assert team_levels_refresh(org=acme.org, fw=fw, people=people) == 0
    assert stored(acme.org) == expected(acme.org)


def test_under_a_framework_the_batch_engine_cannot_read_levels_come_from_assessing_each_person(
    acme, django_capture_on_commit_callbacks
):
    """A checklist ladder gates on met criteria, which facts records do not hold."""
    from tests.checklist_ladder import CHECKLIST_YAML

    with django_capture_on_commit_callbacks(execute=True):
        services.framework_upload(actor=acme.admin, text=CHECKLIST_YAML, activate=True)
        met = ["craft.1.1", "people.1.1", "craft.2.1", "craft.2.2", "people.2.1"]
        services.checkin_save(
            actor=acme.engineer,
            person=acme.engineer,
            quarter=QUARTERS[-1],
            self_ratings={},
            criteria={criterion: [] for criterion in met},
            submit=True,
        )
    _, fw = active_framework(acme.org)
    levels = expected(acme.org)
    assert levels[acme.engineer.pk][0] == fw.level_index["two"]
    assert stored(acme.org) == levels
    rows = {row["person"]["pk"]: row["level"] for row in team_table(acme.admin)["rows"]}
    assert rows[acme.engineer.pk] == "two" and rows[acme.outsider.pk] == "one"
