"""The shape of the YAML files in data/seed/ (see data/seed/README.md).

Unknown fields are errors, not silently ignored: a typo in a field name must
not drop a fact.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.models.base import CURRENCIES, Basis, Qualifier

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CiteIn(Strict):
    source: Slug
    quote: Text
    occurrence: int | None = Field(default=None, ge=1)
    field: str | None = None


class AliasIn(Strict):
    text: Text
    lang: Literal["ar", "en", "fr", "latin"]
    kind: Literal["name", "acronym", "variant", "transliteration", "translation"]
    source: Slug | None = None
    kept_because: Annotated[str, StringConstraints(min_length=10, max_length=500)] | None = None
    """Why ``source`` is kept although it writes the alias only inside a longer name of
    another record (app/seed/aliases.py)."""


class SourceIn(Strict):
    id: Slug
    file: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_on: date | None = None
    published_on_precision: Literal["day", "month", "year"] | None = None
    kind: Literal["news", "blog", "press_release"]
    language: str = "ar"
    url: str | None = None
    notes: str | None = None
    cite: list[CiteIn] = []


class PartnerIn(Strict):
    id: Slug
    name: Text
    name_basis: Basis
    name_ar: str | None = None
    kind: Literal[
        "company",
        "ministry",
        "agency",
        "university",
        "commission",
        "group",
        "government",
        "institution",
    ]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    country_basis: Basis | None = None
    description: str | None = None
    aliases: list[AliasIn] = []
    cite: list[CiteIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _basis_with_country(self) -> PartnerIn:
        if (self.country is None) != (self.country_basis is None):
            raise ValueError("country and country_basis are given together or not at all")
        return self


class RoleIn(Strict):
    id: Slug
    title_ar: Text
    title: str | None = None
    title_basis: Basis = Basis.translation
    organisation: Slug | None = None
    cite: list[CiteIn] = Field(min_length=1)


class PersonIn(Strict):
    id: Slug
    name: Text
    name_basis: Basis
    name_ar: Text
    given_name_ar: str | None = None
    given_name: str | None = None
    description: str | None = None
    aliases: list[AliasIn] = []
    roles: list[RoleIn] = []
    cite: list[CiteIn] = Field(min_length=1)


class LinkIn(Strict):
    partner: Slug
    role: Literal[
        "co_develops",
        "funds",
        "supplies_power",
        "supplies_gpus",
        "supplies_compute",
        "advises",
        "signs",
        "supervises",
        "hosts",
        "supports",
        "partners",
    ]
    cite: list[CiteIn] = Field(min_length=1)


class InitiativeIn(Strict):
    id: Slug
    name: Text
    name_basis: Basis
    name_ar: str | None = None
    kind: Literal[
        "strategy",
        "research_network",
        "institute",
        "lab",
        "data_centre",
        "cloud",
        "programme",
        "fund",
        "platform",
        "centre_of_excellence",
        "cooperation",
        "portal",
        "infrastructure",
        "framework",
        "sector",
    ]
    parent: Slug | None = None
    region: str | None = None
    region_basis: Basis | None = None
    region_ar: str | None = None
    location_ar: str | None = None
    location: str | None = None
    status: Literal["announced", "launched", "planned", "under_construction", "signed"] | None
    description: str | None = None
    aliases: list[AliasIn] = []
    partners: list[LinkIn] = []
    cite: list[CiteIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _region_basis(self) -> InitiativeIn:
        if (self.region is None) != (self.region_basis is None):
            raise ValueError("region and region_basis are given together or not at all")
        return self


class ParticipantIn(Strict):
    person: Slug | None = None
    partner: Slug | None = None
    role: Literal[
        "announced",
        "signed",
        "presided",
        "attended",
        "met",
        "presented",
        "organised",
        "visited",
        "hosted",
        "patron",
    ]
    cite: list[CiteIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_party(self) -> ParticipantIn:
        if (self.person is None) == (self.partner is None):
            raise ValueError("a participant is exactly one of `person` or `partner`")
        return self


class EventInitiativeIn(Strict):
    initiative: Slug
    relation: Literal["launched", "announced", "signed", "welcomed", "presented", "discussed"]
    cite: list[CiteIn] = Field(min_length=1)


class EventIn(Strict):
    id: Slug
    kind: Literal["conference", "signing", "visit", "announcement", "launch"]
    name: Text
    name_basis: Basis
    name_ar: str | None = None
    happened_on: date | None = None
    happened_year: int | None = Field(default=None, ge=1900, le=2100)
    happened_month: int | None = Field(default=None, ge=1, le=12)
    date_precision: Literal["day", "month", "year", "mid_year"] | None = None
    not_before: date | None = None
    """Earliest possible date, inferred from what the article says the event follows;
    needs a citation with ``field: not_before`` quoting those words."""
    not_after: date | None = None
    date_text_ar: str | None = None
    place: str | None = None
    place_ar: str | None = None
    description: str | None = None
    participants: list[ParticipantIn] = []
    initiatives: list[EventInitiativeIn] = []
    cite: list[CiteIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent_date(self) -> EventIn:
        d = self.happened_on
        if d and (
            self.happened_year not in (None, d.year) or self.happened_month not in (None, d.month)
        ):
            raise ValueError("happened_year/happened_month disagree with happened_on")
        lo = self.not_before
        if lo and ((d and lo > d) or (self.not_after and lo > self.not_after)):
            raise ValueError("not_before is after happened_on or not_after")
        if lo and not any(c.field == "not_before" for c in self.cite):
            raise ValueError(
                "not_before is an inference: cite the words it rests on with field: not_before"
            )
        return self


class FigureIn(Strict):
    id: Slug
    kind: Literal["fund", "target"]
    subject: Slug
    metric: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    value: float = Field(gt=0, allow_inf_nan=False)
    unit: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    qualifier: Qualifier | None = None
    label: Text
    target_kind: Literal["goal", "capacity", "count", "forecast"] | None = None
    deadline_year: int | None = Field(default=None, ge=1900, le=2100)
    giver: Slug | None = None
    parent: Slug | None = None
    period_start_year: int | None = Field(default=None, ge=1900, le=2100)
    period_end_year: int | None = Field(default=None, ge=1900, le=2100)
    per_unit: Literal["month", "year"] | None = None
    duration_months: int | None = Field(default=None, gt=0)
    cite: list[CiteIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _kind_fields(self) -> FigureIn:
        if self.kind == "fund":
            if self.unit not in CURRENCIES:
                raise ValueError(
                    f"unknown currency {self.unit!r}: a fund's unit is one of {CURRENCIES}"
                )
            if self.target_kind or self.deadline_year:
                raise ValueError("target_kind/deadline_year are for targets, not funds")
        else:
            if self.target_kind is None:
                raise ValueError("a target needs target_kind")
            fund_only = (self.giver, self.parent, self.per_unit, self.duration_months)
            if any(v is not None for v in fund_only):
                raise ValueError("giver/parent/per_unit/duration_months are for funds")
        return self


class DerivedIn(Strict):
    id: Slug
    kind: Literal["fund", "target"]
    subject: Slug
    metric: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    unit: str
    formula: Literal["sum", "product"]
    inputs: list[Slug] = Field(min_length=2)
    factor: float = Field(default=1, gt=0, allow_inf_nan=False)
    factor_note: str | None = None
    label: Text
    target_kind: Literal["goal", "capacity", "count", "forecast"] | None = None

    @model_validator(mode="after")
    def _factor_explained(self) -> DerivedIn:
        if self.factor != 1 and not self.factor_note:
            raise ValueError("a factor other than 1 needs factor_note saying what it is")
        if self.kind == "target" and self.target_kind is None:
            raise ValueError("a derived target needs target_kind")
        return self


class SkipIn(Strict):
    source: Slug
    quote: Text
    occurrence: int | None = Field(default=None, ge=1)
    reason: Text
