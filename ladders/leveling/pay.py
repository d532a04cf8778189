"""Salary bands: admins keep them per level, market and currency; the core says where a person sits.

Who may see a person's pay follows `can_view_compensation` (the person, their management
chain, admins); anyone else is told the person's pay does not exist (404). The figures
themselves (position in band, premiums, the promotion jump, the negotiation brief) all come
from `ladders.core.compensation`; nothing here decides a rule.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from pydantic import ValidationError

from ladders.accounts.models import Organisation, Person
from ladders.accounts.permissions import can_manage_bands, can_manage_people, can_view_compensation
from ladders.core import limits
from ladders.core.compensation import Band, Bands
from ladders.core.engine import assess
from ladders.core.errors import InputError, unknown_message
from ladders.core.results import CompensationPosition
from ladders.core.validation import problems_from
from ladders.core.yamlsource import SourceMap
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import SalaryBand
from ladders.leveling.profiles import latest_checkin, profile_of
from ladders.server.errors import Conflict, Forbidden, Invalid

SOURCE_MAX = 500


def _amount(value: Any, field: str) -> float:
    """A money amount as the core's band model takes it; forms send Decimals, JSON numbers."""
    if isinstance(value, bool):
        raise Invalid(f"{field}: must be a number", field=field)
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        return float(Decimal(str(value).strip().replace(",", "")))
    except (InvalidOperation, ValueError):
        raise Invalid(f"{field}: must be a number, for example 130000", field=field) from None


def _validated_band(fw, level: str, market: str, currency: str, low: Any, high: Any) -> Band:
    """Check a band exactly as a bands file is checked, and its level against the framework."""
    try:
        band = Band.model_validate(
            {
                "level": level,
                "market": market,
                "currency": currency,
                "min": _amount(low, "min"),
                "max": _amount(high, "max"),
            }
        )
    except ValidationError as error:
        problems = problems_from(error, SourceMap("band"))
        fields = [p.field or "band" for p in problems]
        message = "; ".join(f"{f}: {p.message}" for f, p in zip(fields, problems, strict=True))
        raise Invalid(message, field=fields[0]) from None
    if band.level not in fw.level_index:
        raise Invalid(f"level: {unknown_message('level', level, fw.level_index)}", field="level")
    return band


def _band_snapshot(band: SalaryBand) -> dict[str, Any]:
    return {"min": float(band.min), "max": float(band.max), "source": band.source}


@transaction.atomic
def band_set(
    *,
    actor: Person,
    level: str,
    market: str,
    currency: str,
    min: Any,  # the names of the bands format, shadowing the builtins inside this function only
    max: Any,
    source: str = "",
) -> SalaryBand:
    """Create or replace the band for (level, market, currency) in the actor's organisation."""
    if not can_manage_bands(actor):
        raise Forbidden("only admins manage salary bands")
    _, fw = active_framework(actor.org)
    band = _validated_band(fw, level, market, currency, min, max)
    source = (source or "").strip()
    if len(source) > SOURCE_MAX:
        raise Invalid(f"source: at most {SOURCE_MAX} characters", field="source")
    key = {"org": actor.org, "level": band.level, "market": band.market, "currency": band.currency}
    row = SalaryBand.objects.select_for_update().filter(**key).first()
    before = _band_snapshot(row) if row is not None else None
    if row is None:
        row = SalaryBand(**key)
    row.min = Decimal(str(band.min))
    row.max = Decimal(str(band.max))
    row.source = source
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # set at the same moment by someone else
        raise Conflict("this band was just set by someone else; reload and try again") from None
    row.refresh_from_db(fields=["min", "max"])
    after = _band_snapshot(row)
    if before != after:
        audit(
            actor,
            "band.set",
            org_id=actor.org_id,
            subject=f"{band.level} {band.market} {band.currency}",
            before=before,
            after=after,
        )
    return row


@transaction.atomic
def band_delete(*, actor: Person, band: SalaryBand) -> None:
    if not can_manage_bands(actor) or band.org_id != actor.org_id:
        raise Forbidden("only admins manage salary bands")
    audit(
        actor,
        "band.deleted",
        org_id=actor.org_id,
        subject=f"{band.level} {band.market} {band.currency}",
        before=_band_snapshot(band),
    )
    band.delete()


CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


def _salary_record(person: Person) -> dict[str, Any]:
    return {
        "base_salary": float(person.base_salary) if person.base_salary is not None else None,
        "currency": person.currency or None,
        "market": person.market or None,
    }


def _salary_amount(value: Any) -> Decimal:
    number = _amount(value, "base_salary")
    if not math.isfinite(number) or number <= 0:
        raise Invalid("base_salary: must be a number above zero", field="base_salary")
    if number > limits.SALARY_MAX:
        raise Invalid(f"base_salary: at most {limits.SALARY_MAX:,}", field="base_salary")
    return Decimal(str(number)).quantize(Decimal("0.01"))


def validated_salary(
    *, org_id: int, base_salary: Any, currency: str, market: str
) -> tuple[Decimal | None, str, str]:
    """(amount, currency, market) as stored, or Invalid naming the field; no amount clears all three."""
    if base_salary is None or base_salary == "":
        return None, "", ""
    amount = _salary_amount(base_salary)
    code = (currency or "").strip().upper()
    if not CURRENCY_PATTERN.match(code):
        raise Invalid(
            f"currency: '{currency}' is not a 3-letter currency code such as USD or EUR", field="currency"
        )
    market = (market or "").strip()
    known = sorted(set(SalaryBand.objects.filter(org_id=org_id).values_list("market", flat=True)))
    if market not in known:
        hint = f"known: {', '.join(known)}" if known else "the organisation has no salary bands yet"
        raise Invalid(f"market: '{market}' is not a market of the salary bands ({hint})", field="market")
    return amount, code, market


@transaction.atomic
def person_salary_set(
    *, actor: Person | None, person: Person, base_salary: Any, currency: str, market: str
) -> Person:
    """Record a person's yearly base salary, its currency and market (all three, or None to clear).

    The currency is an ISO 4217 code (3 letters, stored in capitals) and the market one that
    the organisation's salary bands name, so the pay position can be found. Audited with the
    figures before and after. `actor` None is the server's operator (the CLI).
    """
    if actor is not None and (not can_manage_people(actor) or actor.org_id != person.org_id):
        raise Forbidden("only an admin of the organisation sets salaries")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _salary_record(person)
    person.base_salary, person.currency, person.market = validated_salary(
        org_id=person.org_id, base_salary=base_salary, currency=currency, market=market
    )
    person.save(update_fields=["base_salary", "currency", "market"])
    after = _salary_record(person)
    if before != after:
        audit(
            actor,
            "person.salary_set",
            org_id=person.org_id,
            person=person,
            subject=person.name,
            before=before,
            after=after,
        )
    return person


def band_for_viewer(viewer: Person, band_id: int) -> SalaryBand:
    """One band of the viewer's organisation; for anyone who may not manage bands none exists (404)."""
    band = SalaryBand.objects.filter(org_id=viewer.org_id, pk=band_id).first()
    if band is None or not can_manage_bands(viewer):
        raise Http404("No such salary band.")
    return band


def bands_of(org: Organisation) -> Bands:
    """The organisation's bands in the core's shape; every source named once, in order."""
    rows = list(SalaryBand.objects.filter(org=org).order_by("market", "currency", "min", "level"))
    sources = list(dict.fromkeys(row.source for row in rows if row.source))
    return Bands(
        source="; ".join(sources)[:SOURCE_MAX] or None,
        bands=[
            Band(level=r.level, market=r.market, currency=r.currency, min=float(r.min), max=float(r.max))
            for r in rows
        ],
    )


def band_list(*, viewer: Person) -> list[dict[str, Any]]:
    """Every band of the viewer's organisation for the admin's band table, in ladder order.

    A band whose level the active framework no longer has stays listed (and harmless: no
    one is assessed at that level) so an admin can see it and delete it.
    """
    if not can_manage_bands(viewer):
        raise Http404("No such page.")
    _, fw = active_framework(viewer.org)
    rows = SalaryBand.objects.filter(org_id=viewer.org_id)
    unknown = len(fw.levels)
    ordered = sorted(
        rows, key=lambda b: (b.market, b.currency, fw.level_index.get(b.level, unknown), b.level)
    )
    return [
        {
            "band": band,
            "level_name": fw.level_by_id[band.level].name if band.level in fw.level_index else None,
            "known_level": band.level in fw.level_index,
        }
        for band in ordered
    ]


def pay_position(*, viewer: Person, person: Person) -> CompensationPosition | None:
    """Where `person`'s base sits in their assessed level's band, with premiums, jump and brief.

    The live assessment (latest submitted or signed-off check-in plus all evidence) decides
    the level; the result is the core's `compensation_position`. None when the person has
    no base salary with a currency and market on record.
    """
    if not can_view_compensation(viewer, person):
        raise Http404("No such person.")
    if person.base_salary is None or not person.currency or not person.market:
        return None
    _, fw = active_framework(person.org)
    try:
        profile = profile_of(person, fw, checkin=latest_checkin(person))
    except (ValidationError, InputError):
        raise Invalid(
            "the stored pay record is not valid: the currency must be 3 capitals (USD) and the market "
            "an id (us); correct it on the person's record",
            field="compensation",
        ) from None
    return assess(fw, profile, bands=bands_of(person.org))["compensation"]


__all__ = ["band_delete", "band_list", "band_set", "bands_of", "pay_position", "person_salary_set"]
