"""The demo organisation's history is recorded the way real history is: its level changes are audited."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from ladders.leveling.models import AssessmentSnapshot, AuditEvent
from ladders.server.demo import DEMO_ORG, demo_load


@pytest.mark.django_db
def test_every_demo_level_change_has_its_audit_event():
    demo_load()
    people = Person.objects.filter(org__name=DEMO_ORG)
    assert people.exists()
    for person in people:
        snapshots = AssessmentSnapshot.objects.filter(person=person).order_by("as_of", "id")
        changes: list[tuple[str | None, str]] = []
        for snapshot in snapshots:
            before = changes[-1][1] if changes else None
            if snapshot.level != before:
                changes.append((before, snapshot.level))
        events = AuditEvent.objects.filter(action="level.changed", person=person).order_by("id")
        assert [(e.before, e.after) for e in events] == changes, person.name
        assert changes and changes[-1][1] == person.level, person.name
