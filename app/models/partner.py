from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from app.models.curation import retracted_field, version_field

PARTNER_KINDS = (
    "company",
    "ministry",
    "agency",
    "university",
    "commission",
    "group",
    "government",
    "institution",
)


class Partner(SQLModel, table=True):
    """An organisation the articles name; ``name`` is Latin script, ``name_ar`` as written."""

    __tablename__ = "partner"
    __table_args__ = (
        CheckConstraint("country IS NULL OR length(country) = 2", name="country_alpha2"),
        CheckConstraint("(country IS NULL) = (country_basis IS NULL)", name="country_basis"),
    )
    id: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=200)
    name_basis: str = Field(max_length=20)
    name_ar: str | None = Field(default=None, max_length=300)
    kind: str = Field(max_length=20, index=True)
    country: str | None = Field(default=None, max_length=2, index=True)
    country_basis: str | None = Field(default=None, max_length=20)
    description: str | None = Field(default=None, sa_type=Text)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()
