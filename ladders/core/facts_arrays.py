"""Many facts records at once, as numpy arrays: the batch engine's input.

Records are joined into one buffer and read with `numpy.frombuffer`; headers and items
are then gathered by index arithmetic, so decoding costs a few passes over the bytes
however many people there are, and no Python work per evidence item. Evidence is laid
out CSR-style: person `p`'s items are `starts[p]:starts[p + 1]` of every item array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from ladders.core.facts_record import (
    FORMAT_VERSION,
    MEASURABLE_BIT,
    NO_SCOPE,
    UNRATED,
    USERS_BITS,
    USERS_CODES,
    EvidenceFacts,
    FactsRecordError,
    FactsTables,
    PersonFacts,
    record_problem,
)


@dataclass(frozen=True)
class FactsArrays:
    """An org's facts: a ratings matrix and one array per evidence feature."""

    tables: FactsTables
    ratings: NDArray[np.int16]
    """people x table skills; `UNRATED` where a person gave no rating."""
    starts: NDArray[np.int64]
    """people + 1 offsets into the item arrays."""
    kind: NDArray[np.uint16]
    scope: NDArray[np.uint16]
    users: NDArray[np.uint8]
    """The item's code in `USERS_CODES`."""
    measurable: NDArray[np.bool_]
    day: NDArray[np.int32]
    """The item's date as a proleptic Gregorian ordinal."""
    skills: NDArray[np.uint8]
    """items x mask bytes: the item's skills as a bitmask in table order."""

    @property
    def people(self) -> int:
        return len(self.ratings)

    def person_of_items(self) -> NDArray[np.intp]:
        """For each item, the index of the person it belongs to."""
        return np.repeat(np.arange(self.people, dtype=np.intp), np.diff(self.starts))

    def person(self, index: int) -> PersonFacts:
        """One person's facts, as `facts_record.decode` gives them."""
        tables = self.tables
        ratings = {s: int(v) for s, v in zip(tables.skills, self.ratings[index], strict=True) if v != UNRATED}
        first, end = int(self.starts[index]), int(self.starts[index + 1])
        bits = np.unpackbits(self.skills[first:end], axis=1, count=len(tables.skills), bitorder="little")
        evidence = tuple(
            EvidenceFacts(
                kind=tables.kinds[int(self.kind[n])],
                date=date.fromordinal(int(self.day[n])),
                scope=None if self.scope[n] == NO_SCOPE else tables.scopes[int(self.scope[n])],
                users=USERS_CODES[int(self.users[n])],
                measurable=bool(self.measurable[n]),
                skills=frozenset(tables.skills[j] for j in np.flatnonzero(bits[n - first])),
            )
            for n in range(first, end)
        )
        return PersonFacts(ratings=ratings, evidence=evidence)


def item_dtype(tables: FactsTables) -> np.dtype:
    """One packed item, field by field (numpy packs structured types without padding)."""
    return np.dtype(
        [
            ("kind", "<u2"),
            ("scope", "<u2"),
            ("flags", "u1"),
            ("day", "<i4"),
            ("skills", "u1", (tables.mask_bytes,)),
        ]
    )


def decode_many(records: Sequence[bytes], tables: FactsTables) -> FactsArrays:
    """Every record's facts as arrays, people in the order of `records`.

    Raises `FactsRecordError` naming the first record that is corrupt or was packed
    against other tables; nothing is decoded then.
    """
    people = len(records)
    skills = len(tables.skills)
    head = tables.head_size
    buffer = np.frombuffer(b"".join(records), dtype=np.uint8)
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=people)
    begins = np.zeros(people, dtype=np.int64)
    np.cumsum(lengths[:-1], out=begins[1:])
    if (lengths < head).any():
        _refuse(records, tables, int(np.flatnonzero(lengths < head)[0]))
    header_at = begins[:, None] + np.arange(head, dtype=np.int64)
    headers = buffer[header_at]
    counts = headers[:, 5:9].copy().view("<u4").ravel().astype(np.int64)
    wrong = (
        (headers[:, 0] != FORMAT_VERSION)
        | (headers[:, 1:5].copy().view("<u4").ravel() != tables.digest)
        | (lengths != head + counts * tables.item_size)
    )
    if wrong.any():
        _refuse(records, tables, int(np.flatnonzero(wrong)[0]))
    ratings = headers[:, 9:].copy().view("<i2").reshape(people, skills).astype(np.int16)

    body = np.ones(buffer.size, dtype=bool)
    body[header_at.ravel()] = False
    items = buffer[body].view(item_dtype(tables))
    starts = np.zeros(people + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    kind = np.ascontiguousarray(items["kind"], dtype=np.uint16)
    scope = np.ascontiguousarray(items["scope"], dtype=np.uint16)
    beyond = (kind >= len(tables.kinds)) | ((scope >= len(tables.scopes)) & (scope != NO_SCOPE))
    if beyond.any():
        item = int(np.flatnonzero(beyond)[0])
        person = int(np.searchsorted(starts, item, side="right")) - 1
        raise FactsRecordError(f"facts record {person + 1} names an id beyond the tables")
    flags = items["flags"]
    return FactsArrays(
        tables=tables,
        ratings=ratings,
        starts=starts,
        kind=kind,
        scope=scope,
        users=(flags & USERS_BITS).astype(np.uint8),
        measurable=(flags & MEASURABLE_BIT).astype(bool),
        day=np.ascontiguousarray(items["day"], dtype=np.int32),
        skills=np.ascontiguousarray(items["skills"], dtype=np.uint8).reshape(-1, tables.mask_bytes),
    )


def _refuse(records: Sequence[bytes], tables: FactsTables, index: int) -> None:
    problem = record_problem(records[index], tables) or "cannot be read"
    raise FactsRecordError(f"facts record {index + 1} (of {len(records)}) {problem}")
