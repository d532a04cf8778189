"""The batch engine over the facts store gives everyone what `assess` gives them over the rows.

Differential tests on the database (SQLite, and PostgreSQL with LADDERS_TEST_POSTGRES):
random orgs stored as rows, some of them left over from older frameworks (kinds, scopes
and skills the framework no longer has, ratings off its scale), and the bench's own org.
The org-wide views that read the store (calibration, the what-if) give the same tables as
their person-by-person fallback.
"""

from __future__ import annotations

import copy
import itertools
from datetime import timedelta

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bench.calibration_bench import build_calibration_org, changed_framework_text
from ladders.accounts.models import Organisation, Person, Role
from ladders.core.batch import assess_many
from ladders.core.framework import Framework
from ladders.core.profile import Profile
from ladders.leveling import calibration, framework_review, services
from ladders.leveling.bulk import profile_for, records_of
from ladders.leveling.calibration import calibration_tables
from ladders.leveling.facts import org_facts
from ladders.leveling.framework_review import explain_moves, version_what_if
from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import CheckIn, CheckInStatus, Evidence
from tests.core.batch_orgs import AS_OF, people, reference

ORG_NAMES = (f"Batch store org {n}" for n in itertools.count())


def store_org(profiles: list[Profile], leftovers: list[bool]) -> Organisation:
    """An org whose people have the profiles' evidence and ratings as rows (no signals sent)."""
    from django.contrib.auth import get_user_model

    org = Organisation.objects.create(name=next(ORG_NAMES))
    _, fw = active_framework(org)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{org.pk}.{n}") for n in range(len(profiles))
    )
    staff = Person.objects.bulk_create(
        Person(user=user, org=org, name=f"Person {n}", role=Role.ENGINEER) for n, user in enumerate(users)
    )
    rows, checkins = [], []
    for person, profile, leftover in zip(staff, profiles, leftovers, strict=True):
        for n, item in enumerate(profile.evidence):
            rows.append(
                Evidence(
                    person=person,
                    slug=f"e{n}",
                    kind=item.kind,
                    title=item.title,
                    date=item.date,
                    scope=item.scope or fw.scopes[0],
                    users=item.users or "",
                    outcome=item.outcome or "",
                    skills=list(item.skills),
                )
            )
        ratings: dict[str, object] = dict(profile.skills)
        if leftover:  # rows an older framework allowed: the profile leaves them out
            rows += [
                Evidence(
                    person=person,
                    slug="old-kind",
                    kind="retired_kind",
                    title="Old",
                    date=AS_OF,
                    scope=fw.scopes[0],
                ),
                Evidence(
                    person=person,
                    slug="old-scope",
                    kind=fw.evidence_kinds[0].id,
                    title="Old",
                    date=AS_OF,
                    scope="galaxy",
                ),
            ]
            ratings.update({"retired_skill": 3, fw.skills[0].id: fw.rating_scale.max + 1})
        checkins.append(
            CheckIn(person=person, quarter="2026-Q3", status=CheckInStatus.SUBMITTED, self_ratings=ratings)
        )
        checkins.append(
            CheckIn(person=person, quarter="2026-Q4", status=CheckInStatus.DRAFT, self_ratings={})
        )
    Evidence.objects.bulk_create(rows)
    CheckIn.objects.bulk_create(checkins)
    return org


def assert_batch_is_assess(org: Organisation, fw: Framework) -> None:
    stored = org_facts(org=org, fw=fw)
    result = assess_many(fw, stored.facts, as_of=AS_OF)
    row_of = {pk: row for row, pk in enumerate(stored.person_ids.tolist())}
    records = list(records_of(Person.objects.filter(org=org)))
    assert sorted(row_of) == [r.person.pk for r in records]
    for record in records:
        row = row_of[record.person.pk]
        expected = reference(fw, profile_for(record, fw), AS_OF)
        assert (result.level_id(row), result.passed[row].tolist()) == expected, record.person.name


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_orgs_from_the_store_get_the_levels_and_checks_assess_gives_their_rows(data, fw):
    profiles = data.draw(st.lists(people(fw), min_size=1, max_size=10))
    leftovers = data.draw(st.lists(st.booleans(), min_size=len(profiles), max_size=len(profiles)))
    org = store_org(profiles, leftovers)
    assert_batch_is_assess(org, active_framework(org)[1])


@pytest.fixture
def bench_org(db):
    return build_calibration_org(60, log=lambda *_: None)


def test_the_bench_org_from_the_store_gets_the_levels_and_checks_assess_gives(bench_org):
    from tests.leveling.test_facts_store import expected_records, stored_records

    org = bench_org["org"]
    assert stored_records(org) == expected_records(org)  # the bench packs its store as the server does
    assert_batch_is_assess(org, active_framework(org)[1])


def test_calibration_from_the_store_equals_assessing_everyone_from_the_rows(bench_org, monkeypatch):
    admin = bench_org["admin"]
    manager = Person.objects.filter(org=bench_org["org"], role=Role.MANAGER).first()
    batched = calibration_tables(viewer=admin), calibration_tables(viewer=admin, manager_id=manager.pk)
    monkeypatch.setattr(calibration, "batch_covers", lambda fw: False)
    assert (
        calibration_tables(viewer=admin),
        calibration_tables(viewer=admin, manager_id=manager.pk),
    ) == batched
    assert batched[0]["tables"]["evidence_gaps"], "the org has gaps to find"


def test_the_what_if_from_the_store_equals_assessing_everyone_from_the_rows(bench_org, monkeypatch):
    admin = bench_org["admin"]
    version = services.framework_upload(
        actor=admin, text=changed_framework_text(active_version(admin.org).yaml_text), activate=False
    )
    batched = version_what_if(actor=admin, version=version)
    assert batched, "the changed gate moves someone"
    explain_moves(actor=admin, version=version, rows=batched)
    monkeypatch.setattr(framework_review, "reads_alike", lambda old, new: False)
    assert version_what_if(actor=admin, version=version) == batched


def test_evidence_dated_after_today_is_left_to_the_day_it_happened(bench_org):
    """The store keeps every item; the batch reads only those dated on or before its day."""
    org = bench_org["org"]
    _, fw = active_framework(org)
    stored = org_facts(org=org, fw=fw)
    early = assess_many(fw, stored.facts, as_of=AS_OF - timedelta(days=400))
    late = assess_many(fw, stored.facts, as_of=AS_OF)
    assert (early.levels <= late.levels).all() and (early.levels < late.levels).any()


def without_a_gate(text: str) -> str:
    data = yaml.safe_load(text)
    # All but the first gate of a level: anyone held back by one of the others moves up.
    level = next(lv for lv in data["levels"] if len(lv.get("gates", [])) > 1)
    del level["gates"][1:]
    data["version"] = f"{data['version']}-fewer"
    return yaml.safe_dump(data, sort_keys=False)


def with_a_new_gate(text: str) -> str:
    data = yaml.safe_load(text)
    level, found = next(
        (lv, g) for lv in data["levels"][1:] for g in lv.get("gates", []) if "evidence" in g["rule"]
    )
    gate = copy.deepcopy(found)
    gate["id"] = f"{gate['id']}_again"
    gate["rule"]["evidence"]["min"] = gate["rule"]["evidence"].get("min", 1) + 2
    level["gates"].append(gate)
    data["version"] = f"{data['version']}-more"
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("change", [without_a_gate, with_a_new_gate])
def test_a_gate_dropped_or_added_moves_the_same_people_as_assessing_the_rows(bench_org, monkeypatch, change):
    admin = bench_org["admin"]
    version = services.framework_upload(
        actor=admin, text=change(active_version(admin.org).yaml_text), activate=False
    )
    batched = version_what_if(actor=admin, version=version)
    assert batched, "the change moves someone"
    explain_moves(actor=admin, version=version, rows=batched)
    monkeypatch.setattr(framework_review, "reads_alike", lambda old, new: False)
    assert version_what_if(actor=admin, version=version) == batched
