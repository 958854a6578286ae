"""Curation: API keys, the append-only revision log, and the columns every curated record
carries (``version`` for optimistic concurrency, ``retracted_at`` for retractions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Index
from sqlmodel import Field, SQLModel

SCOPES = ("curator", "admin")
"""``admin`` can do everything ``curator`` can, and manage keys and retract sources."""

ACTIONS = ("create", "update", "retract")


def version_field() -> Any:
    """The record's version: 1 when created, +1 on every change (its ETag says ``v<N>``)."""
    return Field(default=1, sa_column_kwargs={"server_default": "1"})


def retracted_field() -> Any:
    """When a curator retracted the record; null while it is live. Retracted rows stay
    (with their citations and history) but every read hides them."""
    return Field(default=None, sa_type=DateTime(timezone=True))


class ApiKey(SQLModel, table=True):
    """A curator or admin key. Only the SHA-256 of the token is stored."""

    __tablename__ = "api_key"
    __table_args__ = (CheckConstraint("scope IN ('curator', 'admin')", name="scope"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    scope: str = Field(max_length=10)
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Revision(SQLModel, table=True):
    """One change to one record, written in the same transaction as the change.

    Append-only: rows are never updated or deleted (``masdar seed --force`` aside).
    ``before``/``after`` are snapshots of the record (its columns, citations, aliases
    and owned links); ``changed`` names the fields that differ.
    """

    __tablename__ = "revision"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'retract')", name="action"),
        Index("ix_revision_record", "record_type", "record_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=30)
    record_id: str = Field(max_length=200)
    action: str = Field(max_length=10)
    version: int
    """The record's version after this change."""
    actor_key_id: int | None = Field(default=None, foreign_key="api_key.id")
    actor_name: str = Field(max_length=100)
    at: datetime = Field(sa_type=DateTime(timezone=True))
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    changed: list[str] = Field(default_factory=list, sa_type=JSON)
