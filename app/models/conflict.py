"""Conflicts as masdar judges them: the class vocabulary, and a curator's review.

A rule (``app/services/conflicts/``) finds two statements that differ and proposes a class
from :data:`CLASSES`; ``contradiction`` only when both cannot be true. A curator may
confirm the class, reclassify the conflict or dismiss it (:class:`ConflictReview`); the
rule's class stays visible beside the review, and every review is in the history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import CheckConstraint, DateTime, Text
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import sql_in
from app.models.writes import CitationIn, Clean

ConflictClass = Literal[
    "contradiction",
    "rounding",
    "different_hedges",
    "loose_wording",
    "stages",
    "different_times",
    "different_actors",
    "partial_list",
    "spelling",
]

CLASSES: dict[str, str] = {
    "contradiction": "The two statements cannot both be true: they are about the same "
    "subject, metric, unit and time, and the values their hedges allow do not overlap, "
    "even at the precision the articles write.",
    "rounding": "The values differ by no more than rounding at the precision an article "
    "writes: components adding up to 1.27 bn under a total written «1.3 مليار».",
    "different_hedges": "The same quantity hedged differently («تصل إلى 500» and «500»): "
    "the values each hedge allows overlap, so both statements can be true.",
    "loose_wording": "The same thing described in different words or counted in different "
    "units that need not mean different things (institutes spread over all twelve "
    "regions; twelve institutions in all provinces).",
    "stages": "Different moments in the life of one thing: welcomed or announced, then "
    "launched. Both can be true; the gap in time is the news.",
    "different_times": "The statements are about different dates or periods, so both can be true.",
    "different_actors": "Different or unnamed people or bodies are credited with the same "
    "act; the articles do not say the others did not.",
    "partial_list": "The parts an article lists add up to less than its total, and it does "
    "not say it lists them all.",
    "spelling": "One name written in different spellings by different articles.",
}
"""Every class a rule or a curator may give, with its definition."""

CLASS_NAMES: tuple[str, ...] = get_args(ConflictClass)
assert CLASS_NAMES == tuple(CLASSES)

SEVERITY: dict[str, str] = {
    "contradiction": "contradiction",
    "rounding": "rounding",
    "different_hedges": "compatible",
}
"""``severity`` (the first version's coarse field) of each class; ``informational`` for the
rest. Kept for older clients: ``class`` says more."""


def severity(klass: str) -> str:
    return SEVERITY.get(klass, "informational")


REVIEW_STATUSES = ("confirmed", "reclassified", "dismissed")
ACTIONS = {"confirm": "confirmed", "reclassify": "reclassified", "dismiss": "dismissed"}


class ConflictReview(SQLModel, table=True):
    """The current review of one conflict (by its rule-made id). Every review is also a
    revision (record type ``conflict``), so the history keeps what this row replaces.
    Citations a curator gives are citation rows of record type ``conflict_review``."""

    __tablename__ = "conflict_review"
    __table_args__ = (
        CheckConstraint(sql_in("status", REVIEW_STATUSES), name="status"),
        CheckConstraint(
            f"conflict_class IS NULL OR {sql_in('conflict_class', CLASS_NAMES)}", name="class"
        ),
        CheckConstraint(
            "(status = 'dismissed') = (conflict_class IS NULL)", name="class_unless_dismissed"
        ),
    )
    conflict_id: str = SQLField(primary_key=True, max_length=200)
    status: str = SQLField(max_length=20)
    conflict_class: str | None = SQLField(default=None, max_length=30)
    """The class the curator gives; null when dismissed."""
    rule_class: str = SQLField(max_length=30)
    """The rule's class when the curator reviewed it."""
    note: str = SQLField(sa_type=Text)
    version: int
    reviewer_key_id: int | None = SQLField(default=None, foreign_key="api_key.id")
    reviewer: str = SQLField(max_length=100)
    reviewed_at: datetime = SQLField(sa_type=DateTime(timezone=True))


Note = Annotated[str, Field(min_length=1, max_length=2_000), Clean]


class ConflictReviewIn(BaseModel):
    """``PUT /v1/conflicts/{id}/review``: confirm the rule's class, reclassify (give
    ``class``) or dismiss, always with a note saying why; citations where a quote shows it."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)

    action: Literal["confirm", "reclassify", "dismiss"]
    conflict_class: ConflictClass | None = Field(default=None, alias="class")
    """Only with ``reclassify``: one of the classes of ``GET /v1/conflicts/classes``."""
    note: Note
    citations: list[CitationIn] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _class_with_reclassify(self) -> ConflictReviewIn:
        if (self.action == "reclassify") != (self.conflict_class is not None):
            raise ValueError("`class` is given with action `reclassify`, and only with it")
        return self
