"""Keyset pagination shared by every list: ``ORDER BY id`` and ``id > :after``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, select
from sqlmodel import Session


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_key: str | None


def keyset(
    session: Session, table: Table, where: list[ColumnElement[bool]], *, after: str | None,
    limit: int, stmt: Select[Any] | None = None,
) -> Page:
    """One page of ``table`` rows as dicts; fetches ``limit + 1`` to know if more exist."""
    stmt = stmt if stmt is not None else select(table)
    if after is not None:
        where = [*where, table.c.id > after]
    rows = [dict(r) for r in session.execute(
        stmt.where(*where).order_by(table.c.id).limit(limit + 1)
    ).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1]["id"] if more else None)
