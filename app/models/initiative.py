from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.curation import retracted_field, version_field


class Initiative(SQLModel, table=True):
    """A programme, project or institution of the strategy."""

    __tablename__ = "initiative"
    id: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=300)
    name_basis: str = Field(max_length=20)
    name_ar: str | None = Field(default=None, max_length=300)
    kind: str = Field(max_length=40, index=True)
    parent_id: str | None = Field(
        default=None, foreign_key="initiative.id", index=True, max_length=80
    )
    region: str | None = Field(default=None, max_length=120, index=True)
    region_basis: str | None = Field(default=None, max_length=20)
    region_ar: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=120)
    location_ar: str | None = Field(default=None, max_length=200)
    status: str | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, sa_type=Text)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()


class InitiativePartner(SQLModel, table=True):
    """A partner's role in an initiative; cited like any fact."""

    __tablename__ = "initiative_partner"
    __table_args__ = (UniqueConstraint("initiative_id", "partner_id", "role"),)
    id: str = Field(primary_key=True, max_length=200)
    initiative_id: str = Field(foreign_key="initiative.id", index=True, max_length=80)
    partner_id: str = Field(foreign_key="partner.id", index=True, max_length=80)
    role: str = Field(max_length=40)
