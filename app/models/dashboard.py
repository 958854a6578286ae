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


class ClaimQuote(CitationPublic):
    """A quote behind a claim's value: the citation every record embeds
    (``source.text[start:end] == quote``, code-point offsets) and the figure it supports.
    A quote the article repeats is one citation per occurrence, each with its offsets."""

    figure_id: str


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


class AddedClaim(Out):
    """One amount a total adds: the claim, its value, its articles."""

    claim_id: str
    value: Number
    sources: list[str]
    label: str


class MoneyTotal(Out):
    """Money of one currency, added up over claims (each counted once). Exactly one of
    ``total`` and ``sum_if_separate`` is a number (both null with ``?basis=article``)."""

    currency: str
    total: Number | None
    """The sum, when it is one: ``overlap`` is ``single`` or ``parts_of_one_total``. Null
    when ``overlap`` is ``unknown`` (see ``sum_if_separate``, ``total_withheld_because``),
    and with ``?basis=article`` (a sum is masdar's computation: ``total_basis``)."""
    total_basis: str | None
    """``computed``: masdar adds; no article states this total. Null with ``total`` when
    the sum is withheld (``sum_if_separate_basis`` then says ``computed``)."""
    sum_if_separate: Number | None
    """Only when ``overlap`` is ``unknown``: what the amounts add to if none contains
    another. masdar's arithmetic, not a budget: never show it as a total. Null otherwise
    (the sum is ``total``) and with ``?basis=article``."""
    sum_if_separate_basis: str | None
    """``computed`` (masdar's arithmetic; no article states it); null with
    ``sum_if_separate``."""
    total_withheld_because: str | None
    """Why ``total`` is null although there are amounts to add (overlap unknown); null
    when ``total`` is given."""
    formula: str
    """The amounts added and their articles: ``1300000000 (003) + …``."""
    adds: list[AddedClaim]
    overlap: str
    """``single``, ``parts_of_one_total`` or ``unknown`` (whether one amount contains
    another, no article says)."""
    overlap_note: str
    count: int
    claims: list[StatsClaim]
    figure_ids: list[str]
    qualifiers: list[str]
    """Hedges of the claims added (approximate, at_least, up_to): the total is no more
    exact than its parts."""
    double_counts: bool | None
    """Whether the sum may count the same money twice. ``false``: one amount, or amounts
    an article keeps apart (``single``, ``parts_of_one_total``); ``null``: unknown
    (``overlap: unknown``, the articles do not say whether one contains another).
    ``true`` would be an article saying one contains the other: masdar adds no such
    amounts. A claim several articles state is added once in every case."""


class ComponentClaim(StatsClaim):
    """A stated component of a fund, naming the fund it belongs to."""

    fund: str
    """The subject of the fund this amount is a component of (the same for every
    component of one fund): ``investors-founders-fund``."""
    subject_role: str
    """``fund``: ``subject`` is that fund itself; ``purpose``: ``subject`` is the
    initiative the article says the amount is for (003's «**70 مليون درهم** لتوسيع شبكة
    Technopark»: the fund's money, for the Technopark network, not the network's own)."""
    subject_note: str
    """The same in a sentence, quoting the fund and the component."""


class ComponentTotal(MoneyTotal):
    """The components of one fund in one currency (``overlap: parts_of_one_total``)."""

    claims: list[ComponentClaim]  # type: ignore[assignment]


class FundId(Out):
    id: str


class FundComponents(Out):
    """A fund's stated components, summed apart from it."""

    parent: StatsClaim | FundId
    by_currency: list[ComponentTotal]
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
    """Always false: targets are counted, not added, and a target claim several articles
    state is counted once."""


class DeadlineYear(Out):
    year: int | None
    """Null for claims no article dates."""
    targets: TargetGroup
    funds: list[MoneyTotal]


class StatsPartner(Out):
    id: str
    name: str | None
    name_ar: str | None
    country: str | None
    country_basis: str | None
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
    """Arabic an article of the entry writes, verbatim (``title_ar_source``): an event's
    Arabic name; for a deadline or fund period, its figure's words for the value and, when
    written with it, the date. Never another record's name; null when no article writes one."""
    title_ar_source: str | None
    """The article (source id) whose text contains ``title_ar``."""
    date: str | None
    """As precise as the article allows: ``2025-07-22``, ``2025-07``, ``2024``."""
    date_precision: str | None
    date_basis: str | None
    """``article`` (the article writes it) or ``inferred``; null with ``date``."""
    date_inferred_from: str | None
    """For an inferred date: the words and the page date it rests on."""
    date_note: str | None
    """Why ``date`` is null: a time the article words but masdar does not read as a date
    («يوم الاثنين»), or no article dates it."""
    earliest: str | None
    earliest_basis: str | None
    """``article`` (the extent of a date an article writes: a year, a month) or
    ``inferred`` (mid-year read as April–September, a page date's bound, what the event
    follows); null with ``earliest``."""
    earliest_inferred_from: str | None
    latest: str | None
    latest_basis: str | None
    """As ``earliest_basis``; for an undated event, the page date's bound is ``inferred``."""
    latest_inferred_from: str | None
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
