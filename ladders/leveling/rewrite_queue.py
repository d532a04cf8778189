"""Rewriting a person's packed records after the change that outdated them commits.

Both packed stores (the facts records and the calibration records) follow the same rule: a
write to one of a person's rows drops the person's record at once, so nothing reads it
outdated, and rewrites it once the transaction commits, so a rolled-back change rewrites
nothing and many changes in one transaction cost one rewrite per organisation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import models, transaction

from ladders.accounts.models import Organisation, Person

Rewrite = Callable[[Organisation, Sequence[int]], object]
"""Writes the records of some people of one organisation from their rows."""


class RewriteOnCommit:
    """The people of one store whose record was dropped in this thread's open transaction."""

    def __init__(self, model: type[models.Model], rewrite: Rewrite):
        self.model = model
        self.rewrite = rewrite
        self._pending = threading.local()

    def forget(self, person_id: int) -> None:
        """Drop one person's record now and rewrite it when the transaction commits."""
        self.model._default_manager.filter(person_id=person_id).delete()
        queued: set[int] | None = getattr(self._pending, "people", None)
        if queued is None:
            queued = self._pending.people = set()
        queued.add(person_id)
        transaction.on_commit(self.flush)

    def flush(self) -> None:
        """Rewrite every record dropped since the last commit, one round of queries per org."""
        queued: set[int] = getattr(self._pending, "people", None) or set()
        self._pending.people = set()
        if not queued:
            return
        by_org: dict[int, list[int]] = {}
        for pk, org_id in Person.objects.filter(pk__in=queued).values_list("pk", "org_id"):
            by_org.setdefault(org_id, []).append(pk)
        for org in Organisation.objects.filter(pk__in=by_org):
            self.rewrite(org, by_org[org.pk])


def rewrite_in_batches(
    org: Organisation,
    person_ids: Sequence[int] | None,
    write: Callable[[Sequence[int]], int],
    *,
    batch: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the records of `person_ids` (default: everyone in `org`) `batch` people at a time.

    People not in `org` (or deleted meanwhile) are skipped, the rest go in key order, each
    batch in its own transaction so a long rewrite never holds one lock throughout. Returns
    how many were written; `progress` hears (written so far, people in all) after each batch.
    """
    people = Person.objects.filter(org_id=org.pk).order_by("pk").values_list("pk", flat=True)
    if person_ids is None:
        ids = list(people)
    else:
        wanted = sorted(set(person_ids))
        ids = []
        for start in range(0, len(wanted), batch):  # bounded IN lists
            ids += people.filter(pk__in=wanted[start : start + batch])
    written = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            written += write(ids[start : start + batch])
        if progress is not None:
            progress(written, len(ids))
    return written
