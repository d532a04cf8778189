"""Evidence recorded at the same moment for one person gets distinct ids, never a 500.

Evidence without an id gets the next free `eN`. Several requests at once used to pick the
same one and all but one failed on the unique constraint (an IntegrityError, a 500). Needs
real concurrency, so it runs on PostgreSQL only (LADDERS_TEST_DATABASE=postgres).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from ladders.leveling.models import Evidence
from ladders.leveling.services import evidence_create
from ladders.server.errors import ServiceError
from tests.framework_ids import KIND

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (LADDERS_TEST_DATABASE=postgres)"
)

WRITERS = 8


def at_once(call: Callable[[int], Evidence], count: int = WRITERS) -> list[object]:
    """Run `call(i)` in `count` threads released together; each outcome is a slug or a status."""
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = call(i).slug
        except ServiceError as error:
            outcomes[i] = error.status
        except Exception as error:  # what a 500 would be: the test names it
            outcomes[i] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def item(title: str, **fields) -> dict:
    day = timezone.localdate() - timedelta(days=10)
    return {"kind": KIND.debugging_story, "title": title, "date": day.isoformat(), **fields}


@pytest.mark.django_db(transaction=True)
def test_evidence_created_at_once_without_ids_gets_distinct_ids(acme):
    engineer = acme.engineer
    outcomes = at_once(lambda i: evidence_create(actor=engineer, person=engineer, data=item(f"Story {i}")))
    assert sorted(outcomes, key=str) == sorted((f"e{n}" for n in range(1, WRITERS + 1)), key=str)
    assert Evidence.objects.filter(person=engineer).count() == WRITERS


@pytest.mark.django_db(transaction=True)
def test_one_id_asked_for_at_once_is_given_once_and_the_rest_are_told_409(acme):
    engineer = acme.engineer
    outcomes = at_once(
        lambda i: evidence_create(actor=engineer, person=engineer, data=item(f"Story {i}", id="outage"))
    )
    assert sorted(outcomes, key=str) == sorted([409] * (WRITERS - 1) + ["outage"], key=str)
    assert Evidence.objects.filter(person=engineer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_evidence_recorded_at_once_for_two_people_numbers_each_persons_own(acme):
    people = [acme.engineer, acme.outsider]
    outcomes = at_once(
        lambda i: evidence_create(actor=people[i % 2], person=people[i % 2], data=item(f"Story {i}")), 4
    )
    assert sorted(outcomes) == ["e1", "e1", "e2", "e2"]
