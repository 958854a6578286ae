"""Shared vocabulary of the schema: the metadata naming convention and enums."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import SQLModel

from app.models.qualifier import Qualifier

# Named constraints let Alembic's batch mode rebuild SQLite tables and keep
# migrations identical on PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CURRENCIES = ("MAD", "USD", "EUR")
"""ISO 4217 codes the data may use; a check constraint enforces the list."""

SLUG = r"^[a-z0-9][a-z0-9-]*$"

__all__ = ["CURRENCIES", "SLUG", "Basis", "Qualifier", "RecordType", "sql_in"]


class Basis(StrEnum):
    """Where a Latin name, translation or value comes from."""

    article = "article"
    translation = "translation"
    transliteration = "transliteration"
    general_knowledge = "general_knowledge"


class RecordType(StrEnum):
    source = "source"
    partner = "partner"
    person = "person"
    person_role = "person_role"
    initiative = "initiative"
    initiative_partner = "initiative_partner"
    event = "event"
    event_participant = "event_participant"
    event_initiative = "event_initiative"
    figure = "figure"


def sql_in(column: str, values: tuple[str, ...] | list[str]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
