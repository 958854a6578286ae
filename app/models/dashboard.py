"""Response schemas of the dashboard endpoints: ``/v1/stats`` and ``/v1/timeline``.

The services build these answers as dicts; the schemas document them for the OpenAPI
document and generated clients (tests/contract checks every real answer against them,
with no undeclared field allowed).
"""

from __future__ import annotations

from pydantic.json_schema import SkipJsonSchema

from app.models.base import omitted_when_none
from app.models.citation import CitationPublic
from app.models.public import Number, Out


class ClaimQuote(Out):
    """A quote behind a claim's value."""

    id: str
    source_id: str
    figure_id: str
    quote: str


class StatsClaim(Out):
    """A claim as totals count it: figures with one subject, metric, unit and value."""

    id: str
    kind: str
    """``fund`` or ``target``."""
    subject: str
    subject_name: str
    subject_name_ar: str | None
    metric: str
    value: Number
    unit: str
    label: str
    qualifiers: list[str]
    """The hedges the articles use (``none`` for a figure stated without one)."""
    figure_ids: list[str]
    sources: list[str]
    corroborated_by: int
    citations: list[ClaimQuote]
    url: str


class MoneyTotal(Out):
    """Money of one currency, added up over claims (each counted once)."""

    currency: str
    total: Number
    count: int
    claims: list[StatsClaim]
    figure_ids: list[str]
    qualifiers: list[str]
    """Hedges of the claims added (approximate, at_least, up_to): the total is no more
    exact than its parts."""
    double_counts: bool
    """Always false: a claim several articles state is added once."""


class FundId(Out):
    id: str


class FundComponents(Out):
    """A fund's stated components, summed apart from it."""

    parent: StatsClaim | FundId
    by_currency: list[MoneyTotal]
    derived_figure_ids: list[str]
    parent_minus_components: Number | SkipJsonSchema[None] = omitted_when_none()
    """The parent's value minus the components' sum, when both are in one currency."""


class DerivedValue(Out):
    id: str
    value: Number
    unit: str
    formula: str | None
    label: str


class RateClaim(StatsClaim):
    """An amount per unit of time: never added to a total."""

    per_unit: str
    duration_months: int | None
    derived_figures: list[DerivedValue]


class FundsSection(Out):
    by_currency: list[MoneyTotal]
    components: list[FundComponents]
    rates: list[RateClaim]


class TargetGroup(Out):
    count: int
    claims: list[StatsClaim]
    figure_ids: list[str]
    double_counts: bool


class DeadlineYear(Out):
    year: int | None
    """Null for claims no article dates."""
    targets: TargetGroup
    funds: list[MoneyTotal]


class StatsPartner(Out):
    id: str
    name: str
    name_ar: str | None
    country: str | None
    kind: str


class PartnerTotals(Out):
    partner: StatsPartner
    initiatives: int
    initiative_ids: list[str]
    roles: list[str]
    funds_given: list[MoneyTotal]


class CountryTotals(Out):
    country: str | None
    partners: int
    partner_ids: list[str]
    country_basis: list[str]
    initiatives: int
    funds_given: list[MoneyTotal]


class InitiativeKindTotals(Out):
    kind: str
    initiatives: int
    initiative_ids: list[str]
    funds: list[MoneyTotal]
    targets: int


class RegionTotals(Out):
    region: str | None
    initiatives: int
    initiative_ids: list[str]
    funds: list[MoneyTotal]
    targets: int
    region_ar: str | None


class StatsSource(Out):
    id: str
    title: str | None


class SourceTotals(Out):
    source: StatsSource
    citations: int
    figures: int
    claims: int
    targets: int
    funds: list[MoneyTotal]


class Counts(Out):
    sources: int
    partners: int
    people: int
    initiatives: int
    events: int
    citations: int
    figures: int
    derived_figures: int
    claims: int
    claims_in_several_sources: int


class StatsPublic(Out):
    """Totals and counts; ``rules`` says in words how each is counted."""

    rules: dict[str, str]
    counts: Counts
    headline: list[StatsClaim]
    funds: FundsSection
    by_deadline_year: list[DeadlineYear]
    by_partner: list[PartnerTotals]
    by_country: list[CountryTotals]
    by_initiative_kind: list[InitiativeKindTotals]
    by_region: list[RegionTotals]
    by_source: list[SourceTotals]


class TimelineRecord(Out):
    type: str
    id: str
    url: str


class TimelineEntry(Out):
    """An event, a target's deadline, or the start or end of a fund's period."""

    type: str
    """``event``, ``target_deadline``, ``fund_period_start`` or ``fund_period_end``."""
    kind: str
    id: str
    title: str
    title_ar: str | None
    date: str | None
    """As precise as the article allows: ``2025-07-22``, ``2025-07``, ``2024``."""
    date_precision: str | None
    date_basis: str | None
    """``article`` (the article writes it) or ``inferred``; null when nothing dates it."""
    date_inferred_from: str | None
    """For an inferred date: the words and the page date it rests on."""
    earliest: str | None
    latest: str | None
    date_text_ar: str | None
    place: str | None
    place_ar: str | None
    record: TimelineRecord
    claim_id: str | None
    figure_ids: list[str]
    value: Number | None
    unit: str | None
    qualifiers: list[str] | SkipJsonSchema[None] = omitted_when_none()
    """Figures only: the hedges of the claim."""
    citations: list[CitationPublic]


class TimelinePublic(Out):
    items: list[TimelineEntry]
    undated: list[TimelineEntry]
    rules: dict[str, str]
