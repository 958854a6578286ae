"""Proposals: the figures masdar reads in an article, waiting for a curator.

A proposal is never a fact. It is masdar's reading of one statement of a number
(``app.reading.statements``): its value in base units, unit, hedge, deadline, the
shortest verbatim quote that states it, or why the number is not a figure at all. A
curator accepts it (the figure is then created through the write path, with its
history), edits it while accepting, or rejects it with a reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Index
from sqlmodel import Field, SQLModel

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
