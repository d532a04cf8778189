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
from functools import cached_property

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

    @cached_property
    def item_person(self) -> NDArray[np.intp]:
        """For each item, the index of the person it belongs to."""
        return np.repeat(np.arange(self.people, dtype=np.intp), np.diff(self.starts))

    @cached_property
    def by_kind(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """The items grouped by kind, each group in record order, and where each group starts.

        Kind `k`'s items are `order[starts[k]:starts[k + 1]]`. Computed once, it serves every
        evidence rule of every framework evaluated over these arrays.
        """
        order = np.argsort(self.kind, kind="stable")
        starts = np.searchsorted(self.kind[order], np.arange(len(self.tables.kinds) + 1))
        return order, starts

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
    size = tables.item_size
    buffer = np.frombuffer(b"".join(records), dtype=np.uint8)
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=people)
    misfit = (lengths < tables.head_size) | (lengths % size != 0)
    if misfit.any():
        _refuse(records, tables, int(np.flatnonzero(misfit)[0]))
    # Headers are padded to whole items, so the joined records are one array of rows
    # (opaque `size`-byte units: numpy copies those far faster than rows of bytes).
    rows = buffer.view(np.dtype((np.void, size)))
    first_rows = np.zeros(people, dtype=np.int64)
    np.cumsum(lengths[:-1] // size, out=first_rows[1:])
    header_rows = first_rows[:, None] + np.arange(tables.head_size // size, dtype=np.int64)
    headers = rows[header_rows].view(np.uint8).reshape(people, tables.head_size)
    counts = headers[:, 5:9].copy().view("<u4").ravel().astype(np.int64)
    ratings_end = 9 + 2 * len(tables.skills)
    wrong = (
        (headers[:, 0] != FORMAT_VERSION)
        | (headers[:, 1:5].copy().view("<u4").ravel() != tables.digest)
        | (lengths != tables.head_size + counts * size)
        | headers[:, ratings_end:].any(axis=1)
    )
    if wrong.any():
        _refuse(records, tables, int(np.flatnonzero(wrong)[0]))
    ratings = headers[:, 9:ratings_end].copy().view("<i2")

    body = np.ones(len(rows), dtype=bool)
    body[header_rows.ravel()] = False
    items = rows[body].view(item_dtype(tables))
    starts = np.zeros(people + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    kind = np.ascontiguousarray(items["kind"])
    scope = np.ascontiguousarray(items["scope"])
    flags = items["flags"]
    skills = items["skills"].reshape(-1, tables.mask_bytes)  # a view: rules gather what they read
    bad = (kind >= len(tables.kinds)) | ((scope >= len(tables.scopes)) & (scope != NO_SCOPE))
    bad |= (flags & ~np.uint8(USERS_BITS | MEASURABLE_BIT)) != 0
    if tables.mask_bytes:
        bad |= (skills[:, -1] >> (len(tables.skills) - 8 * (tables.mask_bytes - 1))) != 0
    if bad.any():
        _refuse(records, tables, int(np.searchsorted(starts, np.flatnonzero(bad)[0], side="right")) - 1)
    return FactsArrays(
        tables=tables,
        ratings=ratings,
        starts=starts,
        kind=kind,
        scope=scope,
        users=flags & np.uint8(USERS_BITS),
        measurable=(flags & MEASURABLE_BIT) != 0,
        day=np.ascontiguousarray(items["day"]),
        skills=skills,
    )


def _refuse(records: Sequence[bytes], tables: FactsTables, index: int) -> None:
    problem = record_problem(records[index], tables) or "cannot be read"
    raise FactsRecordError(f"facts record {index + 1} (of {len(records)}) {problem}")
