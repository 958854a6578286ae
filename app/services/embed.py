"""Bulk loaders for what every record embeds: one query per kind per page, never per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import BindParameter, bindparam, select
from sqlmodel import Session, SQLModel

from app.services.prepared import Prepared

T = SQLModel.metadata.tables
Row = dict[str, Any]

CITATION_COLUMNS = ("id", "source_id", "quote", "start", "end", "prefix", "suffix", "field")

# Built once, with parameters: building a statement per request costs as much as running it.
_C, _A = T["citation"].c, T["alias"].c
_IDS: BindParameter[str] = bindparam("ids", expanding=True)
_CITATIONS = Prepared(
    select(_C.record_id, *(_C[n] for n in CITATION_COLUMNS))
    .where(_C.record_type == bindparam("rtype"), _C.record_id.in_(_IDS))
    .order_by(_C.record_id, _C.source_id, _C.start, _C.id),  # ix_citation_record_order
    expanding="ids",
)
_ALIASES = Prepared(
    select(_A.record_id, _A.text, _A.lang, _A.kind, _A.source_id, _A.kept_because)
    .where(_A.record_type == bindparam("rtype"), _A.record_id.in_(_IDS))
    .order_by(_A.id),
    expanding="ids",
)


def citations(session: Session, rtype: str, ids: Collection[str]) -> dict[str, list[Row]]:
    """Citations of ``rtype`` records, grouped by record id, in article order."""
    return _grouped(session, _CITATIONS, rtype, ids)


def aliases(session: Session, rtype: str, ids: Collection[str]) -> dict[str, list[Row]]:
    return _grouped(session, _ALIASES, rtype, ids)


def _grouped(
    session: Session, stmt: Prepared, rtype: str, ids: Collection[str]
) -> dict[str, list[Row]]:
    """Rows of ``stmt`` for these records, grouped by ``record_id`` (left out of each row)."""
    if not ids:
        return defaultdict(list)
    return stmt.grouped(session, {"rtype": rtype, "ids": list(ids)})


def by_ids(session: Session, table: str, ids: Collection[str], *cols: str) -> dict[str, Row]:
    """Rows of ``table`` keyed by id (only ``cols`` and id)."""
    if not ids:
        return {}
    t = T[table].c
    stmt = select(t.id, *(t[c] for c in cols)).where(t.id.in_(list(ids)))
    return {r["id"]: dict(r) for r in session.execute(stmt).mappings()}
