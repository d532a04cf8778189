"""What the demo organisation has done so far, written through the services as people would.

Past quarters: each person fills in and submits a check-in, their manager signs it off with
ratings of their own (mostly agreeing, sometimes a step apart, so calibration and kappa have
something real to show). Then the admin sets salary bands and answers the maturity survey,
and a manager submits a promotion packet that waits for another manager's review.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.leveling.frameworks import active_framework
from ladders.leveling.levels import level_record
from ladders.leveling.models import CheckIn, FrameworkVersion
from ladders.leveling.pay import band_set, person_salary_set
from ladders.leveling.profiles import profile_of, quarter_end
from ladders.leveling.selectors import sign_off_outcome
from ladders.leveling.services import checkin_save, checkin_sign_off, maturity_record
from ladders.promotions.models import Packet
from ladders.promotions.services import packet_audit, packet_create, packet_review, packet_submit

MARKET, CURRENCY = "us", "USD"
BAND_SOURCE = "Demo figures (sample data), not market data"
# Where each person's base sits in their level's band, in order of the people: mostly inside,
# one below and one above, so the pay page has each case to show.
BAND_POSITIONS = (0.8, 0.6, 0.5, 0.3, -0.1, 0.55, 0.45, 0.7, 0.2, 0.65, 0.4, 1.15)


def _time_split(fw: Framework, rng: random.Random) -> dict[str, float]:
    """Whole percentages over the framework's activities that add up to 100."""
    weights = [rng.randint(1, 6) for _ in fw.activities]
    shares = [w * 100 // sum(weights) for w in weights]
    shares[0] += 100 - sum(shares)
    return {a.id: float(share) for a, share in zip(fw.activities, shares, strict=True)}


def _manager_view(own: dict[str, int], fw: Framework, rng: random.Random) -> dict[str, int]:
    """The manager's ratings: theirs for every skill the person rated, about one in three a step apart."""
    low, high = fw.rating_scale.min, fw.rating_scale.max
    given = {}
    for skill, value in sorted(own.items()):
        if rng.random() < 0.35:
            value = min(high, max(low, value + rng.choice((-1, 1, 1))))
        given[skill] = value
    return given


def demo_history_record(
    *,
    person: Person,
    fw: Framework,
    version: FrameworkVersion,
    sample: dict[str, Any],
    quarters: list[str],
    seed: int,
) -> None:
    """The person's check-ins for `quarters`, submitted and signed off by their manager.

    A manager's step down is kept only where it leaves the level the person's own ratings
    give, so the demo's levels stay those of the people list. The head of the organisation
    has nobody to sign off: their level is recorded from the same ratings and evidence.
    """
    rng = random.Random(f"demo-history-{seed}")
    own = dict(sample["skills"])
    allocation = _time_split(fw, rng)
    for quarter in quarters:
        if person.manager is None:
            trial = CheckIn(person=person, quarter=quarter, self_ratings=own)
            as_of = min(quarter_end(quarter), timezone.localdate())
            result = assess(fw, profile_of(person, fw, checkin=trial), as_of=as_of)
            level_record(
                actor=None, person=person, version=version, result=result, as_of=as_of, reason=quarter
            )
            continue
        checkin = checkin_save(
            actor=person,
            person=person,
            quarter=quarter,
            self_ratings=own,
            time_allocation=allocation,
            notes=f"What I worked on in {quarter} is in my evidence log.",
            submit=True,
        )
        given = _manager_view(own, fw, rng)
        raised = {skill: max(value, own[skill]) for skill, value in given.items()}
        if given != raised:  # a step down: keep it only if the level stays
            level = sign_off_outcome(person=person, checkin=checkin, manager_ratings=raised)["level"]
            if sign_off_outcome(person=person, checkin=checkin, manager_ratings=given)["level"] != level:
                given = raised
        checkin_sign_off(
            actor=person.manager,
            checkin=checkin,
            manager_ratings=given,
            manager_notes=f"Talked {quarter} through together.",
        )


def demo_bands_set(*, admin: Person, fw: Framework) -> None:
    """One band per level in the demo's market, each a step above the last."""
    for index, level in enumerate(fw.levels):
        low = 90_000 + 45_000 * index
        band_set(
            actor=admin,
            level=level.id,
            market=MARKET,
            currency=CURRENCY,
            min=low,
            max=low + 45_000,
            source=BAND_SOURCE,
        )


def demo_salaries_set(*, admin: Person, people: list[Person], fw: Framework) -> None:
    """Base salaries placed in each person's band (see BAND_POSITIONS), set by the admin.

    Through the salary service, so each one is validated against the bands and audited.
    """
    for index, person in enumerate(people):
        person.refresh_from_db(fields=["level"])
        position = fw.level_index.get(person.level, 0)
        low = 90_000 + 45_000 * position
        share = BAND_POSITIONS[index % len(BAND_POSITIONS)]
        person_salary_set(
            actor=admin,
            person=person,
            base_salary=Decimal(round(low + 45_000 * share, -3)),
            currency=CURRENCY,
            market=MARKET,
        )


def demo_maturity_record(*, admin: Person, fw: Framework, org_name: str) -> None:
    """The organisation's answers to the maturity survey: further along in some phases than others."""
    if fw.maturity is None:
        return
    top = len(fw.maturity.levels)
    phases = {phase.id: 1 + (index * 2 + 1) % top for index, phase in enumerate(fw.maturity.phases)}
    maturity_record(actor=admin, org_name=org_name, phases=phases)


def demo_packet_submit(*, subject: Person, author: Person, reviewer: Person) -> Packet:
    """A promotion packet for the level above the subject's, submitted and waiting for `reviewer`."""
    subject.refresh_from_db()
    _, fw = active_framework(subject.org)
    above = fw.levels[min(fw.level_index[subject.level] + 1, len(fw.levels) - 1)]
    packet = packet_create(
        actor=author,
        person=subject,
        target=above.id,
        narrative=(
            f"{subject.name} has taken on work at {above.name} scope; the evidence log shows it "
            "item by item, and the last three quarters' sign-offs agree on the skills."
        ),
    )
    return packet_submit(actor=author, packet=packet, reviewer=reviewer, revision=packet.revision)


def demo_packet_reviewed(*, subject: Person, author: Person, reviewer: Person, auditor: Person) -> None:
    """A packet reviewed claim by claim and its review reviewed: waiting for an admin's decision.

    The reviewer supports what the engine passed (citing its evidence) and finds the rest
    short of evidence, as a careful reviewer would; the auditor confirms each verdict.
    """
    packet = demo_packet_submit(subject=subject, author=author, reviewer=reviewer)
    verdicts = {
        claim["check"]: (
            {"verdict": "supported", "comment": "The cited work shows it.", "cited": claim["evidence"]}
            if claim["engine_passed"]
            else {"verdict": "insufficient_evidence", "comment": f"Nothing yet shows: {claim['detail']}"}
        )
        for claim in packet.claims
    }
    packet = packet_review(
        actor=reviewer, packet=packet, verdicts=verdicts, auditor=auditor, revision=packet.revision
    )
    audits = {
        check: {"audit": "confirmed", "comment": "Read the cited evidence; the verdict stands."}
        for check in verdicts
    }
    packet_audit(actor=auditor, packet=packet, audits=audits, revision=packet.revision)
