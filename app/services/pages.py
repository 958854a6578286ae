"""Keyset pagination shared by every list: ``ORDER BY id`` and ``id > :after``.

Also the one place retracted records are hidden: :func:`keyset` (lists) and
:func:`visible` (single-record reads and embeds) add ``retracted_at IS NULL`` unless the
request is a curator's ``?include_retracted=true`` (:data:`SHOW_RETRACTED`).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, select
from sqlmodel import Session

SHOW_RETRACTED: ContextVar[bool] = ContextVar("masdar_show_retracted", default=False)
"""True only while serving a curator who asked ``?include_retracted=true``; set per request
by ``app.api.auth.retraction_scope`` (HTTP) and never by the seeder or the exporter."""


def visible(table: Table) -> list[ColumnElement[bool]]:
    """The WHERE clause that hides retracted rows of ``table`` (none for tables without
    ``retracted_at``, or when :data:`SHOW_RETRACTED` is set)."""
    if "retracted_at" not in table.c or SHOW_RETRACTED.get():
        return []
    return [table.c.retracted_at.is_(None)]


def record(row: Mapping[str, Any] | Any) -> dict[str, Any]:
    """A row as a dict, with ``retracted_at`` as ISO 8601 text (UTC) when present."""
    out = dict(row)
    at = out.get("retracted_at")
    if isinstance(at, datetime):
        out["retracted_at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()
    return out


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_key: str | None
    facets: dict[str, list[dict[str, Any]]] | None = None
    """Value counts over the whole filtered set, when the client asked (``?facets=``)."""


def keyset(
    session: Session,
    table: Table,
    where: list[ColumnElement[bool]],
    *,
    after: str | None,
    limit: int,
    stmt: Select[Any] | None = None,
) -> Page:
    """One page of ``table`` rows as dicts; fetches ``limit + 1`` to know if more exist."""
    stmt = stmt if stmt is not None else select(table)
    where = [*where, *visible(table)]
    if after is not None:
        where = [*where, table.c.id > after]
    rows = [
        record(r)
        for r in session.execute(
            stmt.where(*where).order_by(table.c.id).limit(limit + 1)
        ).mappings()
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1]["id"] if more else None)
