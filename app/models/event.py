from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.curation import retracted_field, version_field


class Event(SQLModel, table=True):
    """A signing, conference, visit or announcement, dated as precisely as its article allows."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('conference', 'signing', 'visit', 'announcement', 'launch')", name="kind"
        ),
        CheckConstraint(
            "not_after IS NULL OR happened_on IS NULL OR happened_on <= not_after",
            name="dates",
        ),
        CheckConstraint("happened_month IS NULL OR happened_month BETWEEN 1 AND 12", name="month"),
        CheckConstraint(
            "not_before IS NULL OR ((happened_on IS NULL OR not_before <= happened_on)"
            " AND (not_after IS NULL OR not_before <= not_after))",
            name="not_before",
        ),
    )
    id: str = Field(primary_key=True, max_length=80)
    kind: str = Field(max_length=20, index=True)
    name: str = Field(max_length=300)
    name_basis: str = Field(max_length=20)
    name_ar: str | None = Field(default=None, max_length=300)
    happened_on: date | None = Field(default=None, index=True)
    happened_year: int | None = Field(default=None, index=True)
    """The year when the article gives only a year or a part of one (mid-2024)."""
    happened_month: int | None = None
    """The month when the article gives one without a day ("last July")."""
    date_precision: str | None = Field(default=None, max_length=10)
    not_before: date | None = None
    """The earliest possible date, worked out from what the article says the event follows
    (the "AI Made in Morocco" day follows the national forum held «في يوليو الماضي»:
    2025-07-01); its citations have ``field: not_before``. Basis ``inferred``."""
    not_after: date | None = None
    """The latest possible date: the page date of the article. Basis ``inferred``."""
    date_text_ar: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=120)
    place_ar: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, sa_type=Text)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()


class EventParticipant(SQLModel, table=True):
    __tablename__ = "event_participant"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (partner_id IS NULL)", name="one_party"),
    )
    id: str = Field(primary_key=True, max_length=200)
    event_id: str = Field(foreign_key="event.id", index=True, max_length=80)
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True, max_length=80)
    partner_id: str | None = Field(
        default=None, foreign_key="partner.id", index=True, max_length=80
    )
    role: str = Field(max_length=40)


class EventInitiative(SQLModel, table=True):
    __tablename__ = "event_initiative"
    __table_args__ = (UniqueConstraint("event_id", "initiative_id", "relation"),)
    id: str = Field(primary_key=True, max_length=200)
    event_id: str = Field(foreign_key="event.id", index=True, max_length=80)
    initiative_id: str = Field(foreign_key="initiative.id", index=True, max_length=80)
    relation: str = Field(max_length=40)
