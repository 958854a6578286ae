"""Response schemas of the journalist tools: claims, conflicts and citation export."""

from __future__ import annotations

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


class ConflictPublic(Out):
    """A place where the knowledge base disagrees with itself, found by a rule.

    ``severity``: ``rounding`` (the gap is rounding at the precision the article writes),
    ``compatible`` (hedges such as "up to" explain it), ``informational`` (worth knowing,
    not a disagreement on a fact), ``contradiction``."""

    id: str
    kind: str
    severity: str
    summary: str
    rule: str
    records: list[CitedRecord]
    values: list[ConflictValue]
    difference: ConflictDifference | None = None
    citations: list[AttributedCitation]
    url: str
