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
