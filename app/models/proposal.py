"""Proposals: the figures masdar reads in an article, waiting for a curator.

A proposal is never a fact. It is masdar's reading of one statement of a number
(``app.reading.statements``): its value in base units, unit, hedge, deadline, the
shortest verbatim quote that states it, or why the number is not a figure at all. A
curator accepts it (the figure is then created through the write path, with its
history), edits it while accepting, or rejects it with a reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import JSON, CheckConstraint, DateTime, Index
from sqlmodel import Field, SQLModel

from app.models.base import OUTPUT
from app.models.writes import RevisionActor

PROPOSAL_STATUSES = ("pending", "accepted", "rejected")


class Proposal(SQLModel, table=True):
    """One statement of a number in one article, as masdar read it.

    ``citations`` are ``{quote, start, end, occurrence, field}`` dicts whose offsets the
    seeder's own locator computed (``app.seed.verify.locate``): ``text[start:end] ==
    quote``. Candidate subjects and matches with existing claims are not stored: they
    depend on the knowledge base at the time they are read, so they are computed then.
    """

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
        CheckConstraint("kind IS NULL OR kind IN ('fund', 'target')", name="kind"),
        CheckConstraint("is_figure OR not_figure IS NOT NULL", name="not_figure_reason"),
        CheckConstraint("status <> 'accepted' OR figure_id IS NOT NULL", name="accepted_figure"),
        Index("ix_proposal_source_position", "source_id", "position", "id"),
    )
    id: str = Field(primary_key=True, max_length=120)
    """``<source id>-at-<offset of the number>``: stable when the article is read again."""
    source_id: str = Field(foreign_key="source.id", max_length=64)
    position: int
    """Code-point offset of the (first) number in the article: the list's order."""
    status: str = Field(default="pending", max_length=10)
    is_figure: bool
    not_figure: str | None = Field(default=None, max_length=30)
    """Why the number is not a figure: ``date``, ``year``, ``ordinal``, ``reference``,
    ``chrome``, ``name``, ``vague``, ``phrase``, ``time``; null for a figure."""
    reason: str | None = Field(default=None, max_length=300)
    """One English sentence saying why it is classed so."""
    kind: str | None = Field(default=None, max_length=10)
    value: float | None = None
    value_high: float | None = None
    """The upper end of a range («بين 200 و300»); null otherwise."""
    unit: str | None = Field(default=None, max_length=20)
    qualifier: str | None = Field(default=None, max_length=20)
    metric: str | None = Field(default=None, max_length=60)
    target_kind: str | None = Field(default=None, max_length=20)
    deadline_year: int | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = Field(default=None, max_length=10)
    duration_months: int | None = None
    parent_id: str | None = Field(default=None, foreign_key="proposal.id", max_length=120)
    """The proposal of the stated total this one is a component of."""
    number_text: str = Field(max_length=200)
    citations: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    reading: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """What the reader saw: the hedge, unit and deadline words with their offsets."""
    figure_id: str | None = Field(default=None, foreign_key="figure.id", max_length=120)
    """The figure created when it was accepted."""
    created_at: datetime = Field(sa_type=DateTime(timezone=True))
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by_key_id: int | None = Field(default=None, foreign_key="api_key.id")
    decided_by: str | None = Field(default=None, max_length=100)
    decision_reason: str | None = Field(default=None, max_length=2000)


# -- responses and requests ------------------------------------------------------------


class ProposalCitation(BaseModel):
    """A quote the reader located: ``source.text[start:end] == quote``; ``occurrence`` is
    set when the same words occur more than once (pass it on when you cite them)."""

    model_config = OUTPUT

    source_id: str
    quote: str
    start: int
    end: int
    occurrence: int | None = None
    field: str
    prefix: str
    suffix: str


class NumberWritten(BaseModel):
    model_config = OUTPUT

    text: str
    start: int | None = None
    end: int | None = None


class SubjectCandidate(BaseModel):
    """An initiative or partner named near the number, found through its aliases."""

    model_config = OUTPUT

    type: Literal["initiative", "partner"]
    id: str
    name: str
    name_ar: str | None = None
    via: str
    """The alias (or the linked partner) whose words were found."""
    score: float
    """Share of the alias's weight found (rare words weigh more), 0.6–1."""
    scope: Literal["sentence", "paragraph", "section", "article"]
    distance: int
    """Code points between the nearest word found and the number."""


class ClaimMatch(BaseModel):
    """An existing figure this proposal restates or contradicts (masdar's judgment)."""

    model_config = OUTPUT

    relation: Literal["recorded", "corroborates", "differs"]
    """``recorded``: that figure already cites this quote; ``corroborates``: the same
    value and unit for a candidate subject or the same metric; ``differs``: the same
    subject, metric and unit with another value (a conflict to be)."""
    figure_id: str
    claim_id: str
    subject_id: str
    metric: str
    value: float
    unit: str
    qualifier: str | None = None
    sources: list[str]
    why: str


class Decision(BaseModel):
    model_config = OUTPUT

    at: str
    by: RevisionActor
    reason: str | None = None


class ProposalPublic(BaseModel):
    """A figure masdar read in an article (``is_figure``), or a number it classed as no
    figure (``not_figure``, ``reason``). Never a fact until a curator accepts it."""

    model_config = OUTPUT

    id: str
    source_id: str
    status: Literal["pending", "accepted", "rejected"]
    basis: Literal["reading"] = "reading"
    """Every value here is masdar's reading of the article's words."""
    is_figure: bool
    not_figure: str | None = None
    reason: str | None = None
    kind: Literal["fund", "target"] | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    metric: str | None = None
    target_kind: str | None = None
    deadline_year: int | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = None
    duration_months: int | None = None
    parent_id: str | None = None
    """The proposal of the stated total this is a part of."""
    components: list[str] = []
    """Proposals of the parts of this stated total."""
    number: NumberWritten
    citations: list[ProposalCitation]
    subjects: list[SubjectCandidate] = []
    givers: list[SubjectCandidate] = []
    matches: list[ClaimMatch] = []
    figure_id: str | None = None
    """The figure created when it was accepted."""
    decision: Decision | None = None
    reading: dict[str, Any] = {}
    """The words the reader relied on: the hedge, unit and deadline, with offsets."""
    url: str


class ScanPublic(BaseModel):
    """What reading an article gave."""

    model_config = OUTPUT

    source_id: str
    characters: int
    script: str
    """The script most of its letters are in: ``Arabic``, ``Latin`` or another."""
    readable: bool
    """False when the text is in a script masdar cannot read (no proposals are made)."""
    note: str | None = None
    figures: int
    not_figures: int
    pending: int
    accepted: int
    rejected: int
    url: str


class AcceptedPublic(BaseModel):
    """An accepted proposal and the figure it became (as ``GET /v1/funds/{id}`` or
    ``/v1/targets/{id}`` shows it)."""

    model_config = OUTPUT

    proposal: ProposalPublic
    figure: dict[str, Any]
