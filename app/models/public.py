"""Response schemas shared across resources (what clients may rely on)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, PlainSerializer

from app.models.base import OUTPUT
from app.models.citation import CitationPublic


def json_number(v: float) -> int | float:
    """A figure value as JSON writes it: an integral value as an integer."""
    return int(v) if float(v).is_integer() and abs(v) < 2**63 else v


Number = Annotated[float, PlainSerializer(json_number, return_type=int | float)]
"""A figure value in base units; integral values are written as JSON integers."""


class Out(BaseModel):
    model_config = OUTPUT


class AliasPublic(Out):
    text: str
    lang: str
    kind: str
    source_id: str | None = None
    """The article that writes this spelling as a name of its own (a surname written only
    inside a full name does not count); null: no article does (general knowledge)."""
    kept_because: str | None = None
    """Why the alias is kept although it may mislead: it also names another person (a
    surname two people share: «مزور»), or its article writes it only inside a longer name
    of another record (docs/trust.md); null otherwise."""


class Ref(Out):
    """A link to another record: its id and names."""

    id: str
    name: str
    name_ar: str | None = None


class PartnerRef(Ref):
    country: str | None = None
    country_basis: str | None = None
    """``article`` or ``general_knowledge`` (Oracle is American: no article says so)."""
    kind: str


class PartnerLink(Out):
    """A partner's role in an initiative, with the quotes that state it."""

    partner: PartnerRef
    role: str
    citations: list[CitationPublic]


class InitiativeLink(Out):
    initiative: Ref
    role: str
    citations: list[CitationPublic]


class FigureRef(Out):
    id: str
    kind: str
    metric: str
    value: Number
    value_basis: str
    """``article`` (a quote states it) or ``computed`` (a derived figure: masdar's)."""
    unit: str
    qualifier: str | None = None
    derived: bool = False


class FigureInputRef(FigureRef):
    """An input of a derived figure, with the quotes that state it."""

    label: str | None = None
    citations: list[CitationPublic] = []


class InitiativePublic(Out):
    id: str
    name: str | None
    """Null only with `?basis=article` when no article states it (`name_basis`)."""
    name_basis: str
    name_ar: str | None = None
    kind: str
    parent: Ref | None = None
    region: str | None = None
    region_basis: str | None = None
    region_ar: str | None = None
    location: str | None = None
    location_ar: str | None = None
    status: str | None = None
    description: str | None = None
    description_basis: str = "masdar"
    """``masdar``: our English summary of what the articles say, with our notes (what is
    general knowledge, what the articles leave open); not a translation of one passage.
    The citations quote the articles."""
    aliases: list[AliasPublic]
    partners: list[PartnerLink]
    figures: list[FigureRef]
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class PartnerPublic(Out):
    id: str
    name: str | None
    """Null only with `?basis=article` when no article states it (`name_basis`)."""
    name_basis: str
    name_ar: str | None = None
    kind: str
    country: str | None = None
    country_basis: str | None = None
    description: str | None = None
    description_basis: str = "masdar"
    """``masdar``: our English summary of what the articles say, with our notes (what is
    general knowledge, what the articles leave open); not a translation of one passage.
    The citations quote the articles."""
    aliases: list[AliasPublic]
    initiatives: list[InitiativeLink]
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class RolePublic(Out):
    id: str
    title_ar: str
    title: str | None = None
    title_basis: str
    organisation: PartnerRef | None = None
    citations: list[CitationPublic]


class PersonPublic(Out):
    id: str
    name: str | None
    """Null only with `?basis=article` when no article states it (`name_basis`)."""
    name_basis: str
    name_ar: str
    given_name: str | None = None
    given_name_ar: str | None = None
    description: str | None = None
    aliases: list[AliasPublic]
    roles: list[RolePublic]
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class ParticipantPublic(Out):
    person: Ref | None = None
    partner: PartnerRef | None = None
    role: str
    citations: list[CitationPublic]


class EventInitiativePublic(Out):
    initiative: Ref
    relation: str
    citations: list[CitationPublic]


class EventPublic(Out):
    id: str
    kind: str
    name: str | None
    """Null only with `?basis=article` when no article states it (`name_basis`)."""
    name_basis: str
    name_ar: str | None = None
    happened_on: str | None = None
    happened_year: int | None = None
    """Stored only for a partial date (a year, a month): a full date is ``happened_on``;
    ``date`` is the date as precise as known, either way."""
    happened_month: int | None = None
    """As ``happened_year``: a month without a day."""
    date_precision: str | None = None
    date: str | None = None
    """As precise as known (``2025-07-22``, ``2025-07``, ``2024``); null when no article
    dates the event, or only a weak inference would (a weekday: «يوم الاثنين»)."""
    date_basis: str | None = None
    """``article`` or ``inferred`` (then ``date_inferred_from`` says from what); null
    with ``date``."""
    date_inferred_from: str | None = None
    date_note: str | None = None
    """Why ``date`` is null: a time the article words but masdar does not read as a date
    (a weekday), or no article dates it."""
    not_before: str | None = None
    """The earliest possible date: what the article says the event follows («هذا اليوم يأتي
    استكمالاً للملتقى الوطني …» held «في يوليو الماضي» → 2025-07-01)."""
    not_before_basis: str | None = None
    """``inferred`` (null with ``not_before``)."""
    not_before_inferred_from: str | None = None
    """The words and the page date ``not_before`` rests on."""
    not_after: str | None = None
    not_after_basis: str | None = None
    """``inferred``: the latest date the article's page date allows (null with
    ``not_after``)."""
    not_after_inferred_from: str | None = None
    """The page date ``not_after`` rests on."""
    date_text_ar: str | None = None
    place: str | None = None
    place_ar: str | None = None
    description: str | None = None
    participants: list[ParticipantPublic]
    initiatives: list[EventInitiativePublic]
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class FigurePublic(Out):
    """Every numeric fact in one shape. ``value`` is in base units; ``unit`` is an ISO 4217
    code for money. A derived figure has no quote of its own: see ``formula`` and ``inputs``."""

    id: str
    kind: str
    subject: str
    subject_name: str
    subject_name_ar: str | None = None
    metric: str
    value: Number
    value_basis: str
    """``article`` (a quote states it) or ``computed`` (derived: see ``formula``, ``inputs``)."""
    unit: str
    qualifier: str | None = None
    label: str
    label_basis: str = "translation"
    """``translation`` (our English for the article's words) or ``masdar`` (a computed
    figure's label: masdar's own description of the computation)."""
    derived: bool
    formula: str | None = None
    factor: float | None = None
    factor_note: str | None = None
    inputs: list[FigureInputRef] = []
    citations: list[CitationPublic]
    url: str
    """This figure's page in the source viewer (HTML)."""
    claim_id: str | None = None
    """The claim this figure states (``/v1/claims/{id}``); null for a derived figure."""
    conflict_ids: list[str] | None = None
    """The conflicts (``/v1/conflicts/{id}``) this figure is part of, on
    ``GET /v1/figures/{id}`` (``[]``: none). Null in lists, where they are not looked up:
    null is "not looked up here", never "none"; ask ``/v1/conflicts?record=figure:<id>``."""
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class FundPublic(Out):
    id: str
    amount: Number
    value_basis: str
    """Of ``amount``: ``article`` or ``computed`` (a derived fund: see ``formula``)."""
    currency: str
    qualifier: str | None = None
    label: str
    label_basis: str = "translation"
    """``translation`` (our English for the article's words) or ``masdar`` (a computed
    figure's label: masdar's own description of the computation)."""
    initiative: Ref
    giver: PartnerRef | None = None
    parent: FigureRef | None = None
    components: list[FigureRef]
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = None
    duration_months: int | None = None
    derived: bool
    formula: str | None = None
    factor: float | None = None
    """A constant the formula multiplies by (12 months a year for the PASS stipends)."""
    factor_note: str | None = None
    """Why ``factor`` (in words)."""
    inputs: list[FigureRef] = []
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class TargetPublic(Out):
    id: str
    metric: str
    value: Number
    value_basis: str
    """``article`` or ``computed`` (a derived target: see ``formula``)."""
    unit: str
    qualifier: str | None = None
    label: str
    label_basis: str = "translation"
    """``translation`` (our English for the article's words) or ``masdar`` (a computed
    figure's label: masdar's own description of the computation)."""
    target_kind: str
    deadline_year: int | None = None
    initiative: Ref
    derived: bool
    formula: str | None = None
    factor: float | None = None
    """A constant the formula multiplies by (12 months a year for the PASS stipends)."""
    factor_note: str | None = None
    """Why ``factor`` (in words)."""
    inputs: list[FigureRef] = []
    citations: list[CitationPublic]
    version: int = 1
    """+1 with every change; PATCH/DELETE need ``If-Match`` with this version's ETag."""
    retracted_at: str | None = None
    """Non-null only for curators reading with ``?include_retracted=true``."""


class CitedRecord(Out):
    type: str
    id: str
    field: str | None = None
    url: str | None = None


class SourceRef(Out):
    id: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_on: str | None = None
    kind: str
    url: str | None = None
    sha256: str


class CitationDetail(CitationPublic):
    source: SourceRef
    record: CitedRecord
    verified: bool
    """``source.text[start:end] == quote`` at the time of the request."""
