from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from app.models.base import OUTPUT
from app.models.curation import retracted_field, version_field


class SourceBase(SQLModel):
    id: str = Field(primary_key=True, max_length=64)
    title: str | None = Field(default=None, sa_type=Text)
    author: str | None = Field(default=None, max_length=200)
    outlet: str | None = Field(default=None, max_length=200)
    published_on: date | None = None
    published_on_precision: str | None = Field(default=None, max_length=10)
    kind: str = Field(max_length=20)
    language: str = Field(default="ar", max_length=8)
    url: str | None = Field(default=None, max_length=2000)
    file_name: str = Field(max_length=200)
    sha256: str = Field(max_length=64, description="SHA-256 of the UTF-8 text, hex")
    notes: str | None = Field(default=None, sa_type=Text)


class Source(SourceBase, table=True):
    """One article. ``text`` is byte-identical to its seed file."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint("kind IN ('news', 'blog', 'press_release')", name="kind"),
        CheckConstraint(
            "published_on_precision IS NULL OR published_on_precision IN ('day', 'month', 'year')",
            name="precision",
        ),
    )
    text: str = Field(sa_type=Text)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()


class SourceSummary(SourceBase):
    """A source without its text (lists)."""

    model_config = OUTPUT  # type: ignore[assignment]

    citation_count: int = 0
    version: int = 1
    """Goes up by one with every change; ``If-Match: "v<version>"`` on PATCH/DELETE."""
    retracted_at: str | None = None
    """Only curators asking ``?include_retracted=true`` ever see a non-null value."""


class SourcePublic(SourceSummary):
    """A source with its verbatim text; offsets of citations are code points into ``text``."""

    text: str
