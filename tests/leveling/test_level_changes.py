"""A level is recorded one way: the assessment it rests on frozen, the person moved, the change audited.

Sign-offs, promotions and the demo loader all record levels through `level_record`.
"""

from __future__ import annotations

from datetime import date

from ladders.accounts.models import Person
from ladders.core.engine import assess
from ladders.leveling.frameworks import active_framework
from ladders.leveling.levels import level_record
from ladders.leveling.models import AssessmentSnapshot, AuditEvent
from ladders.leveling.profiles import profile_of

AS_OF = date(2026, 3, 31)


def _assessed(person: Person):
    version, fw = active_framework(person.org)
    return version, fw, assess(fw, profile_of(person, fw), as_of=AS_OF)


def _level_events(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="level.changed", person=person).order_by("id"))


def test_a_new_level_is_frozen_recorded_from_its_day_and_audited(acme):
    version, fw, result = _assessed(acme.engineer)
    snapshot = level_record(
        actor=acme.manager,
        person=acme.engineer,
        version=version,
        result=result,
        as_of=AS_OF,
        reason="2026-Q1",
    )
    person = Person.objects.get(pk=acme.engineer.pk)
    assert (person.level, person.level_since) == (result["level"], AS_OF)
    assert snapshot == AssessmentSnapshot.objects.get(person=person)
    assert (snapshot.level, snapshot.as_of, snapshot.framework_hash) == (
        result["level"],
        AS_OF,
        fw.content_hash,
    )
    (event,) = _level_events(person)
    assert (event.actor, event.subject, event.before, event.after) == (
        acme.manager,
        "2026-Q1",
        None,
        result["level"],
    )


def test_the_same_level_again_is_frozen_but_neither_moved_nor_audited(acme):
    version, _fw, result = _assessed(acme.engineer)
    level_record(
        actor=None, person=acme.engineer, version=version, result=result, as_of=AS_OF, reason="first"
    )
    later = date(2026, 6, 30)
    level_record(
        actor=None, person=acme.engineer, version=version, result=result, as_of=later, reason="again"
    )
    person = Person.objects.get(pk=acme.engineer.pk)
    assert person.level_since == AS_OF
    assert AssessmentSnapshot.objects.filter(person=person).count() == 2
    assert [e.subject for e in _level_events(person)] == ["first"]


def test_a_level_given_explicitly_is_recorded_instead_of_the_assessed_one(acme):
    version, fw, result = _assessed(acme.engineer)
    target = fw.levels[1].id
    assert result["level"] != target
    snapshot = level_record(
        actor=acme.admin,
        person=acme.engineer,
        version=version,
        result=result,
        as_of=AS_OF,
        reason="promotion packet 1",
        level=target,
    )
    assert snapshot.level == Person.objects.get(pk=acme.engineer.pk).level == target
    assert _level_events(acme.engineer)[-1].after == target
