"""Salary bands (admins only) and where a person's pay sits in them.

Bands are kept per level, market and currency. For anyone but an admin every band route
answers 404, as the band pages do. A person's pay position follows the compensation rule
of `GET /people/{id}`: the person, their management chain and admins; anyone else, 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, ValidationInfo, field_validator

from ladders.api.errors import error_responses
from ladders.api.examples import BAND_SET, examples
from ladders.api.inputs import StrictIn, text
from ladders.api.lookups import band_id_path, band_in_reach, bands_in_reach, person_id_path, person_in_reach
from ladders.api.pagination import PageIn, page_of
from ladders.core.rules import Id
from ladders.leveling.pay import SOURCE_MAX, band_delete, band_list, band_set, pay_position

router = Router(tags=["pay"])

Money = Annotated[float, Field(ge=0, lt=1e9)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code in capitals: USD.")]
Source = Annotated[str, text(SOURCE_MAX)]
ADMINS_ONLY = "Admins only; for anyone else the bands do not exist (404)."


class BandOut(Schema):
    id: int = Field(description="Used in /bands/{band_id}.")
    level: str
    market: str
    currency: str
    min: float
    max: float
    source: str = Field(description="Where the figures come from.")
    updated: datetime


class BandListItemOut(BandOut):
    level_name: str | None = Field(description="The level's name; null if the active framework lacks it.")
    known_level: bool = Field(description="False for a level the active framework no longer has.")


class BandListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[BandListItemOut] = Field(description="By market and currency, in ladder order.")


class BandSetIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=examples(BAND_SET))

    level: Id = Field(description="A level id of the active framework.")
    market: Id = Field(description="Compensation market id, for example us.")
    currency: Currency
    min: Money
    max: Money = Field(description="Not below min.")
    source: Source = Field("", description="Where the figures come from.")

    @field_validator("max")
    @classmethod
    def _not_below_min(cls, value: float, info: ValidationInfo) -> float:
        if value < info.data.get("min", value):
            raise ValueError("must not be below min")
        return value


class BandSavedOut(BandOut):
    pass


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    band = row["band"]
    return {
        **{name: getattr(band, name) for name in BandOut.model_fields if name != "id"},
        "id": band.pk,
        "level_name": row["level_name"],
        "known_level": row["known_level"],
    }


@router.get(
    "/bands",
    response={200: BandListOut, **error_responses(403, 404, 422)},
    operation_id="band_list",
    summary="The organisation's salary bands",
    description=ADMINS_ONLY,
)
def band_list_get(request, page: Query[PageIn]):
    return page_of([_listed(row) for row in band_list(viewer=request.auth)], page)


@router.post(
    "/bands",
    response={200: BandSavedOut, **error_responses(400, 403, 404, 422)},
    operation_id="band_set",
    summary="Create or replace the band of a level, market and currency",
    description=ADMINS_ONLY + " Every change is recorded in the audit trail.",
)
def band_set_post(request, payload: BandSetIn):
    admin = bands_in_reach(request.auth)
    return band_set(actor=admin, **payload.model_dump())


@router.delete(
    "/bands/{band_id}",
    response={204: None, **error_responses(403, 404, 422)},
    operation_id="band_delete",
    summary="Delete a salary band",
    description=ADMINS_ONLY,
)
def band_delete_one(request, band_id: int = band_id_path()):
    band_delete(actor=request.auth, band=band_in_reach(request.auth, band_id))
    return Status(204, None)


# -- a person's pay --------------------------------------------------------------------------


class BandRangeOut(Schema):
    min: float
    max: float


class PremiumOut(Schema):
    id: str
    name: str
    eligible: bool
    percent: list[float] = Field(description="[low, high] percent above base.")
    range: list[float] | None = Field(description="[low, high] pay with the premium; null unless eligible.")
    evidence: list[str]
    detail: str


class JumpOut(Schema):
    from_: str = Field(alias="from")
    to: str
    percent: list[float] = Field(description="[low, high] typical raise at promotion.")
    range: list[float]
    next_band: BandRangeOut | None
    description: str | None


class BriefItemOut(Schema):
    evidence: str
    title: str
    outcome: str | None
    scope: str | None


class PayPositionOut(Schema):
    base: float
    currency: str
    market: str
    level: str = Field(description="The assessed level whose band is used.")
    band: BandRangeOut | None = Field(description="Null when no band matches level, market and currency.")
    position: float | None = Field(description="0 at the band's min, 1 at its max.")
    placement: Literal["below band", "in band", "above band"] | None
    premiums: list[PremiumOut]
    jump: JumpOut | None = Field(description="The framework's pay jump to the next level, if any.")
    negotiation_brief: list[BriefItemOut] = Field(description="Measured outcomes of practice evidence.")


class PayOut(Schema):
    person_id: int
    compensation: PayPositionOut | None = Field(
        description="Null when no base salary, currency and market are on record."
    )


@router.get(
    "/people/{person_id}/pay",
    response={200: PayOut, **error_responses(403, 404, 422)},
    operation_id="pay_get",
    summary="Where the person's base salary sits in their level's band",
    description="The level is the live assessment's. Shown to the person, their management chain "
    "and admins; for anyone else, 404. A stored pay record that is not valid is a 422.",
    by_alias=True,
)
def pay_get(request, person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    return {"person_id": person.pk, "compensation": pay_position(viewer=request.auth, person=person)}
