"""Request bodies of the write API: strict, closed, bounded.

Unknown fields are rejected (``extra="forbid"``), types are strict (``"5"`` is not a
number, ``1`` is not a string), every string has a maximum length, and no string may hold
a NUL character, a lone surrogate (``"\\ud800"`` in JSON), a bidirectional override or
isolate, or a control character other than a newline in multi-line text (one-line
fields: none at all); see :func:`clean_text`. Enumerations are the seed
format's own (``app.seed.schema``), so whatever the API accepts, ``masdar seed`` accepts
after ``masdar export``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic import StringConstraints as S

from app.models.base import CURRENCIES, OUTPUT
from app.models.qualifier import QualifierName
from app.seed import schema as seed

if TYPE_CHECKING:
    Basis: TypeAlias = str
    PartnerKind: TypeAlias = str
    InitiativeKind: TypeAlias = str
    Status: TypeAlias = str
    LinkRole: TypeAlias = str
    ParticipantRole: TypeAlias = str
    EventKind: TypeAlias = str
    Relation: TypeAlias = str
    DatePrecision: TypeAlias = str
    TargetKind: TypeAlias = str
    Qualifier: TypeAlias = str
    SourceKind: TypeAlias = str
else:

    def _enum(model: type[BaseModel], name: str) -> Any:
        """A field's Literal type in the seed format (without its ``| None``)."""
        ann = model.model_fields[name].annotation
        args = [a for a in getattr(ann, "__args__", ()) if a is not type(None)]
        literal = getattr(ann, "__origin__", None) is Literal
        return args[0] if len(args) == 1 and not literal else ann

    Basis = Literal["article", "translation", "transliteration", "general_knowledge", "masdar"]
    PartnerKind = _enum(seed.PartnerIn, "kind")
    InitiativeKind = _enum(seed.InitiativeIn, "kind")
    Status = _enum(seed.InitiativeIn, "status")
    LinkRole = _enum(seed.LinkIn, "role")
    ParticipantRole = _enum(seed.ParticipantIn, "role")
    EventKind = _enum(seed.EventIn, "kind")
    Relation = _enum(seed.EventInitiativeIn, "relation")
    DatePrecision = _enum(seed.EventIn, "date_precision")
    TargetKind = Literal["goal", "capacity", "count", "forecast"]
    Qualifier = QualifierName
    SourceKind = _enum(seed.SourceIn, "kind")


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they make
text display as other text (``Evil\u202egnp.exe`` shows as ``Evilexe.png``). The marks
Arabic text uses are allowed: ZWNJ and ZWJ (U+200C, U+200D: joining), LRM, RLM and ALM
(U+200E, U+200F, U+061C: one invisible strong character, which places neutral
punctuation and changes no text's order). None of the five articles has any of them."""
_CONTROLS_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 controls (and DEL) but the newline: multi-line text (an article, a quote, a
description, notes)."""
_CONTROLS_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""One-line text (names, labels, titles, places, units): no line break of any kind."""


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


def _checked(value: str, controls: re.Pattern[str], what: str) -> str:
    """No NUL (PostgreSQL cannot store it), no lone surrogate (not Unicode text), no bidi
    control, no control character (``controls``): a 422 naming the field and the
    character (docs/operations.md, "Text")."""
    if "\x00" in value:
        raise ValueError("NUL characters (\\u0000) are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("lone surrogate code points are not valid Unicode text") from None
    if (m := _BIDI_CONTROLS.search(value)) is not None:
        raise ValueError(
            f"{_char(m.group())} at {m.start()}: bidirectional embedding, override and "
            "isolate controls can make text display as other text; they are not allowed"
        )
    if (m := controls.search(value)) is not None:
        raise ValueError(f"control character {_char(m.group())} at {m.start()}: {what}")
    return value


def clean_text(value: str) -> str:
    """Multi-line text: newlines are the only control character allowed."""
    return _checked(value, _CONTROLS_TEXT, "only newline is allowed in this text")


def clean_line(value: str) -> str:
    """One line: no control character, no line break."""
    return _checked(value, _CONTROLS_LINE, "this text is one line, with no control character")


def _iso_date(value: Any) -> date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected a date as YYYY-MM-DD")


Clean = AfterValidator(clean_text)
OneLine = AfterValidator(clean_line)
Name = Annotated[str, S(min_length=1, max_length=300), OneLine]
Short = Annotated[str, S(min_length=1, max_length=200), OneLine]
Title = Annotated[str, S(min_length=1, max_length=20_000), OneLine]
Long = Annotated[str, S(min_length=1, max_length=20_000), Clean]
Quote = Annotated[str, S(min_length=1, max_length=2_000), Clean]
Body = Annotated[str, S(min_length=1, max_length=2_000_000), Clean]
Slug = Annotated[str, S(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
FigureSlug = Annotated[str, S(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
LinkSlug = Annotated[str, S(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
SourceSlug = Annotated[str, S(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
FieldName = Annotated[str, S(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Metric = Annotated[str, S(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Day = Annotated[date, BeforeValidator(_iso_date)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Place = Annotated[str, S(min_length=1, max_length=120), OneLine]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Patch(Strict):
    """A partial update: absent fields stay; ``null`` clears a nullable field."""

    not_null: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Patch:
        nulled = [
            f for f in self.not_null if f in self.model_fields_set and getattr(self, f) is None
        ]
        if nulled:
            raise ValueError(f"{', '.join(nulled)} cannot be null")
        if not self.model_fields_set:
            raise ValueError("nothing to change: the body names no field")
        return self


class CitationIn(Strict):
    """A quote the server finds in the source text; it computes the offsets itself."""

    source_id: SourceSlug
    quote: Quote
    occurrence: int | None = Field(default=None, ge=1, le=10_000)
    """Which occurrence (1-based), required when the quote occurs more than once."""
    field: FieldName | None = None


Citations = Annotated[list[CitationIn], Field(min_length=1, max_length=50)]
OptionalCitations = Annotated[list[CitationIn], Field(max_length=50)]


class AliasIn(Strict):
    text: Name
    lang: Literal["ar", "en", "fr", "latin"]
    kind: Literal["name", "acronym", "variant", "transliteration", "translation"]
    source_id: SourceSlug | None = None
    """The article that writes this spelling; null for general knowledge."""
    kept_because: Annotated[str, S(min_length=10, max_length=500), Clean] | None = None
    """Why ``source_id`` is right although that article writes the alias only inside a
    longer name of another record (docs/trust.md)."""


Aliases = Annotated[list[AliasIn], Field(max_length=50)]


# -- sources ---------------------------------------------------------------------------


class SourceCreate(Strict):
    id: SourceSlug
    text: Body
    """The article verbatim; its SHA-256 is computed. Immutable once a fact cites it."""
    title: Title | None = None
    author: Short | None = None
    outlet: Short | None = None
    published_on: Day | None = None
    published_on_precision: Literal["day", "month", "year"] | None = None
    kind: SourceKind
    language: Annotated[str, S(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", max_length=8)] = "ar"
    url: Annotated[str, S(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    notes: Long | None = None
    citations: OptionalCitations = []
    """Quotes of the article itself (its date line, its byline)."""


class SourceUpdate(Patch):
    not_null = ("text", "kind", "language")
    text: Body | None = None
    title: Title | None = None
    author: Short | None = None
    outlet: Short | None = None
    published_on: Day | None = None
    published_on_precision: Literal["day", "month", "year"] | None = None
    kind: SourceKind | None = None
    language: (
        Annotated[str, S(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", max_length=8)] | None
    ) = None
    url: Annotated[str, S(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    notes: Long | None = None
    citations: OptionalCitations | None = None


# -- partners --------------------------------------------------------------------------


class PartnerCreate(Strict):
    id: Slug
    name: Short
    name_basis: Basis
    name_ar: Name | None = None
    kind: PartnerKind
    country: Annotated[str, S(pattern=r"^[A-Z]{2}$")] | None = None
    country_basis: Basis | None = None
    description: Long | None = None
    aliases: Aliases = []
    citations: Citations


class PartnerUpdate(Patch):
    not_null = ("name", "name_basis", "kind", "aliases", "citations")
    name: Short | None = None
    name_basis: Basis | None = None
    name_ar: Name | None = None
    kind: PartnerKind | None = None
    country: Annotated[str, S(pattern=r"^[A-Z]{2}$")] | None = None
    country_basis: Basis | None = None
    description: Long | None = None
    aliases: Aliases | None = None
    citations: Citations | None = None


# -- people ----------------------------------------------------------------------------


class PersonCreate(Strict):
    id: Slug
    name: Short
    name_basis: Basis
    name_ar: Name
    given_name: Annotated[str, S(max_length=100), OneLine] | None = None
    given_name_ar: Annotated[str, S(max_length=100), OneLine] | None = None
    description: Long | None = None
    aliases: Aliases = []
    citations: Citations


class PersonUpdate(Patch):
    not_null = ("name", "name_basis", "name_ar", "aliases", "citations")
    name: Short | None = None
    name_basis: Basis | None = None
    name_ar: Name | None = None
    given_name: Annotated[str, S(max_length=100), OneLine] | None = None
    given_name_ar: Annotated[str, S(max_length=100), OneLine] | None = None
    description: Long | None = None
    aliases: Aliases | None = None
    citations: Citations | None = None


class RoleCreate(Strict):
    id: LinkSlug
    title_ar: Title
    title: Title | None = None
    title_basis: Basis = "translation"
    organisation_id: Slug | None = None
    citations: Citations


# -- initiatives -----------------------------------------------------------------------


class InitiativeCreate(Strict):
    id: Slug
    name: Name
    name_basis: Basis
    name_ar: Name | None = None
    kind: InitiativeKind
    parent_id: Slug | None = None
    region: Place | None = None
    region_basis: Basis | None = None
    region_ar: Short | None = None
    location: Place | None = None
    location_ar: Short | None = None
    status: Status | None = None
    description: Long | None = None
    aliases: Aliases = []
    citations: Citations


class InitiativeUpdate(Patch):
    not_null = ("name", "name_basis", "kind", "aliases", "citations")
    name: Name | None = None
    name_basis: Basis | None = None
    name_ar: Name | None = None
    kind: InitiativeKind | None = None
    parent_id: Slug | None = None
    region: Place | None = None
    region_basis: Basis | None = None
    region_ar: Short | None = None
    location: Place | None = None
    location_ar: Short | None = None
    status: Status | None = None
    description: Long | None = None
    aliases: Aliases | None = None
    citations: Citations | None = None


class InitiativePartnerCreate(Strict):
    partner_id: Slug
    role: LinkRole
    citations: Citations


# -- events ----------------------------------------------------------------------------


class EventCreate(Strict):
    id: Slug
    kind: EventKind
    name: Name
    name_basis: Basis
    name_ar: Name | None = None
    happened_on: Day | None = None
    happened_year: Year | None = None
    happened_month: Annotated[int, Field(ge=1, le=12)] | None = None
    date_precision: DatePrecision | None = None
    not_before: Day | None = None
    not_after: Day | None = None
    date_text_ar: Short | None = None
    place: Place | None = None
    place_ar: Short | None = None
    description: Long | None = None
    citations: Citations


class EventUpdate(Patch):
    not_null = ("kind", "name", "name_basis", "citations")
    kind: EventKind | None = None
    name: Name | None = None
    name_basis: Basis | None = None
    name_ar: Name | None = None
    happened_on: Day | None = None
    happened_year: Year | None = None
    happened_month: Annotated[int, Field(ge=1, le=12)] | None = None
    date_precision: DatePrecision | None = None
    not_before: Day | None = None
    not_after: Day | None = None
    date_text_ar: Short | None = None
    place: Place | None = None
    place_ar: Short | None = None
    description: Long | None = None
    citations: Citations | None = None


class ParticipantCreate(Strict):
    person_id: Slug | None = None
    partner_id: Slug | None = None
    role: ParticipantRole
    citations: Citations

    @model_validator(mode="after")
    def _one_party(self) -> ParticipantCreate:
        if (self.person_id is None) == (self.partner_id is None):
            raise ValueError("a participant is exactly one of person_id or partner_id")
        return self


class EventInitiativeCreate(Strict):
    initiative_id: Slug
    relation: Relation
    citations: Citations


# -- figures ---------------------------------------------------------------------------

Amount = Annotated[float, Field(gt=0, le=1e18, allow_inf_nan=False)]


class FundCreate(Strict):
    """Money. ``amount`` is in base units (100 مليار درهم → 100000000000); every citation
    of the amount (``field`` null or ``value``) must state that number."""

    id: FigureSlug
    subject_id: Slug
    metric: Metric
    amount: Amount
    currency: Literal[CURRENCIES]  # type: ignore[valid-type]
    qualifier: Qualifier | None = None
    label: Name
    giver_id: Slug | None = None
    parent_id: FigureSlug | None = None
    period_start_year: Year | None = None
    period_end_year: Year | None = None
    per_unit: Literal["month", "year"] | None = None
    duration_months: Annotated[int, Field(gt=0, le=1200)] | None = None
    citations: Citations


class FundUpdate(Patch):
    not_null = ("subject_id", "metric", "amount", "currency", "label", "citations")
    subject_id: Slug | None = None
    metric: Metric | None = None
    amount: Amount | None = None
    currency: Literal[CURRENCIES] | None = None  # type: ignore[valid-type]
    qualifier: Qualifier | None = None
    label: Name | None = None
    giver_id: Slug | None = None
    parent_id: FigureSlug | None = None
    period_start_year: Year | None = None
    period_end_year: Year | None = None
    per_unit: Literal["month", "year"] | None = None
    duration_months: Annotated[int, Field(gt=0, le=1200)] | None = None
    citations: Citations | None = None


Unit = Annotated[str, S(min_length=1, max_length=20), OneLine]


class TargetCreate(Strict):
    """A goal, capacity or count; ``value`` must appear in every citation of the value."""

    id: FigureSlug
    subject_id: Slug
    metric: Metric
    value: Amount
    unit: Unit
    qualifier: Qualifier | None = None
    label: Name
    target_kind: TargetKind
    deadline_year: Year | None = None
    citations: Citations


class TargetUpdate(Patch):
    not_null = ("subject_id", "metric", "value", "unit", "label", "target_kind", "citations")
    subject_id: Slug | None = None
    metric: Metric | None = None
    value: Amount | None = None
    unit: Unit | None = None
    qualifier: Qualifier | None = None
    label: Name | None = None
    target_kind: TargetKind | None = None
    deadline_year: Year | None = None
    citations: Citations | None = None


# -- responses -------------------------------------------------------------------------


class RetractedPublic(BaseModel):
    model_config = OUTPUT

    type: str
    id: str
    version: int
    retracted_at: str


class RevisionActor(BaseModel):
    """Who made a change: the API key's id (null for the seeder and the command line)
    and the name recorded with it."""

    model_config = OUTPUT

    key_id: int | None
    name: str


class RevisionPublic(BaseModel):
    """One change. ``before``/``after`` are snapshots of the record (a source's text is
    summarised by its ``sha256`` and length)."""

    model_config = OUTPUT

    id: int
    record_type: str
    record_id: str
    action: str
    version: int
    actor: RevisionActor
    at: str
    changed: list[str]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class KeyPublic(BaseModel):
    model_config = OUTPUT

    id: int
    name: str
    scope: str
    created_at: str
    revoked_at: str | None = None
    expires_at: str | None = None
    status: str


# -- proposals -------------------------------------------------------------------------


class ProposalAccept(Strict):
    """Optional edits made while accepting a proposal: any field given replaces what masdar
    read (``null`` clears it). The figure is then created as ``POST /v1/funds`` or
    ``/v1/targets`` would create it, with the same checks: an edit the quote does not
    support (another value, a quote that is not verbatim) is a 422."""

    id: FigureSlug | None = None
    """The new figure's id; by default ``<metric>-<source id>`` (made unique)."""
    kind: Literal["fund", "target"] | None = None
    subject_id: Slug | None = None
    """By default the first candidate subject."""
    metric: Metric | None = None
    value: Amount | None = None
    """In base units: the amount of a fund, the value of a target."""
    unit: Unit | None = None
    """A fund's currency, a target's unit."""
    qualifier: Qualifier | None = None
    label: Name | None = None
    target_kind: TargetKind | None = None
    deadline_year: Year | None = None
    giver_id: Slug | None = None
    parent_id: FigureSlug | None = None
    """A fund's parent fund; by default the figure of the accepted total it is part of."""
    period_start_year: Year | None = None
    period_end_year: Year | None = None
    per_unit: Literal["month", "year"] | None = None
    duration_months: Annotated[int, Field(gt=0, le=1200)] | None = None
    citations: Citations | None = None
    """Replaces the proposal's quotes."""


class ProposalReject(Strict):
    reason: Annotated[str, S(min_length=1, max_length=2000), Clean]
    """Why it is no fact (kept with the proposal)."""
