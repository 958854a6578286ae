"""Shared vocabulary of the schema: the metadata naming convention and enums."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field
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

OUTPUT = ConfigDict(
    from_attributes=True,
    json_schema_serialization_defaults_required=True,
    use_attribute_docstrings=True,
)
"""Configuration of every response schema: a field with a default is still written in
every answer, so the OpenAPI document (serialization mode) lists it as ``required``;
a nullable one says so (``anyOf`` with ``null``). A field left out of some answers is
declared with :func:`omitted_when_none` and stays optional. A field's docstring is its
description."""


def _is_none(value: object) -> bool:
    return value is None


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # null, which the schema (not nullable) would refuse


def omitted_when_none(**field: Any) -> Any:
    """The default of a field left out of an answer (not written as null) when it has no
    value: optional in the OpenAPI document. Annotate it ``X | SkipJsonSchema[None]``."""
    return Field(default=None, exclude_if=_is_none, json_schema_extra=_no_default, **field)


__all__ = [
    "CURRENCIES",
    "OUTPUT",
    "SLUG",
    "Basis",
    "Qualifier",
    "RecordType",
    "omitted_when_none",
    "sql_in",
]


class Basis(StrEnum):
    """Where a Latin name, translation or value comes from."""

    article = "article"
    translation = "translation"
    transliteration = "transliteration"
    general_knowledge = "general_knowledge"
    masdar = "masdar"
    """masdar's own wording: a descriptive English name no article gives (an event's)."""


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
