"""The fact-check of a sentence (``POST /v1/check``, ``GET /v1/check``): request and answer.

Every offset is a code point into the text sent: ``text[span.start:span.end] ==
span.text``. A verdict is masdar's judgment (``basis: inferred``): ``reason`` names the
rule that decided and ``evidence`` the claims it compared; not found is not false.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.public import Number, Out

Verdict = Literal["supported", "differs", "not_found"]
Aspect = Literal["subject", "unit", "value", "hedge_dropped", "hedge", "year"]
Lang = Literal["ar", "en"]


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030"},
                {"text": "Oracle will invest $140 million in two cloud regions", "lang": "en"},
            ]
        },
    )

    text: str = Field(
        min_length=1,
        pattern="^[^\x00]*$",
        description="The sentence or paragraph to check, Arabic or English (up to 20,000 "
        "characters; a longer one is a 413).",
    )
    lang: Lang | None = Field(
        default=None,
        description="The text's language; left out, masdar takes the script most of its "
        "letters are in. `ar` adds an Arabic explanation to each statement.",
    )


class TextSpan(Out):
    """``text[start:end]`` of the text sent (code points)."""

    start: int
    end: int
    text: str


class NamedNearby(Out):
    """An initiative or partner the text names near the statement, and how it was found."""

    type: str
    id: str
    name: str
    name_ar: str | None = None
    via: str
    """The alias whose words the text uses."""
    score: float
    scope: str
    """Where the words are: ``sentence``, ``paragraph``, ``section`` or ``article`` (the
    whole text)."""
    distance: int


class StatementReading(Out):
    """What masdar understood of the statement."""

    value: Number
    """In base units: ``60 ألف`` -> 60000, ``$140 million`` -> 140000000."""
    value_high: Number | None = None
    """The upper end of a range (``between 40,000 and 60,000``)."""
    precision: Number
    """One step of the last digit written, in base units (``1.3 billion`` -> 100000000)."""
    unit: str
    """ISO 4217 for money, else ``MW``, ``jobs``, ``people``, ``institutes``, ``count``…"""
    metric: str
    """What is counted or what the money is, as the words say (``amount``: they do not)."""
    qualifier: str | None = None
    """The hedge (``approximate``, ``at_least``, ``more_than``, ``up_to``, ``less_than``),
    ``range``, or null."""
    hedge: TextSpan | None = None
    per_unit: str | None = None
    """``month`` or ``year`` for a rate (``7,000 dirhams a month``)."""
    year: int | None = None
    """The deadline or the end of the period the text gives the figure."""
    period_start_year: int | None = None
    year_span: TextSpan | None = None
    subjects: list[NamedNearby]
    """Initiatives named nearby (nearest scope only)."""
    partners: list[NamedNearby]
    """Partners named nearby (nearest scope only)."""


class EvidenceQuote(Out):
    """A verbatim quote: ``source.text[start:end] == quote``."""

    id: str
    source_id: str
    quote: str
    start: int
    end: int
    field: str | None = None
    """What the quote states: ``value``, ``deadline_year``, ``period_end_year``…"""
    url: str
    """The article's page with this quote highlighted."""


class Giver(Out):
    id: str
    name: str | None = None


class SubjectRef(Giver):
    name_ar: str | None = None


class EvidenceFigure(Out):
    """One article's statement of the claim."""

    id: str
    label: str
    value: Number
    unit: str
    qualifier: str | None = None
    deadline_year: int | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = None
    giver: Giver | None = None
    basis: str
    """``article``: a quote states it."""
    sources: list[str]
    url: str
    """The figure's page: its quotes, claim and conflicts."""
    citations: list[EvidenceQuote]


class EvidenceConflict(Out):
    """An open conflict on the claim (one a curator has not dismissed)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    kind: str
    conflict_class: str = Field(alias="class")
    severity: str
    status: str
    summary: str
    reason: str
    url: str


class Evidence(Out):
    """A claim the statement was compared with: one fact, every article that states it."""

    relation: Literal["supports", "differs"]
    differs_in: list[Aspect]
    claim_id: str
    subject: SubjectRef
    metric: str
    value: Number
    unit: str
    qualifiers: list[str]
    corroborated_by: int
    sources: list[str]
    figures: list[EvidenceFigure]
    conflicts: list[EvidenceConflict]
    url: str
    """The claim's JSON."""


class CheckedStatement(Out):
    id: str
    """``s1``, ``s2``… in text order; the ``/check`` page anchors each."""
    span: TextSpan
    """The statement: its number with unit, currency and hedge."""
    number: TextSpan
    reading: StatementReading
    verdict: Verdict
    differs_in: list[Aspect]
    """For ``differs``: what differs from the nearest claim."""
    unchecked: list[str]
    """What the articles do not say and masdar did not judge (``year``: no article gives
    a year for this figure)."""
    basis: Literal["inferred"]
    """The verdict is masdar's judgment, worked out from ``evidence``; no article's words."""
    reason: str
    """The rule that decided, and the claims it compared."""
    explanation: str
    explanation_ar: str | None = None
    """When the text is Arabic."""
    evidence: list[Evidence]


class Skipped(Out):
    """A number that is no figure, not judged."""

    span: TextSpan | None = None
    number: TextSpan | None = None
    kind: str | None = None
    """``date``, ``year``, ``time``, ``ordinal``, ``reference``, ``name``, ``chrome``,
    ``vague``, ``phrase``, ``too_large``."""
    reason: str | None = None


class VerdictCounts(Out):
    supported: int
    differs: int
    not_found: int
    skipped: int


class CheckResult(Out):
    lang: Lang
    direction: Literal["rtl", "ltr"]
    characters: int
    sha256: str
    """Of the text (UTF-8): the key masdar keeps this answer under for a while."""
    statements: list[CheckedStatement]
    skipped: list[Skipped]
    counts: VerdictCounts
    note: str | None = None
    """Why nothing was checked, when nothing was."""
