"""The facts store is a cache of the rows, never a second source of truth.

After every kind of write (evidence added, edited or deleted; a check-in saved, submitted
or signed off, which records a level; a framework version activated) each person's stored
record is exactly what packing their profile, read from the rows as the live assessment
reads it, gives. Random organisations and random sequences of writes come from hypothesis.
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
from ladders.core.facts_record import encode_profile
from ladders.core.framework import Framework
from ladders.leveling import services
from ladders.leveling.bulk import profile_for, records_of
from ladders.leveling.facts import facts_rebuild, framework_tables, org_facts
from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import CheckIn, CheckInStatus, Evidence, FactsRecord
from ladders.leveling.profiles import quarter_of
from tests.org_fixtures import add_engineer, make_org

TODAY = timezone.localdate()
QUARTERS = [quarter_of(TODAY - timedelta(days=92 * n)) for n in (2, 1, 0)]
ORG_NAMES = (f"Facts org {n}" for n in itertools.count())
VERSIONS = itertools.count(1)


def expected_records(org) -> dict[int, bytes]:
    """Each person's record packed from the profile `profile_of` builds from their rows."""
    _, fw = active_framework(org)
    tables = framework_tables(fw)
    people = Person.objects.filter(org=org)
    return {r.person.pk: encode_profile(profile_for(r, fw), tables) for r in records_of(people)}


def stored_records(org) -> dict[int, bytes]:
    _, fw = active_framework(org)
    rows = FactsRecord.objects.filter(org=org, framework_hash=fw.content_hash)
    return {pk: bytes(record) for pk, record in rows.values_list("person_id", "record")}


def evidence_data(fw: Framework, draw) -> dict:
    kind = draw(st.sampled_from(fw.evidence_kinds))
    data = {
        "kind": kind.id,
        "title": draw(st.sampled_from(["Shipped it", "Fixed it", "Wrote it up"])),
        "date": TODAY - timedelta(days=draw(st.integers(0, 900))),
        "scope": draw(st.sampled_from(fw.scopes)),
        "skills": draw(st.lists(st.sampled_from([s.id for s in fw.skills]), max_size=3, unique=True)),
        "outcome": draw(st.sampled_from(["", "Cut latency by 30%", "Well received"])),
    }
    # A kind without users clears what an edited item of another kind said about them.
    data["users"] = draw(st.sampled_from(["", "real", "internal", "none"])) if kind.has_users else ""
    return data


def ratings(fw: Framework, draw) -> dict[str, int]:
    scale = fw.rating_scale
    skills = draw(st.lists(st.sampled_from([s.id for s in fw.skills]), max_size=8, unique=True))
    return {s: draw(st.integers(scale.min, scale.max)) for s in skills}


def changed_framework(org, draw) -> str:
    """The active framework with one evidence gate's minimum moved, as a new version."""
    data = yaml.safe_load(active_version(org).yaml_text)
    gates = [g for level in data["levels"] for g in level.get("gates", []) if "evidence" in g["rule"]]
    gate = draw(st.sampled_from(gates))
    gate["rule"]["evidence"]["min"] = draw(st.integers(1, 4))
    # A new version each time, of bounded length however many activations came before.
    data["version"] = f"{data['version'].split('-w')[0]}-w{next(VERSIONS)}"
    return yaml.safe_dump(data, sort_keys=False)


WRITES = ("add", "edit", "delete", "save", "submit", "sign_off", "activate")


def write(org, people, admin, draw, kind: str) -> None:
    """One write of `kind` through the services, on a person hypothesis picks."""
    _, fw = active_framework(org)
    person = draw(st.sampled_from(people))
    items = list(Evidence.objects.filter(person=person).order_by("pk"))
    if kind == "add" or (kind in ("edit", "delete") and not items):
        services.evidence_create(actor=person, person=person, data=evidence_data(fw, draw))
    elif kind == "edit":
        item = draw(st.sampled_from(items))
        services.evidence_update(actor=person, item=item, data=evidence_data(fw, draw))
    elif kind == "delete":
        services.evidence_delete(actor=person, item=draw(st.sampled_from(items)))
    elif kind in ("save", "submit"):
        quarter = draw(st.sampled_from(QUARTERS))
        checkin = CheckIn.objects.filter(person=person, quarter=quarter).first()
        if checkin is None or checkin.status == CheckInStatus.DRAFT:
            services.checkin_save(
                actor=person,
                person=person,
                quarter=quarter,
                self_ratings=ratings(fw, draw),
                submit=kind == "submit",
            )
    elif kind == "sign_off":
        submitted = CheckIn.objects.filter(person=person, status=CheckInStatus.SUBMITTED).first()
        if submitted is not None:
            rater = person.manager  # the person's own manager signs off
            services.checkin_sign_off(actor=rater, checkin=submitted, manager_ratings=ratings(fw, draw))
    else:
        services.framework_upload(actor=admin, text=changed_framework(org, draw), activate=True)


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a database example shrinks too slowly
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_record_equals_the_rows_after_every_kind_of_write(data, django_capture_on_commit_callbacks):
    name = next(ORG_NAMES)
    acme = make_org(name)
    people = [acme.engineer, acme.outsider]
    extra = data.draw(st.integers(0, 2))
    people += [add_engineer(acme, f"{name} engineer {n}", acme.manager) for n in range(extra)]
    kinds = data.draw(st.lists(st.sampled_from(WRITES), min_size=len(WRITES), max_size=14))
    for kind in [*WRITES, *kinds]:  # every kind at least once, then a random sequence
        with django_capture_on_commit_callbacks(execute=True):
            write(acme.org, people, acme.admin, data.draw, kind)
        # Each write's commit rewrote the records it touched; none is missing or stale.
        assert stored_records(acme.org) == expected_records(acme.org), kind


def test_a_record_dropped_or_packed_for_another_framework_is_rewritten_by_the_next_read(acme):
    services.evidence_create(
        actor=acme.engineer,
        person=acme.engineer,
        data={"kind": active_framework(acme.org)[1].evidence_kinds[0].id, "title": "One", "date": TODAY},
    )
    FactsRecord.objects.filter(person=acme.outsider).delete()
    FactsRecord.objects.filter(person=acme.engineer).update(framework_hash="another")
    _, fw = active_framework(acme.org)
    read = org_facts(org=acme.org, fw=fw)
    expected = expected_records(acme.org)
    assert read.rewritten >= 2
    assert read.person_ids.tolist() == sorted(expected)
    assert stored_records(acme.org) == expected
    assert org_facts(org=acme.org, fw=fw).rewritten == 0


def test_rebuild_rewrites_every_record_of_every_organisation(acme):
    other = make_org("Globex")
    FactsRecord.objects.all().delete()
    written = facts_rebuild()
    assert written[acme.org.name] == Person.objects.filter(org=acme.org).count()
    assert written[other.org.name] == Person.objects.filter(org=other.org).count()
    assert stored_records(acme.org) == expected_records(acme.org)
    assert stored_records(other.org) == expected_records(other.org)
