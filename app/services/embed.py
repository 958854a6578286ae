"""Bulk loaders for what every record embeds: one query per kind per page, never per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

T = SQLModel.metadata.tables
Row = dict[str, Any]

CITATION_COLUMNS = ("id", "source_id", "quote", "start", "end", "prefix", "suffix", "field")


def citations(session: Session, rtype: str, ids: Collection[str]) -> dict[str, list[Row]]:
    """Citations of ``rtype`` records, grouped by record id, in article order."""
    out: dict[str, list[Row]] = defaultdict(list)
    if not ids:
        return out
    c = T["citation"].c
    stmt = (
        select(c.record_id, *(c[n] for n in CITATION_COLUMNS))
        .where(c.record_type == rtype, c.record_id.in_(list(ids)))
        .order_by(c.source_id, c.start, c.id)
    )
    for row in session.execute(stmt).mappings():
        out[row["record_id"]].append({n: row[n] for n in CITATION_COLUMNS})
    return out


def aliases(session: Session, rtype: str, ids: Collection[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    if not ids:
        return out
    a = T["alias"].c
    stmt = (
        select(a.record_id, a.text, a.lang, a.kind, a.source_id)
        .where(a.record_type == rtype, a.record_id.in_(list(ids)))
        .order_by(a.id)
    )
    for row in session.execute(stmt).mappings():
        out[row["record_id"]].append(dict(row))
    return out


def by_ids(session: Session, table: str, ids: Collection[str], *cols: str) -> dict[str, Row]:
    """Rows of ``table`` keyed by id (only ``cols`` and id)."""
    if not ids:
        return {}
    t = T[table].c
    stmt = select(t.id, *(t[c] for c in cols)).where(t.id.in_(list(ids)))
    return {r["id"]: dict(r) for r in session.execute(stmt).mappings()}
