from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.models.curation import retracted_field, version_field


class Person(SQLModel, table=True):
    """A person the articles name. Two people may share a family name: the given name decides."""

    __tablename__ = "person"
    id: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=200)
    name_basis: str = Field(max_length=20)
    name_ar: str = Field(max_length=300)
    given_name: str | None = Field(default=None, max_length=100)
    given_name_ar: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, sa_type=Text)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()


class PersonRole(SQLModel, table=True):
    """A role as one article words it (``title_ar`` verbatim, ``title`` our translation)."""

    __tablename__ = "person_role"
    id: str = Field(primary_key=True, max_length=120)
    person_id: str = Field(foreign_key="person.id", index=True, max_length=80)
    title_ar: str = Field(sa_type=Text)
    title: str | None = Field(default=None, sa_type=Text)
    title_basis: str = Field(default="translation", max_length=20)
    organisation_id: str | None = Field(
        default=None, foreign_key="partner.id", index=True, max_length=80
    )
