"""One person's engine inputs as one compact bytes record, and back.

An org-wide question (a framework what-if, calibration) needs the same few facts about
everyone: their ratings and, per evidence item, its kind, date, scope, users, whether its
outcome is measurable and its skills. Packed against a framework's id tables those take a
few hundred bytes a person, which a store can keep in one column and the batch engine
(`ladders.core.facts_arrays`, `ladders.core.batch`) can read for a whole org at once.
Titles, ids and outcome text are not kept: a record caches what the rules read, it is
never a second source of truth.

Layout, little-endian, format version 1:

- header: version u8, tables digest u32, item count u32, then one i16 rating per table
  skill (`UNRATED` where the person gave none), zero-padded to a whole number of items,
  so that many records joined read as one array of equal rows;
- items: kind u16, scope u16 (`NO_SCOPE` when the item has none the tables know),
  flags u8 (users code in bits 0-1, measurable outcome in bit 2), date i32 (the
  proleptic Gregorian ordinal), then the skills as a bitmask of ceil(skills / 8) bytes
  (table order, least significant bit first).

Items are sorted by their bytes, so the same facts give the same record whatever order
the profile listed them (or their skills, or its ratings) in.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple

from ladders.core.checks import is_measurable
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem, Profile

FORMAT_VERSION: Final = 1
UNRATED: Final = -(2**15)
"""The rating slot of a skill the person has not rated (the framework's floor applies)."""
NO_SCOPE: Final = 0xFFFF
"""The scope code of an item whose scope is missing or unknown to the tables."""
Users = Literal["real", "internal", "none"] | None
USERS_CODES: Final[tuple[Users, ...]] = (None, "real", "internal", "none")
"""An item's `users` value by its code."""
MEASURABLE_BIT: Final = 0b100
USERS_BITS: Final = 0b011

_HEAD: Final = struct.Struct("<BII")
_ITEM: Final = struct.Struct("<HHBi")


class FactsRecordError(ValueError):
    """A record that cannot be read against the given tables (corrupt, or packed for others)."""


@dataclass(frozen=True)
class FactsTables:
    """The ids a record's numbers stand for: skills, evidence kinds and scopes, in order.

    Records are only comparable under the same tables; the digest in every record says
    which tables it was packed against, so a stale record is refused rather than misread.
    """

    skills: tuple[str, ...]
    kinds: tuple[str, ...]
    scopes: tuple[str, ...]
    skill_index: dict[str, int] = field(init=False, repr=False, compare=False)
    kind_index: dict[str, int] = field(init=False, repr=False, compare=False)
    scope_index: dict[str, int] = field(init=False, repr=False, compare=False)
    digest: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for what, ids in (("skill", self.skills), ("kind", self.kinds), ("scope", self.scopes)):
            if len(set(ids)) != len(ids):
                raise ValueError(f"facts tables list a {what} id twice")
            if len(ids) >= NO_SCOPE:
                raise ValueError(f"facts tables hold at most {NO_SCOPE - 1} {what} ids")
        object.__setattr__(self, "skill_index", {s: i for i, s in enumerate(self.skills)})
        object.__setattr__(self, "kind_index", {k: i for i, k in enumerate(self.kinds)})
        object.__setattr__(self, "scope_index", {s: i for i, s in enumerate(self.scopes)})
        text = "\n".join(" ".join(ids) for ids in (self.skills, self.kinds, self.scopes))
        object.__setattr__(self, "digest", zlib.crc32(text.encode("utf-8")))

    @property
    def mask_bytes(self) -> int:
        return (len(self.skills) + 7) // 8

    @property
    def head_size(self) -> int:
        """The header, padded to whole items: a record is then a run of equal-sized rows."""
        size = _HEAD.size + 2 * len(self.skills)
        return -(-size // self.item_size) * self.item_size

    @property
    def item_size(self) -> int:
        return _ITEM.size + self.mask_bytes

    def missing(self, fw: Framework) -> list[str]:
        """The ids of `fw` these tables lack (records packed against them cannot answer for `fw`)."""
        return [
            *(f"skill '{s.id}'" for s in fw.skills if s.id not in self.skill_index),
            *(f"evidence kind '{k.id}'" for k in fw.evidence_kinds if k.id not in self.kind_index),
            *(f"scope '{s}'" for s in fw.scopes if s not in self.scope_index),
        ]


def tables_for(*frameworks: Framework) -> FactsTables:
    """Tables covering every framework given, in the order their ids first appear.

    A what-if reads the same records under an old and a new framework, so its records are
    packed against the union of both.
    """
    skills: dict[str, None] = {}
    kinds: dict[str, None] = {}
    scopes: dict[str, None] = {}
    for fw in frameworks:
        skills.update(dict.fromkeys(s.id for s in fw.skills))
        kinds.update(dict.fromkeys(k.id for k in fw.evidence_kinds))
        scopes.update(dict.fromkeys(fw.scopes))
    return FactsTables(tuple(skills), tuple(kinds), tuple(scopes))


class EvidenceFacts(NamedTuple):
    """What the rules read about one evidence item."""

    kind: str
    date: dt.date
    scope: str | None
    users: Users
    measurable: bool
    skills: frozenset[str]


@dataclass(frozen=True)
class PersonFacts:
    """What the rules read about one person: ratings by skill, and their evidence."""

    ratings: dict[str, int]
    evidence: tuple[EvidenceFacts, ...]


def facts_of_profile(profile: Profile, tables: FactsTables) -> PersonFacts:
    """The facts of `profile` the tables can express.

    Ratings of skills and items of kinds the tables do not list are left out: no rule of a
    framework the tables cover can read them. A scope the tables do not list reads as no
    scope, which (like an unknown scope in `assess`) no scope rule can rank.
    """
    ratings = {s: v for s, v in profile.skills.items() if s in tables.skill_index}
    evidence = tuple(
        EvidenceFacts(
            kind=item.kind,
            date=item.date,
            scope=item.scope if item.scope in tables.scope_index else None,
            users=item.users,
            measurable=is_measurable(item.outcome),
            skills=frozenset(s for s in item.skills if s in tables.skill_index),
        )
        for item in profile.evidence
        if item.kind in tables.kind_index
    )
    return PersonFacts(ratings=ratings, evidence=evidence)


def encode(facts: PersonFacts, tables: FactsTables) -> bytes:
    """`facts` as one record against `tables` (see the module docstring for the layout)."""
    slots = [UNRATED] * len(tables.skills)
    for skill, rating in facts.ratings.items():
        if skill not in tables.skill_index:
            raise FactsRecordError(f"skill '{skill}' is not in the facts tables")
        if not UNRATED < rating < -UNRATED:
            raise FactsRecordError(f"rating {rating} of skill '{skill}' does not fit a facts record")
        slots[tables.skill_index[skill]] = rating
    items = sorted(_pack_item(item, tables) for item in facts.evidence)
    head = _HEAD.pack(FORMAT_VERSION, tables.digest, len(items)) + struct.pack(f"<{len(slots)}h", *slots)
    return b"".join([head.ljust(tables.head_size, b"\0"), *items])


def _pack_item(item: EvidenceFacts, tables: FactsTables) -> bytes:
    kind = tables.kind_index.get(item.kind)
    if kind is None:
        raise FactsRecordError(f"evidence kind '{item.kind}' is not in the facts tables")
    if item.users not in USERS_CODES:
        raise FactsRecordError(f"users value '{item.users}' is not one of real, internal, none")
    scope = NO_SCOPE if item.scope is None else tables.scope_index.get(item.scope, NO_SCOPE)
    flags = USERS_CODES.index(item.users) | (MEASURABLE_BIT if item.measurable else 0)
    mask = 0
    for skill in item.skills:
        if skill not in tables.skill_index:
            raise FactsRecordError(f"skill '{skill}' is not in the facts tables")
        mask |= 1 << tables.skill_index[skill]
    packed = _ITEM.pack(kind, scope, flags, item.date.toordinal())
    return packed + mask.to_bytes(tables.mask_bytes, "little")


def encode_profile(profile: Profile, tables: FactsTables) -> bytes:
    """The record of `profile`: what a facts store keeps for the person."""
    return encode(facts_of_profile(profile, tables), tables)


def record_problem(record: bytes, tables: FactsTables) -> str | None:
    """Why `record` cannot be read against `tables`, or None when it can."""
    if len(record) < tables.head_size:
        return f"is {len(record)} bytes, shorter than its {tables.head_size}-byte header"
    version, digest, count = _HEAD.unpack_from(record)
    if version != FORMAT_VERSION:
        return f"has format version {version}; this ladders reads version {FORMAT_VERSION}"
    if digest != tables.digest:
        return "was packed against other facts tables (rebuild the facts store)"
    if len(record) != tables.head_size + count * tables.item_size:
        return f"is {len(record)} bytes, which does not match its {count} evidence items"
    if any(record[_HEAD.size + 2 * len(tables.skills) : tables.head_size]):
        return "has bytes set in its header's padding"
    for n in range(count):
        offset = tables.head_size + n * tables.item_size
        kind, scope, flags, _ = _ITEM.unpack_from(record, offset)
        mask = int.from_bytes(record[offset + _ITEM.size : offset + tables.item_size], "little")
        if kind >= len(tables.kinds) or (scope != NO_SCOPE and scope >= len(tables.scopes)):
            return f"names an id beyond the tables in evidence item {n + 1}"
        if flags & ~(USERS_BITS | MEASURABLE_BIT) or mask >> len(tables.skills):
            return f"has bits set that mean nothing in evidence item {n + 1}"
    return None


def decode(record: bytes, tables: FactsTables) -> PersonFacts:
    """The facts one record holds; `encode(decode(r), tables) == r` for every valid record."""
    problem = record_problem(record, tables)
    if problem is not None:
        raise FactsRecordError(f"the facts record {problem}")
    count = _HEAD.unpack_from(record)[2]
    slots = struct.unpack_from(f"<{len(tables.skills)}h", record, _HEAD.size)
    ratings = {s: v for s, v in zip(tables.skills, slots, strict=True) if v != UNRATED}
    evidence = []
    for n in range(count):
        offset = tables.head_size + n * tables.item_size
        kind, scope, flags, day = _ITEM.unpack_from(record, offset)
        start = offset + _ITEM.size
        mask = int.from_bytes(record[start : start + tables.mask_bytes], "little")
        evidence.append(
            EvidenceFacts(
                kind=tables.kinds[kind],
                date=dt.date.fromordinal(day),
                scope=None if scope == NO_SCOPE else tables.scopes[scope],
                users=USERS_CODES[flags & USERS_BITS],
                measurable=bool(flags & MEASURABLE_BIT),
                skills=frozenset(s for j, s in enumerate(tables.skills) if mask >> j & 1),
            )
        )
    return PersonFacts(ratings=ratings, evidence=tuple(evidence))


def profile_of_facts(facts: PersonFacts, *, name: str = "Person") -> Profile:
    """A profile the engine assesses exactly as it assessed the one the facts came from.

    Its level and every check's verdict match; texts do not (items are called e1, e2, ...,
    and a measurable outcome reads "1"). The batch engine uses it to hand a person it
    cannot evaluate itself to `assess`.
    """
    items = [
        EvidenceItem(
            id=f"e{n}",
            kind=item.kind,
            title=f"Evidence {n}",
            date=item.date,
            scope=item.scope,
            users=item.users,
            outcome="1" if item.measurable else None,
            skills=sorted(item.skills),
        )
        for n, item in enumerate(facts.evidence, start=1)
    ]
    return Profile(name=name, skills=dict(facts.ratings), evidence=items)
