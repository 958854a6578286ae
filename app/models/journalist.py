"""Response schemas of the journalist tools: claims, conflicts and citation export."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.models.citation import CitationPublic
from app.models.public import CitedRecord, FigureRef, Number, Out


class AttributedCitation(CitationPublic):
    """A citation together with the record it supports."""

    record_type: str
    record_id: str


class ClaimFigure(FigureRef):
    label: str
    sources: list[str]
    url: str


class ClaimPublic(Out):
    """One fact as the articles state it: figures with the same subject, metric, unit and
    value, whatever their hedges. ``corroborated_by`` counts distinct sources."""

    id: str
    subject: str
    subject_name: str
    subject_name_ar: str | None = None
    metric: str
    value: Number
    unit: str
    qualifiers: list[str]
    """The hedges the articles use (``none`` for a figure stated without one)."""
    corroborated_by: int
    sources: list[str]
    figures: list[ClaimFigure]
    citations: list[AttributedCitation]
    url: str


class ConflictValue(Out):
    """One side of a disagreement: what a record says, and which articles say it."""

    record: CitedRecord
    value: Number | str | None = None
    unit: str | None = None
    qualifier: str | None = None
    label: str | None = None
    sources: list[str]


class ConflictDifference(Out):
    absolute: Number | None = None
    relative: float | None = None
    """``absolute`` divided by the larger value (0.023 = 2.3 %)."""
    unit: str | None = None
    days: int | None = None
    """For dates: the least number of days between the two windows."""
    note: str | None = None


class ConflictReview(Out):
    """A curator's review of a conflict (``PUT /v1/conflicts/{id}/review``)."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    status: str
    """``confirmed`` (the rule's class is right), ``reclassified`` or ``dismissed``."""
    conflict_class: str | None = Field(default=None, alias="class")
    """The class the curator gives (the rule's, when confirming); null when dismissed."""
    rule_class: str
    """The rule's class when the curator reviewed it."""
    note: str
    citations: list[AttributedCitation] = []
    reviewer: str
    reviewed_at: str
    version: int


class ConflictPublic(Out):
    """A place where the knowledge base disagrees with itself, found by a rule.

    ``class`` is masdar's judgment, from a small written vocabulary (``GET
    /v1/conflicts/classes``; docs/trust.md): ``contradiction`` only when both statements
    cannot be true. ``reason`` says in one sentence why. ``rule_class`` is what the rule
    proposed; ``review`` what a curator decided (then ``class`` is the curator's).
    ``severity`` is the first version's coarser field, kept for older clients."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    kind: str
    """The rule that found it: ``sum_mismatch``, ``value_mismatch``, ``qualifier_mismatch``,
    ``unit_mismatch``, ``spelling``, ``date_mismatch``, ``announcer_mismatch``."""
    conflict_class: str = Field(alias="class")
    rule_class: str
    reason: str
    severity: str
    summary: str
    rule: str
    records: list[CitedRecord]
    values: list[ConflictValue]
    difference: ConflictDifference | None = None
    citations: list[AttributedCitation]
    status: str = "proposed"
    """``proposed`` (by a rule, not reviewed), ``confirmed``, ``reclassified``, ``dismissed``."""
    review: ConflictReview | None = None
    version: int = 0
    """0 until the first review, +1 with each: ``If-Match`` of a review."""
    url: str


class ConflictClassPublic(Out):
    id: str
    definition: str
