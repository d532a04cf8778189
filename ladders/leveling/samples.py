"""Sample people as database rows: the core's sample profiles, stored the way the server stores work.

The demo organisation and the benchmarks both fill the database from
`ladders.core.samples.sample_profile`; building the rows here keeps one mapping from a
profile's evidence item to an `Evidence` row, the inverse of `profiles.evidence_dict`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ladders.accounts.models import Person
from ladders.leveling.models import Evidence


def sample_evidence(person: Person, sample: dict[str, Any], **fields: Any) -> list[Evidence]:
    """Unsaved evidence rows for every item of `sample`, ready for one `bulk_create`.

    `fields` are set on every row (the demo records the person as the author).
    """
    return [
        Evidence(
            person=person,
            slug=item["id"],
            kind=item["kind"],
            title=item["title"],
            date=date.fromisoformat(item["date"]),
            scope=item["scope"],
            users=item.get("users", ""),
            outcome=item.get("outcome", ""),
            skills=item.get("skills", []),
            **fields,
        )
        for item in sample["evidence"]
    ]
