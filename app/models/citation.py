from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import OUTPUT


class Citation(SQLModel, table=True):
    """The provenance of one fact.

    ``start``/``end`` are code-point offsets into ``Source.text``;
    ``text[start:end] == quote``. ``prefix``/``suffix`` are up to 32 code points
    of context (W3C TextQuoteSelector). ``record_type``/``record_id`` name the
    one record the quote supports, ``field`` the field when it is specific.
    """

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start"),
        CheckConstraint('"end" > start', name="end_after_start"),
        # a record's citations in article order, read without a sort (migration 0004)
        Index("ix_citation_record_order", "record_type", "record_id", "source_id", "start", "id"),
    )
    id: str = Field(primary_key=True, max_length=24)
    source_id: str = Field(foreign_key="source.id", index=True, max_length=64)
    record_type: str = Field(max_length=30)
    record_id: str = Field(max_length=200)
    field: str | None = Field(default=None, max_length=60)
    quote: str = Field(sa_type=Text)
    start: int
    end: int
    prefix: str = Field(default="", sa_type=Text)
    suffix: str = Field(default="", sa_type=Text)


class Alias(SQLModel, table=True):
    """Another name of a record. ``key`` is ``app.search.normalize.name_key(text)``.

    ``source_id`` is the article that writes this spelling; null means general
    knowledge (an acronym, a Latin spelling no article uses).
    """

    __tablename__ = "alias"
    __table_args__ = (
        Index("ix_alias_record", "record_type", "record_id"),
        Index("ix_alias_key", "key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=30)
    record_id: str = Field(max_length=200)
    text: str = Field(max_length=300)
    key: str = Field(max_length=300)
    lang: str = Field(max_length=8)
    kind: str = Field(max_length=20)
    source_id: str | None = Field(default=None, foreign_key="source.id", max_length=64)
    kept_because: str | None = Field(default=None, max_length=500)
    """Why the alias is credited to ``source_id`` although that article writes it only
    inside a longer name of another record (app/seed/aliases.py); null otherwise."""


class CoverageSkip(SQLModel, table=True):
    """A number in an article deliberately not linked to a fact, and why."""

    __tablename__ = "coverage_skip"
    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True, max_length=64)
    quote: str = Field(sa_type=Text)
    start: int
    end: int
    reason: str = Field(sa_type=Text)


class Meta(SQLModel, table=True):
    """Key/value facts about the database itself (seed digest, data version)."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(sa_type=Text)


class CitationPublic(SQLModel):
    """A verbatim quote and where it sits: ``source.text[start:end] == quote``."""

    model_config = OUTPUT  # type: ignore[assignment]

    id: str
    source_id: str
    quote: str
    start: int
    end: int
    prefix: str
    suffix: str
    field: str | None = None
